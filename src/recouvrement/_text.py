"""Plain-text building blocks shared by `recouvrement.reports` and the command line (internal).

A text table, shortening, locale-aware numbers, amounts and plurals, and the French and
English words for the library's enum values (actions, segments, channels, deadline kinds,
debtor kinds). These are words of a language, not rules of a law: what a jurisdiction
says comes from the jurisdiction's data.

Examples:
    >>> from recouvrement._text import plural, word
    >>> word("action", "small_claims_procedure", "fr_FR")
    'Procédure simplifiée'
    >>> word("action", "small_claims_procedure", "en_GB")
    'Small-claims procedure'
    >>> plural(1, "claim", "fr_FR"), plural(2, "claim", "en_GB")
    ('1 créance', '2 claims')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = ["french", "headline", "number", "plural", "short", "text_table", "word"]

_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    # kind -> value -> (English, French)
    "action": {
        "none": ("Nothing to do", "Rien à faire"),
        "wait": ("Wait", "Attendre"),
        "close": ("Close", "Clore"),
        "reminder": ("Reminder", "Relance"),
        "formal_notice": ("Formal notice", "Mise en demeure"),
        "payment_plan_offer": ("Offer a payment plan", "Proposer un échéancier"),
        "suspend_deliveries": ("Suspend deliveries", "Suspendre les livraisons"),
        "agency_handover": ("Hand over to an agency", "Confier à une agence"),
        "small_claims_procedure": ("Small-claims procedure", "Procédure simplifiée"),
        "payment_order": ("Payment order", "Injonction de payer"),
        "summons": ("Summons", "Assignation"),
        "enforcement": ("Enforcement", "Exécution forcée"),
        "declare_claim": ("Declare the claim", "Déclarer la créance"),
        "request_relief_from_foreclosure": (
            "Request relief from foreclosure",
            "Demander un relevé de forclusion",
        ),
        "resolve_dispute": ("Resolve the dispute", "Traiter la contestation"),
        "interrupt_prescription": ("Interrupt prescription", "Interrompre la prescription"),
        "write_off": ("Write off", "Passer en perte"),
    },
    "segment": {
        "new": ("New", "Nouveau"),
        "punctual": ("Punctual", "Ponctuel"),
        "occasionally_late": ("Occasionally late", "Retard occasionnel"),
        "habitually_late": ("Habitually late", "Retard habituel"),
        "financial_difficulty": ("Financial difficulty", "Difficultés financières"),
        "bad_faith": ("Bad faith", "Mauvaise foi"),
        "insolvent": ("Insolvent", "En procédure collective"),
    },
    "channel": {
        "email": ("E-mail", "E-mail"),
        "sms": ("SMS", "SMS"),
        "phone": ("Phone", "Téléphone"),
        "letter": ("Letter", "Courrier"),
        "registered_letter": ("Registered letter", "Lettre recommandée"),
        "visit": ("Visit", "Visite"),
    },
    "deadline": {
        "prescription": ("Prescription", "Prescription"),
        "claim_declaration": ("Claim declaration", "Déclaration de créance"),
        "relief_from_foreclosure": ("Relief from foreclosure", "Relevé de forclusion"),
    },
    "party": {
        "individual": ("individual", "particulier"),
        "professional": ("professional", "professionnel"),
        "public_body": ("public body", "personne publique"),
    },
    "bucket": {
        "not due": ("not due", "non échu"),
        "total": ("total", "total"),
    },
    "noun": {
        # singular, plural (English) | singular, plural (French), joined with "|"
        "claim": ("claim|claims", "créance|créances"),
        "debtor": ("debtor|debtors", "débiteur|débiteurs"),
        "day": ("day|days", "jour|jours"),
        "row": ("row|rows", "ligne|lignes"),
        "open": ("open|open", "ouverte|ouvertes"),
        "action": ("action|actions", "action|actions"),
    },
}


def french(locale: str) -> bool:
    """Whether ``locale`` is French (``fr``, ``fr_FR``, ``fr_BE``...)."""
    return str(locale).lower().startswith("fr")


def word(kind: str, value: Any, locale: str) -> str:
    """The label of an enum value (or its ``value`` string) in the language of ``locale``.

    An unknown value is shown as is, with its underscores as spaces.
    """
    key = str(getattr(value, "value", value))
    pair = _WORDS.get(kind, {}).get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if french(locale) else pair[0]


def plural(count: int, noun: str, locale: str, *, bare: bool = False) -> str:
    """``count`` and ``noun`` agreed in number (``1 claim``, ``2 claims``, ``0 créance``).

    French takes the singular for 0 and 1; English for 1 only. The count is grouped by
    thousands in the locale's way (``1,930``, ``1 930``). ``bare`` leaves the count out.
    """
    forms = _WORDS["noun"].get(noun)
    if forms is None:
        one, many = noun, noun + "s"
    else:
        one, many = (forms[1] if french(locale) else forms[0]).split("|")
    singular = count in (0, 1) if french(locale) else count == 1
    chosen = one if singular else many
    if bare:
        return chosen
    from babel.numbers import format_decimal

    shown = format_decimal(count, locale="fr_FR" if french(locale) else "en_GB")
    return f"{shown} {chosen}"


def number(value: Decimal | int | None, locale: str, places: int = 2) -> str:
    """A number rounded half up to ``places`` with the locale's decimal sign; ``n/a`` for None."""
    if value is None:
        return "n/a" if not french(locale) else "n.d."
    from babel.numbers import format_decimal

    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(rounded, format=pattern, locale=locale))


