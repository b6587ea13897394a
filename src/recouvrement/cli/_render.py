"""Output of the command line (internal): the text for people (in the language of
``--locale``), JSON or CSV records; ``--output FILE`` is written atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._text import french, headline, number, plural, short, text_table, word
from ..reports import DECISION_FIELDS
from ._context import _DataError, _Output, _Run

if TYPE_CHECKING:
    from ..claims import Claim
    from ..decisions import Decision
    from ..notices import Notice
    from ..reports import PortfolioReport

__all__ = ["_emit", "decisions_text"]

PROFILE_COLUMNS = (
    "debtor_id",
    "debtor",
    "segment",
    "score",
    "rule",
    "claims_issued",
    "open_claims",
    "claims_overdue",
    "currency",
    "overdue_amount",
    "oldest_days_past_due",
    "on_time_share",
    "average_days_late",
    "average_delay",
    "promises_broken",
    "disputes_open",
    "reminders",
    "formal_notices",
    "insolvency_open",
    "reason",
    "reasons",
)

DECISION_COLUMNS = DECISION_FIELDS
"""The columns of ``next-actions`` (`reports.decision_record`'s fields)."""


@contextlib.contextmanager
def _target(run: _Run, out: TextIO) -> Iterator[TextIO]:
    """Standard output, or ``--output FILE``.

    A regular file is written atomically (a temporary file beside it, renamed over it once
    complete, with the usual permissions), so a failed run never leaves half a file; a
    device or a pipe (``/dev/null``, a FIFO) is written in place; ``-`` is standard output.
    """
    name: str | None = run.args.output
    if name is None or name == "-":
        yield out
        return
    path = Path(name)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise _DataError(f"--output: {name!r} is a directory")
        with open(path, "w", encoding="utf-8", newline="") as file:
            yield file
        return
    folder = path.parent
    if not folder.is_dir():
        raise _DataError(f"--output: no such directory: {str(folder)!r}")
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as file:
            yield file
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _counts_line(counts: Mapping[str, Any]) -> str:
    return "# counts: " + " ".join(f"{k}={v}" for k, v in counts.items()) + "\n"


def _safe_text(text: str) -> str:
    """Control and bidi characters of names made visible, line by line (`neutralise_text`)."""
    from ..io.review import neutralise_text

    return "\n".join(neutralise_text(line) for line in text.split("\n"))


def _emit(run: _Run, output: _Output, out: TextIO) -> None:
    """Write ``output`` as ``--format`` says (a table for people, JSON, or CSV).

    When a claims file was read, its counts go with every format: a ``counts`` member in
    JSON, a last line ``# counts: rows=... loaded=...`` in CSV and in the table. A text the
    output's encoding cannot write (standard output in Latin-1, say) is a `_DataError`
    naming it and the way out, but for the narrow space of French amounts in a table or a
    letter (`_for_people`).
    """
    try:
        with _target(run, out) as target:
            _write(run, output, target)
    except UnicodeEncodeError as exc:  # a text the output's encoding has no byte for
        text = exc.object[exc.start : exc.end]
        points = " ".join(f"U+{ord(c):04X}" for c in text)
        raise _DataError(
            f"the output is in {exc.encoding}, which cannot write {text} ({points}): write "
            "it to a file with --output FILE (UTF-8), or set PYTHONIOENCODING=utf-8"
        ) from None


def _write(run: _Run, output: _Output, target: TextIO) -> None:
    """`_emit` once ``target`` is open."""
    from ..io.export import write_rows_csv

    fmt: str = getattr(run.args, "format", "table")
    counts = run.counts
    if output.write is not None:
        output.write(target)
    elif fmt == "json":
        document = dict(output.document)
        if counts is not None:
            document["counts"] = counts
        json.dump(document, target, ensure_ascii=False, indent=2)
        target.write("\n")
    elif fmt == "csv":
        write_rows_csv(output.rows, target, columns=output.columns)
        if counts is not None:
            target.write(_counts_line(counts))
    else:
        text = output.text()
        _for_people(target, text if getattr(run.args, "html", False) else _safe_text(text))
        if counts is not None and run.args.command != "notice":  # a letter: nothing added
            target.write(("" if text.endswith("\n") else "\n") + _counts_line(counts))


_NARROW_SPACE = "\u202f"
"""The narrow no-break space babel puts in French amounts (``12\u202f345,67\u00a0€``)."""


def _for_people(target: TextIO, text: str) -> None:
    """Write a table or a letter, whose amounts babel spaces with the narrow no-break space
    (U+202F): an output whose encoding has no byte for it (cp1252, where Windows writes a
    redirected output; Latin-1) gets the no-break space instead (U+00A0, the French
    thousands separator before CLDR 34), and so the same figures. Any other character it
    cannot write still stops the run (`_emit`); CSV and JSON are never changed."""
    try:
        target.write(text)
    except UnicodeEncodeError:
        if _NARROW_SPACE not in text:
            raise
        target.write(text.replace(_NARROW_SPACE, "\u00a0"))


# -- text for people ---------------------------------------------------------------------------


def _titled(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


def _first(row: Mapping[str, Any], locale: str) -> str:
    """The first reason of a decision record, as a headline in the locale's language."""
    reasons = row.get("reasons") or []
    return headline(reasons[0], locale) if reasons else str(row["reason"])


def decisions_text(rows: Sequence[Mapping[str, Any]], locale: str, *, width: int = 72) -> str:
    """Decision records as a table: claim, debtor, action, channel, day, step, first reason."""
    from ..reports import reason_cell

    fr = french(locale)
    if not rows:
        return "(aucune créance ouverte)" if fr else "(no open claim)"
    headers = (
        ["Créance", "Débiteur", "Action", "Canal", "Le", "Étape", "Premier motif [article]"]
        if fr
        else ["Claim", "Debtor", "Action", "Channel", "On", "Step", "First reason [citation]"]
    )
    return text_table(
        headers,
        [
            [
                r["claim_id"],
                short(r["debtor"], 22),
                word("action", r["action"], locale),
                "" if r["channel"] is None else word("channel", r["channel"], locale),
                r["on"],
                r["step"],
                reason_cell(_first(r, locale), r["citation"], width),
            ]
            for r in rows
        ],
    )


def _next_steps(locale: str) -> str:
    if french(locale):
        return (
            "Ensuite : `recouvrement demo --full` pour le rapport complet, puis sur un grand livre\n"
            "  recouvrement sample -o claims.csv\n"
            "  recouvrement report claims.csv --as-of 2026-03-31\n"
            "(`recouvrement --help` liste toutes les commandes).\n"
        )
    return (
        "Next: `recouvrement demo --full` for the whole report, then on a ledger\n"
        "  recouvrement sample -o claims.csv\n"
        "  recouvrement report claims.csv --as-of 2026-03-31\n"
        "(`recouvrement --help` lists every command).\n"
    )


def _when_fr(when: str) -> str:
    """The French of the demo notice's ``when`` (``due now`` or ``due on DATE ...``)."""
    if when == "due now":
        return "due maintenant"
    day = when.split()[2] if when.startswith("due on ") else ""
    return f"due le {day} si la créance reste impayée : la première à venir" if day else when


def _demo_full_text(
    run: _Run, report: PortfolioReport, found: tuple[Notice, Decision, str] | None
) -> str:
    from .. import __version__

    locale = run.locale
    fr = french(locale)
    sample = "démo sur le portefeuille d'exemple" if fr else "demo on the embedded sample portfolio"
    title = (
        f"recouvrement {__version__} : {sample}\n"
        if fr
        else f"recouvrement {__version__}: {sample}\n"
    )
    parts = report.text_parts(locale=locale, title=title, top=10)
    rows = report.action_rows()
    count = len(rows)
    claims = plural(count, "claim", locale, bare=True)
    # Not "open": a claim whose principal was paid late stays to act on for the interest
    # and indemnity still owed, though it has no balance left (the headline's "open").
    heading = (
        f"Prochaine action pour chacune des {count} {claims} non clôturée{'s' if count > 1 else ''} "
        "(solde ou accessoires restant dus)"
        if french(locale)
        else f"Next action for each of the {count} {claims} not closed "
        "(a balance or accessories still owed)"
    )
    parts.insert(-1, _titled(heading, decisions_text(rows, locale)))
    explained: list[str] = []
    seen: set[str] = {"none"}
    for decision, _ in report.open_pairs():
        if decision.action.value not in seen:
            seen.add(decision.action.value)
            explained.append(decision.explain())
    why = (
        "Pourquoi : les motifs complets d'une créance par action"
        if fr
        else "Why: the full reasons of one claim per action"
    )
    parts.insert(-1, _titled(why, "\n\n".join(explained)))
    if found is None:
        parts.append(
            "Aucune mise en demeure n'est due ni à venir sur les créances ouvertes.\n"
            if fr
            else "No formal notice is due or coming on the open claims.\n"
        )
    else:
        notice, decision, when = found
        heading = (
            f"Une mise en demeure ({decision.claim_id}, {_when_fr(when)}), telle que le "
            "débiteur la reçoit"
            if fr
            else f"A formal notice ({decision.claim_id}, {when}), as the debtor receives it"
        )
        parts.append(_titled(heading, _letter_text(notice, locale)))
    parts.append(_next_steps(locale))
    return "\n".join(parts)


def _trend_text(run: _Run, trend: Sequence[Mapping[str, Any]], source: str, as_of: Any) -> str:
    from ..kpi.specs import trend_specs
    from ..money import Money

    locale = run.locale
    specs = [s for s in trend_specs() if s.name not in ("current_receivables",)]
    headers = ["Mois" if french(locale) else "Month", "Cur.", *(s.column for s in specs)]
    body = []
    for r in trend:
        cells: list[Any] = [r["month"] + ("" if r["complete"] else " *"), r["currency"]]
        for s in specs:
            value = r[s.name]
            if value is None:
                cells.append("")
            elif s.unit == "money":
                cells.append(run.money(Money(value, r["currency"])))
            else:
                cells.append(number(Decimal(value), locale))
        body.append(cells)
    table = text_table(headers, body, right=set(range(2, len(headers))))
    months: int = run.args.window_months
    if french(locale):
        head = (
            f"Indicateurs mensuels de {source}, {run.args.trend} mois jusqu'au {as_of.isoformat()} "
            f"(DSO sur {months} mois finissant avec chaque mois ; CEI et délais sur le mois)"
        )
        note = "* historique trop court pour la fenêtre du DSO, ou mois non terminé à --as-of"
    else:
        head = (
            f"Monthly KPIs of {source}, {run.args.trend} months to {as_of.isoformat()} "
            f"(DSO over {months} month(s) ending with each month; CEI and days to pay over "
            "the month)"
        )
        note = "* too little history for the DSO window, or the month not over on --as-of"
    marked = any(not r["complete"] for r in trend)
    return head + "\n" + table + "\n" + (note + "\n" if marked else "")


def _profiles_text(
    run: _Run, rows: Sequence[Mapping[str, Any]], segments: Any, source: str, as_of: Any
) -> str:
    from ..money import Money
    from ..reports import segments_text

    locale = run.locale
    fr = french(locale)
    headers = (
        ["Débiteur", "ID", "Segment", "Score", "Ouvertes", "Échu", "Retard max (j)", "Pourquoi"]
        if fr
        else ["Debtor", "ID", "Segment", "Score", "Open", "Overdue", "Oldest dpd", "Why"]
    )
    named = any(r["debtor"] != r["debtor_id"] for r in rows)
    table = text_table(
        headers if named else headers[1:],
        [
            [
                *([short(r["debtor"], 24)] if named else []),
                r["debtor_id"],
                word("segment", r["segment"], locale),
                r["score"],
                r["open_claims"],
                run.money(Money(r["overdue_amount"], r["currency"])),
                r["oldest_days_past_due"],
                short(r["reason"], 70),
            ]
            for r in rows
        ],
        right={3, 4, 5, 6} if named else {2, 3, 4, 5},
    )
    debtors = plural(len(rows), "debtor", locale)
    if fr:
        head = (
            f"Profils de paiement de {debtors} de {source} au {as_of.isoformat()} "
            "(score 0-100, plus haut = plus risqué)"
        )
        tail = "`recouvrement profiles FICHIER --as-of DATE --debtor ID` explique un débiteur.\n"
    else:
        head = (
            f"Payment profiles of {debtors} of {source} as of {as_of.isoformat()} "
            "(score 0-100, higher is riskier)"
        )
        tail = "`recouvrement profiles FILE --as-of DATE --debtor ID` explains one debtor.\n"
    return (
        f"{head}\n{table}\n\n"
        + _titled("Segments", segments_text(segments, locale=locale))
        + "\n"
        + tail
    )


_SUBJECT = {"fr": "Objet :", "de": "Betreff:", "nl": "Onderwerp:"}


def _letter_text(letter: Notice, locale: str) -> str:
    """The letter with a subject line in the letter's own language (``locale`` if unknown)."""
    language = (letter.locale or locale).split("_")[0]
    subject = _SUBJECT.get(language, "Subject:")
    return f"{subject} {letter.subject}\n\n{letter.text.rstrip()}\n"


def _timeline_text(run: _Run, claim: Claim, rows: Sequence[Mapping[str, Any]], head: str) -> str:
    from ..money import Money
    from ..reports import reason_cell

    locale = run.locale
    if not rows:
        return head + (
            "Rien à faire sur cette période.\n"
            if french(locale)
            else "Nothing to do in that period.\n"
        )
    headers = (
        ["Le", "Action", "Canal", "Étape", "Total dû", "Premier motif [article]"]
        if french(locale)
        else ["On", "Action", "Channel", "Step", "Total due", "First reason [citation]"]
    )
    table = text_table(
        headers,
        [
            [
                r["on"],
                word("action", r["action"], locale),
                "" if r["channel"] is None else word("channel", r["channel"], locale),
                r["step"],
                "" if r["total_due"] is None else run.money(Money(r["total_due"], r["currency"])),
                reason_cell(_first(r, locale), r["citation"], 80),
            ]
            for r in rows
        ],
        right={4},
    )
    return head + table + "\n"