def short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, right: Iterable[int] = ()
) -> str:
    """A plain-text table with a rule under the headers; ``right``: right-aligned columns."""
    aligned = set(right)
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(items: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in aligned else c.ljust(w)
            for i, (c, w) in enumerate(zip(items, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


# French headlines of the most frequent reasons, by reason code, from the reason's facts
# (the engines write their messages in English). Unknown codes keep the engine's message.
_HEADLINES_FR: dict[str, str] = {
    "guard.settled": "Soldée : plus rien à payer",
    "guard.not_yet_due": "Pas encore échue",
    "guard.accessories_owed": (
        "Principal réglé en retard : {owed} {currency} d'accessoires encore dus"
    ),
    "ladder.step": "Étape « {step} », due depuis le {due_since}",
    "ladder.wait": "Prochaine étape « {step} » le {on}",
    "guard.insolvency": "Procédure collective ouverte le {opened_on} : poursuites suspendues",
    "guard.over_indebtedness": (
        "Dossier de surendettement recevable depuis le {admissible_on} : exécution suspendue"
    ),
    "title.judgment": "Jugement du {judgment} signifié le {served_on} : titre exécutoire",
    "title.payment_order": (
        "Injonction de payer signifiée le {served_on} sans opposition : à rendre exécutoire"
    ),
    "guard.cost": "Coût de la procédure {cost} > recouvrement attendu {expected_recovery}",
    "route.none.tax": "Créance fiscale : recouvrée par le comptable public",
}


def _fact(value: Any, locale: str) -> str:
    if isinstance(value, Decimal):
        return number(value, locale)
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return str(isoformat())
    return str(getattr(value, "value", value))


def headline(reason: Any, locale: str) -> str:
    """A reason's (or its ``to_dict()``'s) one-line headline in the language of ``locale``.

    English gives the engine's message; French a translation of the frequent reasons,
    filled from the reason's facts (the engine's message when the code or a fact is unknown).

    Examples:
        >>> from recouvrement.explain import Reason
        >>> reason = Reason("guard.settled", "Settled: nothing is left to pay (0.00 EUR)")
        >>> headline(reason, "fr_FR"), headline(reason, "en_GB")
        ('Soldée : plus rien à payer', 'Settled: nothing is left to pay (0.00 EUR)')
    """
    if isinstance(reason, Mapping):  # a reason's to_dict()
        code, message, raw = reason.get("code"), reason.get("message"), reason.get("facts")
    else:
        code, message, raw = reason.code, reason.message, reason.facts
    message = str(message)
    template = _HEADLINES_FR.get(str(code)) if french(locale) else None
    if template is None:
        return message
    facts = {k: _fact(v, locale) for k, v in dict(raw or {}).items()}
    try:
        return template.format(**facts)
    except (KeyError, IndexError, ValueError):
        return message
