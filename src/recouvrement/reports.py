"""Portfolio reports: the summary and the one-page report of a ledger, as records.

What the command line prints (``recouvrement report``, ``recouvrement demo``) is built
here, so a notebook or an ERP gets the same figures without the command line:

- `summarize`: a `PortfolioSummary` on a day: how many claims and debtors are on the
  ledger, what is outstanding and overdue (per currency), and the debtors by balance;
- `portfolio_report`: a `PortfolioReport`: the summary, the aging, the KPIs of
  `recouvrement.kpi.specs.KPI_SPECS` over a window, the debtors' segments, the next
  actions and the legal deadlines coming up;
- `urgent_actions`: the most urgent next actions, for a short briefing.

Every record has ``to_dict()`` (JSON-ready: amounts as strings, dates in ISO) and
``to_text(locale=...)`` (plain text in French for ``fr*`` locales, English otherwise).

Two figures must not be confused: the summary's **overdue** balance is the balance of the
open claims past their due date; the KPI **past due receivables** is the ledger's
receivables less the current ones, where overpaid claims count negative. Each is labelled
as such wherever it is shown.

Examples:
    >>> from recouvrement.reports import portfolio_report, summarize
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> summary = summarize(sample.claims, as_of=sample.as_of)
    >>> summary.claims, summary.debtors, summary.outstanding[0].currency
    (200, 40, 'EUR')
    >>> print(summary.headline(locale="en_GB"))  # doctest: +ELLIPSIS
    As of 2026-03-31: 200 claims of 40 debtors, ... open, €... outstanding, €... of it overdue.
    >>> report = portfolio_report(sample.claims, as_of=sample.as_of)
    >>> [k.kpi for k in report.kpis][:3]
    ['sales', 'receivables', 'current_receivables']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ._convert import DateLike, to_date
from ._text import french, headline, number, plural, short, text_table, word
from .claims import Claim
from .errors import InvalidType
from .money import Money, currency_precision, format_money

if TYPE_CHECKING:
    from .decisions import Decision
    from .kpi.aging import AgingBalance
    from .kpi.portfolio import LedgerKpis
    from .kpi.specs import KpiPeriod
    from .policy import EscalationPolicy
    from .prescription import Deadline
    from .profiling import DebtorProfile

__all__ = [
    "DECISION_FIELDS",
    "DebtorLine",
    "KpiFigure",
    "PortfolioReport",
    "PortfolioSummary",
    "action_counts",
    "aging_rows_of",
    "aging_text",
    "amount_text",
    "book_figures",
    "counts_text",
    "deadline_rows",
    "deadlines_text",
    "decision_record",
    "decision_values",
    "is_open",
    "kpi_figures",
    "kpis_text",
    "portfolio_report",
    "reason_cell",
    "segment_rows",
    "segments_text",
    "summarize",
    "urgent_actions",
]

_TWO = Decimal("0.01")


def _num(value: Decimal | int | None, places: Decimal | None = _TWO) -> str | None:
    if value is None:
        return None
    amount = Decimal(value)
    if places is not None:
        amount = amount.quantize(places, ROUND_HALF_UP)
    return format(amount, "f")


def amount_text(value: Money) -> str:
    """An amount as plain text, exactly, with at least the currency's decimal places.

    The same sum reads the same whether it was added up claim by claim (``Decimal`` keeps
    the places of its terms: an empty sum is ``0``) or in a frame column of a fixed scale
    (``0.00``, ``150.000``): trailing zeros beyond the currency's places are dropped,
    missing ones added; no digit is ever rounded away.

    Examples:
        >>> amount_text(Money("0", "EUR")), amount_text(Money("150.000", "EUR"))
        ('0.00', '150.00')
        >>> amount_text(Money("1.005", "EUR")), amount_text(Money("12", "JPY"))
        ('1.005', '12')
    """
    amount = value.amount
    exponent = amount.normalize().as_tuple().exponent
    significant = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    places = max(significant, currency_precision(value.currency))
    return format(amount.quantize(Decimal(1).scaleb(-places)), "f")


def _money_dict(value: Money) -> dict[str, str]:
    return {"amount": format(value.amount, "f"), "currency": value.currency}


def _claims(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    items = tuple(claims)
    for index, claim in enumerate(items):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
    return items


def _titled(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


# -- the summary ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DebtorLine:
    """One debtor's open claims in one currency.

    Attributes:
        debtor_id: The debtor's id.
        debtor: The debtor's name.
        kind: ``individual``, ``professional`` or ``public_body``.
        claims: How many of its claims are open.
        outstanding: Their balance.
        max_days_past_due: The oldest delay among them (0 when none is overdue).
    """

    debtor_id: str
    debtor: str
    kind: str
    claims: int
    outstanding: Money
    max_days_past_due: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the amount as ``{"amount": "…", "currency": "…"}``."""
        return {
            "debtor_id": self.debtor_id,
            "debtor": self.debtor,
            "kind": self.kind,
            "claims": self.claims,
            "outstanding": _money_dict(self.outstanding),
            "max_days_past_due": self.max_days_past_due,
        }


@attrs.frozen(kw_only=True)
class PortfolioSummary:
    """What is on the ledger on a day, and who owes it.

    Attributes:
        as_of: The day.
        claims: Claims on the ledger: issued on or before ``as_of``.
        debtors: Their debtors.
        open_claims: Those not settled on ``as_of`` and still on the ledger (not written off
            nor cancelled by then).
        not_yet_issued: Claims of the input issued after ``as_of``, left out of every count.
        outstanding: The open claims' balance, one amount per currency (sorted by code).
        overdue: The part of ``outstanding`` on claims past their due date, per currency.
        by_debtor: The debtors by balance, largest first (per currency).
    """

    as_of: pendulum.Date
    claims: int
    debtors: int
    open_claims: int
    not_yet_issued: int
    outstanding: tuple[Money, ...]
    overdue: tuple[Money, ...]
    by_debtor: tuple[DebtorLine, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; ``outstanding`` is the single currency's amount, or ``None``."""
        single = self.outstanding[0] if len(self.outstanding) == 1 else None
        return {
            "as_of": self.as_of.isoformat(),
            "claims": self.claims,
            "debtors": self.debtors,
            "open_claims": self.open_claims,
            "not_yet_issued": self.not_yet_issued,
            "outstanding": None if single is None else _money_dict(single),
            "outstanding_by_currency": [_money_dict(m) for m in self.outstanding],
            "overdue_by_currency": [_money_dict(m) for m in self.overdue],
            "by_debtor": [line.to_dict() for line in self.by_debtor],
        }

    def headline(self, *, locale: str = "en_GB") -> str:
        """One sentence: counts, outstanding and overdue, and the claims left out."""
        fr = french(locale)
        nothing = "rien" if fr else "nothing"
        totals = " + ".join(format_money(m, locale=locale) for m in self.outstanding) or nothing
        overdue = " + ".join(format_money(m, locale=locale) for m in self.overdue) or nothing
        claims = plural(self.claims, "claim", locale)
        debtors = plural(self.debtors, "debtor", locale)
        if fr:
            opened = plural(self.open_claims, "open", locale, bare=True)
            text = (
                f"Au {self.as_of.isoformat()} : {claims} de {debtors}, {self.open_claims} "
                f"{opened}, {totals} d'encours, dont {overdue} en retard."
            )
        else:
            text = (
                f"As of {self.as_of.isoformat()}: {claims} of {debtors}, {self.open_claims} "
                f"open, {totals} outstanding, {overdue} of it overdue."
            )
        if self.not_yet_issued:
            later = plural(self.not_yet_issued, "claim", locale)
            text += (
                f"\n({later} émises après cette date ne sont pas comptées.)"
                if fr
                else f"\n({later} issued after that day not counted.)"
            )
        return text

    def to_text(self, *, locale: str = "en_GB", top: int | None = 10) -> str:
        """The headline and the table of debtors (the ``top`` largest; all with ``None``)."""
        fr = french(locale)
        shown = self.by_debtor if top is None else self.by_debtor[:top]
        rows = [
            [
                short(e.debtor, 30),
                e.debtor_id,
                word("party", e.kind, locale),
                e.claims,
                format_money(e.outstanding, locale=locale),
                e.max_days_past_due,
            ]
            for e in shown
        ]
        headers = (
            ["Débiteur", "ID", "Type", "Ouvertes", "Encours", "Retard max (j)"]
            if fr
            else ["Debtor", "ID", "Kind", "Open", "Outstanding", "Max days past due"]
        )
        if all(e.debtor == e.debtor_id for e in shown):  # an export without names
            headers, rows = headers[1:], [row[1:] for row in rows]
        width = len(headers)
        body = text_table(headers, rows, right={width - 3, width - 2, width - 1})
        hidden = len(self.by_debtor) - len(shown)
        if hidden:
            more = plural(hidden, "debtor", locale, bare=True)
            body += (
                f"\n... et {hidden} {more} de plus (--format json les liste tous)"
                if fr
                else f"\n... and {hidden} more {more} (--format json lists all)"
            )
        if fr:
            title = "Encours par débiteur" + ("" if top is None else f" ({top} plus grands)")
        else:
            title = "Outstanding by debtor" + ("" if top is None else f" (largest {top})")
        return self.headline(locale=locale) + "\n\n" + _titled(title, body)


def _debtor_lines(open_claims: Sequence[Claim], as_of: pendulum.Date) -> tuple[DebtorLine, ...]:
    by_debtor: dict[tuple[str, str], dict[str, Any]] = {}
    for claim in open_claims:
        balance = claim.outstanding(as_of=as_of)
        days = claim.days_past_due(as_of=as_of)
        entry = by_debtor.setdefault(
            (claim.debtor.id, claim.currency),
            {
                "debtor_id": claim.debtor.id,
                "debtor": claim.debtor.name,
                "kind": claim.debtor.kind.value,
                "claims": 0,
                "outstanding": Money.zero(claim.currency),
                "max_days_past_due": 0,
            },
        )
        entry["claims"] += 1
        entry["outstanding"] += balance
        entry["max_days_past_due"] = max(entry["max_days_past_due"], days)
    lines = [DebtorLine(**entry) for entry in by_debtor.values()]
    lines.sort(key=lambda e: (e.outstanding.currency, -e.outstanding.amount, e.debtor_id))
    return tuple(lines)


def summarize(claims: Iterable[Claim], *, as_of: DateLike) -> PortfolioSummary:
    """The `PortfolioSummary` of ``claims`` on ``as_of``.

    Claims issued after ``as_of`` do not exist yet on that day: they are counted apart
    (``not_yet_issued``) and nowhere else. A claim written off or cancelled by ``as_of``
    has left the ledger: counted among the claims, not among the open ones nor in the
    amounts (as in the aging).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> summary = summarize([sample_claim()], as_of="2025-06-30")
        >>> print(summary.headline(locale="en_GB"))
        As of 2025-06-30: 1 claim of 1 debtor, 1 open, €1,500.00 outstanding, €1,500.00 of it overdue.
        >>> summarize([sample_claim()], as_of="2024-12-31").not_yet_issued
        1
    """
    from .kpi.aging import exit_ordinal

    day = to_date(as_of, "as_of")
    items = _claims(claims)
    on_ledger = [c for c in items if c.issued_on <= day]
    # Open: not settled, and not written off or cancelled by the day (a claim that left the
    # ledger, as in the aging and the receivables).
    limit = day.toordinal()
    open_claims = [
        c
        for c in on_ledger
        if not c.is_settled(as_of=day) and ((gone := exit_ordinal(c)) is None or gone > limit)
    ]
    outstanding: dict[str, Money] = {}
    overdue: dict[str, Money] = {}
    for claim in open_claims:
        balance = claim.outstanding(as_of=day)
        currency = claim.currency
        outstanding[currency] = outstanding.get(currency, Money.zero(currency)) + balance
        if claim.days_past_due(as_of=day) > 0:
            overdue[currency] = overdue.get(currency, Money.zero(currency)) + balance
    currencies = sorted(outstanding)
    return PortfolioSummary(
        as_of=day,
        claims=len(on_ledger),
        debtors=len({c.debtor.id for c in on_ledger}),
        open_claims=len(open_claims),
        not_yet_issued=len(items) - len(on_ledger),
        outstanding=tuple(outstanding[c] for c in currencies),
        overdue=tuple(overdue.get(c, Money.zero(c)) for c in currencies),
        by_debtor=_debtor_lines(open_claims, day),
    )


# -- KPIs -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class KpiFigure:
    """One KPI of one currency's book over a period.

    Attributes:
        kpi: The KPI's name (`recouvrement.kpi.specs.KpiSpec.name`).
        label_en: Its English label.
        label_fr: Its French label.
        value: An amount, days or percent; ``None`` when undefined.
        unit: ``money``, ``days`` or ``percent``.
        currency: The book's currency.
        start: The first day of the period (``None`` for a point-in-time figure).
        end: The day of the figure (the period's last day).
    """

    kpi: str
    label_en: str
    label_fr: str
    value: Money | Decimal | None
    unit: str
    currency: str
    start: pendulum.Date | None
    end: pendulum.Date

    def label(self, locale: str = "en_GB") -> str:
        """The label in the language of ``locale``."""
        return self.label_fr if french(locale) else self.label_en

    def to_dict(self, *, locale: str = "en_GB") -> dict[str, Any]:
        """JSON-ready: the value rounded half up to 2 decimals (amounts exact), the unit as
        the currency code, ``days`` or ``%``."""
        value = self.value
        shown = amount_text(value) if isinstance(value, Money) else _num(value)
        unit = {"money": self.currency, "percent": "%"}.get(self.unit, self.unit)
        return {
            "kpi": self.kpi,
            "label": self.label(locale),
            "value": shown,
            "unit": unit,
            "currency": self.currency,
            "start": None if self.start is None else self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def value_text(self, locale: str = "en_GB") -> str:
        """The value for people: an amount, ``12,5 jours`` / ``12.50 days``, ``97.1 %``."""
        value = self.value
        if value is None:
            return number(None, locale)
        if isinstance(value, Money):
            return format_money(value, locale=locale)
        if self.unit == "percent":
            return f"{number(value, locale)} %"
        return f"{number(value, locale)} {'j' if french(locale) else 'days'}"


def _books(claims: Sequence[Claim]) -> dict[str, Any]:
    from .kpi.portfolio import Portfolio

    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.currency, []).append(claim)
    return {currency: Portfolio(groups[currency]) for currency in sorted(groups)}


def kpi_figures(claims: Iterable[Claim], *, as_of: DateLike, months: int = 3) -> list[KpiFigure]:
    """Every KPI of `recouvrement.kpi.specs.KPI_SPECS`, per currency, on ``as_of``.

    The flows are over the window of ``months`` months ending on ``as_of``
    (`recouvrement.kpi.portfolio.kpi_window`).

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> figures = kpi_figures(load_sample().claims, as_of="2026-03-31")
        >>> figures[0].to_dict()["label"], figures[0].start
        ('Net sales of the window', Date(2026, 1, 1))
    """
    return book_figures(_books(_claims(claims)), as_of=as_of, months=months)


def book_figures(
    books: Mapping[str, LedgerKpis], *, as_of: DateLike, months: int = 3
) -> list[KpiFigure]:
    """`kpi_figures` of books already built, one per currency, in the order given.

    A book is any `LedgerKpis`: a `Portfolio` of claims, or a
    [`FramePortfolio`][recouvrement.kpi.frames.FramePortfolio] over a claims frame (the
    columnar path of ``recouvrement kpis``); both give the same figures.

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> books = {"EUR": Portfolio(load_sample().claims)}
        >>> book_figures(books, as_of="2026-03-31")[0].kpi
        'sales'
    """
    from .kpi.specs import KPI_SPECS, KpiPeriod

    period = KpiPeriod.window(as_of=as_of, months=months)
    figures: list[KpiFigure] = []
    for currency, book in books.items():
        for spec in KPI_SPECS:
            figures.append(
                KpiFigure(
                    kpi=spec.name,
                    label_en=spec.label_en,
                    label_fr=spec.label_fr,
                    value=spec.compute(book, period),
                    unit=spec.unit,
                    currency=currency,
                    start=None if spec.point_in_time else period.start,
                    end=period.end,
                )
            )
    return figures


def kpis_text(figures: Sequence[KpiFigure], *, locale: str = "en_GB") -> str:
    """The KPIs as a plain-text table."""
    fr = french(locale)
    lines = []
    for f in figures:
        if f.start is None:
            period = f.end.isoformat()
        else:
            period = f"{f.start.isoformat()} {'au' if fr else 'to'} {f.end.isoformat()}"
        lines.append([f.label(locale), f.value_text(locale), period, f.currency])
    headers = ["Indicateur", "Valeur", "Période", "Devise"] if fr else None
    return text_table(headers or ["KPI", "Value", "Period", "Currency"], lines, right={1})


# -- aging, segments, actions, deadlines --------------------------------------------------------


def aging_rows_of(balances: Mapping[str, AgingBalance]) -> list[dict[str, Any]]:
    """Aging balances (by currency) as records: currency, bucket, balance, share (percent)."""
    rows: list[dict[str, Any]] = []
    for currency, balance in balances.items():
        total = balance.total.amount
        entries = [("not due", balance.not_due), *balance.buckets, ("total", balance.total)]
        for label, money in entries:
            share = None if not total else _num(money.amount / total * 100, Decimal("0.1"))
            rows.append(
                {
                    "currency": currency,
                    "bucket": label,
                    "balance": amount_text(money),
                    "share": share,
                }
            )
    return rows


def aging_text(rows: Sequence[Mapping[str, Any]], *, locale: str = "en_GB") -> str:
    """Aging rows (``PortfolioReport.aging_rows``) as a plain-text table."""
    fr = french(locale)
    if not rows:
        return "(aucune créance)" if fr else "(no claim on the ledger)"
    several = len({r["currency"] for r in rows}) > 1
    headers = ["Tranche", "Solde", "Part"] if fr else ["Bucket", "Balance", "Share"]
    return text_table(
        [*headers, *((["Devise"] if fr else ["Currency"]) if several else [])],
        [
            [
                word("bucket", r["bucket"], locale),
                format_money(Money(r["balance"], r["currency"]), locale=locale),
                "" if r["share"] is None else f"{number(Decimal(r['share']), locale, 1)} %",
                *([r["currency"]] if several else []),
            ]
            for r in rows
        ],
        right={1, 2},
    )


def segment_rows(
    profiles: Mapping[str, DebtorProfile], claims: Sequence[Claim], as_of: pendulum.Date
) -> list[dict[str, Any]]:
    """Debtors per segment (largest first) with their share and positive balances."""
    counts = Counter(p.segment.value for p in profiles.values())
    balances: dict[tuple[str, str], Decimal] = {}
    for claim in claims:
        profile = profiles.get(claim.debtor.id)
        if profile is None or claim.issued_on > as_of:
            continue
        balance = claim.outstanding(as_of=as_of).amount
        if balance > 0:
            key = (profile.segment.value, claim.currency)
            balances[key] = balances.get(key, Decimal(0)) + balance
    total = sum(counts.values())
    return [
        {
            "segment": segment,
            "debtors": count,
            "share": _num(Decimal(count) / total * 100, Decimal("0.1")),
            "outstanding": [
                {"amount": format(amount, "f"), "currency": currency}
                for (seg, currency), amount in sorted(balances.items())
                if seg == segment
            ],
        }
        for segment, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def segments_text(rows: Sequence[Mapping[str, Any]], *, locale: str = "en_GB") -> str:
    """Segment rows as a plain-text table."""
    fr = french(locale)
    if not rows:
        return "(aucun débiteur)" if fr else "(no debtor)"
    headers = ["Segment", "Débiteurs", "Part", "Encours"] if fr else None
    return text_table(
        headers or ["Segment", "Debtors", "Share", "Outstanding"],
        [
            [
                word("segment", r["segment"], locale),
                r["debtors"],
                f"{number(Decimal(r['share']), locale, 1)} %",
                " + ".join(
                    format_money(Money(m["amount"], m["currency"]), locale=locale)
                    for m in r["outstanding"]
                ),
            ]
            for r in rows
        ],
        right={1, 2, 3},
    )


def action_counts(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """How many claims need each action (and how many now), from decision records."""
    counts = Counter(r["action"] for r in rows)
    due = Counter(r["action"] for r in rows if r["due_now"])
    return [
        {"action": action, "claims": count, "due_now": due.get(action, 0)}
        for action, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def counts_text(counts: Sequence[Mapping[str, Any]], *, locale: str = "en_GB") -> str:
    """Action counts as a plain-text table."""
    fr = french(locale)
    if not counts:
        return "(aucune)" if fr else "(none)"
    headers = ["Action", "Créances", "À faire maintenant"] if fr else None
    return text_table(
        headers or ["Action", "Claims", "Due now"],
        [[word("action", c["action"], locale), c["claims"], c["due_now"]] for c in counts],
        right={1, 2},
    )


def _lead(reasons: Sequence[Any]) -> tuple[str, str]:
    message = reasons[0].message if reasons else ""
    citation = next((str(r.citation) for r in reasons if r.citation is not None), "")
    return message, citation


DECISION_FIELDS = (
    "claim_id",
    "debtor_id",
    "debtor",
    "currency",
    "outstanding",
    "days_past_due",
    "segment",
    "action",
    "on",
    "due_now",
    "channel",
    "step",
    "tone",
    "deadline",
    "principal",
    "interest",
    "indemnity",
    "penalty",
    "total_due",
    "disputed",
    "policy",
    "reason",
    "citation",
    "reasons",
)
"""The fields of `decision_record`, in order (the CLI's columns)."""


def _amount(value: Money | None) -> str | None:
    return None if value is None else format(value.amount, "f")


def decision_values(decision: Decision, claim: Claim) -> tuple[Any, ...]:
    """The fields of `decision_record` but the last (``reasons``), in `DECISION_FIELDS`
    order: texts, ``None``, the days past due (an int) and ``due_now`` (a bool).

    Examples:
        >>> from recouvrement.decisions import next_action
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> decision_values(next_action(claim, as_of="2025-06-30"), claim)[7]
        'small_claims_procedure'
    """
    # (called once a claim over a whole ledger: the enums' ``_value_`` is their ``value``
    # without the descriptor)
    reason, citation = _lead(decision.reasons)
    amounts = decision.amounts
    as_of = decision.as_of
    segment, channel, tone, deadline = (
        decision.segment,
        decision.channel,
        decision.tone,
        decision.deadline,
    )
    lines: tuple[str | None, ...] = _NO_LINES
    if amounts is not None:
        lines = (
            _amount(amounts.principal),
            _amount(amounts.interest),
            _amount(amounts.indemnity),
            _amount(amounts.penalty),
            _amount(amounts.total),
            _amount(amounts.disputed),
        )
    return (
        decision.claim_id,
        claim.debtor.id,
        claim.debtor.name,
        claim.currency,
        _amount(claim.outstanding(as_of=as_of)),
        claim.days_past_due(as_of=as_of),
        None if segment is None else segment._value_,
        decision.action._value_,
        decision.on.isoformat(),
        decision.due_now,
        None if channel is None else channel._value_,
        decision.step,
        None if tone is None else tone._value_,
        None if deadline is None else deadline.isoformat(),
        *lines,
        decision.policy,
        reason,
        citation,
    )


_NO_LINES: tuple[None, ...] = (None,) * 6


def decision_record(decision: Decision, claim: Claim) -> dict[str, Any]:
    """A decision and its claim as one flat JSON-ready record (the CLI's rows): the
    `DECISION_FIELDS`, the last one (``reasons``) each reason's ``to_dict()``.

    Examples:
        >>> from recouvrement.decisions import next_action
        >>> from recouvrement.sample import sample_claim
        >>> claim = sample_claim()
        >>> decision_record(next_action(claim, as_of="2025-06-30"), claim)["action"]
        'small_claims_procedure'
    """
    record = dict(zip(DECISION_FIELDS, decision_values(decision, claim), strict=False))
    record["reasons"] = [r.to_dict() for r in decision.reasons]
    return record


def is_open(decision: Decision, claim: Claim) -> bool:
    """Whether a claim is on the ledger and not closed on the decision's day."""
    return decision.action.value != "close" and claim.issued_on <= decision.as_of


def urgent_actions(
    decisions: Iterable[Decision], claims: Iterable[Claim], *, limit: int = 5
) -> list[tuple[Decision, Claim]]:
    """The ``limit`` most urgent next actions on open claims, most urgent first.

    Urgent means: due now before later; then the earliest day; then the latest claim (most
    days past due); then the largest balance. Waits and "nothing to do" come last.

    Examples:
        >>> from recouvrement.decisions import next_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> pairs = urgent_actions(next_actions(sample.claims, as_of=sample.as_of), sample.claims)
        >>> len(pairs), pairs[0][0].due_now
        (5, True)
    """
    pairs = [(d, c) for d, c in zip(decisions, claims, strict=True) if is_open(d, c)]

    def urgency(pair: tuple[Decision, Claim]) -> tuple[Any, ...]:
        decision, claim = pair
        idle = decision.action.value in ("none", "wait")
        return (
            idle,
            not decision.due_now,
            decision.on.toordinal(),
            -claim.days_past_due(as_of=decision.as_of),
            -claim.outstanding(as_of=decision.as_of).amount,
            decision.claim_id,
        )

    return sorted(pairs, key=urgency)[:limit]


def _deadline_row(deadline: Deadline, claims: Mapping[str, Claim]) -> dict[str, Any]:
    claim = claims.get(deadline.claim_id)
    return {
        "date": deadline.date.isoformat(),
        "days_left": deadline.days_left,
        "kind": deadline.kind,
        "claim_id": deadline.claim_id,
        "debtor_id": None if claim is None else claim.debtor.id,
        "citation": str(deadline.citation),
        "message": deadline.message,
    }


def reason_cell(reason: str, citation: str, width: int) -> str:
    """A reason shortened to fit ``width``, its citation kept whole."""
    cited = f" [{citation}]" if citation else ""
    return short(reason, max(20, width - len(cited))) + cited


def deadlines_text(
    rows: Sequence[Mapping[str, Any]],
    *,
    as_of: pendulum.Date,
    within: int,
    following: Mapping[str, Any] | None,
    locale: str = "en_GB",
) -> str:
    """Deadline rows as a plain-text table, or the next deadline after the window."""
    fr = french(locale)
    if not rows:
        days = plural(within, "day", locale)
        if fr:
            text = f"Aucune échéance légale dans les {days} suivant le {as_of.isoformat()}."
        else:
            text = f"No legal deadline within {days} of {as_of.isoformat()}."
        if following is not None:
            kind = word("deadline", following["kind"], locale)
            left = plural(following["days_left"], "day", locale)
            text += (
                f"\nLa suivante : {following['date']} ({left}), {kind} de "
                f"{following['claim_id']} [{following['citation']}]."
                if fr
                else f"\nThe next one: {following['date']} ({left}), "
                f"{kind.lower()} of {following['claim_id']} [{following['citation']}]."
            )
        return text
    headers = ["Date", "Jours restants", "Nature", "Créance", "Message [article]"] if fr else None
    return text_table(
        headers or ["Date", "Days left", "Kind", "Claim", "Message [citation]"],
        [
            [
                r["date"],
                r["days_left"],
                word("deadline", r["kind"], locale),
                r["claim_id"],
                reason_cell(r["message"], r["citation"], 90),
            ]
            for r in rows
        ],
        right={1},
    )


def deadline_rows(deadlines: Iterable[Deadline], claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Deadlines as flat JSON-ready records, with each claim's debtor."""
    by_id = {c.id: c for c in claims}
    return [_deadline_row(d, by_id) for d in deadlines]


# -- the report -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PortfolioReport:
    """A ledger on one page: see `portfolio_report`.

    Attributes:
        as_of: The day of the report.
        summary: Counts, outstanding and overdue, debtors by balance.
        aging: The aging balance per currency.
        window: The KPI window.
        kpis: The KPIs of every currency.
        segments: Debtors per segment (empty without profiles).
        decisions: The next action on every claim, in the claims' order.
        claims: The claims.
        deadlines_within: The deadline window, in days.
        deadlines: The legal deadlines within it.
        following: The first deadline after the window, when none falls within it.
    """

    as_of: pendulum.Date
    summary: PortfolioSummary
    aging: Mapping[str, AgingBalance]
    window: KpiPeriod
    kpis: tuple[KpiFigure, ...]
    segments: tuple[Mapping[str, Any], ...]
    decisions: tuple[Decision, ...]
    claims: tuple[Claim, ...]
    deadlines_within: int
    deadlines: tuple[Deadline, ...]
    following: Deadline | None

    def open_pairs(self) -> list[tuple[Decision, Claim]]:
        """The decisions on the open claims, with their claims."""
        return [(d, c) for d, c in zip(self.decisions, self.claims, strict=True) if is_open(d, c)]

    def action_rows(self) -> list[dict[str, Any]]:
        """`decision_record` of every open claim."""
        return [decision_record(d, c) for d, c in self.open_pairs()]

    def aging_rows(self) -> list[dict[str, Any]]:
        """The aging as records: currency, bucket, balance, share (percent)."""
        return aging_rows_of(self.aging)

    def deadline_rows(self) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """The deadlines as records, and the first one after the window (or ``None``)."""
        rows = deadline_rows(self.deadlines, self.claims)
        later = None if self.following is None else deadline_rows([self.following], self.claims)
        return rows, None if later is None else later[0]

    def to_dict(self, *, locale: str = "en_GB") -> dict[str, Any]:
        """The report as a JSON-ready document."""
        deadlines, _ = self.deadline_rows()
        return {
            "as_of": self.as_of.isoformat(),
            "summary": self.summary.to_dict(),
            "aging": self.aging_rows(),
            "kpi_window": {
                "start": self.window.start.isoformat(),
                "end": self.window.end.isoformat(),
                "months": self.window.months,
            },
            "kpis": [k.to_dict(locale=locale) for k in self.kpis],
            "segments": [dict(s) for s in self.segments],
            "actions": action_counts(self.action_rows()),
            "deadlines_within": self.deadlines_within,
            "deadlines": deadlines,
        }

    def to_rows(self, *, locale: str = "en_GB") -> list[dict[str, Any]]:
        """The report as long-format records (section, key, currency, value), for CSV."""
        return _long_rows(self.to_dict(locale=locale))

    def to_text(self, *, locale: str = "en_GB", title: str = "", top: int | None = 10) -> str:
        """The report in plain text (French for ``fr*`` locales, English otherwise)."""
        return "\n".join(self.text_parts(locale=locale, title=title, top=top))

    def text_parts(
        self, *, locale: str = "en_GB", title: str = "", top: int | None = 10
    ) -> list[str]:
        """The report's sections in plain text, one string each."""
        return _report_parts(self, locale=locale, title=title, top=top)

    def brief(self, *, locale: str = "en_GB", limit: int = 5) -> str:
        """A one-screen briefing: the headline, the aging, the ``limit`` most urgent actions."""
        return _brief(self, locale=locale, limit=limit)


def _long_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(section: str, key: str, value: Any, currency: str | None = None) -> None:
        rows.append({"section": section, "key": key, "currency": currency, "value": value})

    summary = document["summary"]
    for key in ("as_of", "claims", "debtors", "open_claims"):
        add("summary", key, summary[key])
    for money in summary["outstanding_by_currency"]:
        add("summary", "outstanding", money["amount"], money["currency"])
    for money in summary["overdue_by_currency"]:
        add("summary", "overdue", money["amount"], money["currency"])
    for entry in summary["by_debtor"]:
        outstanding = entry["outstanding"]
        add("by_debtor", entry["debtor_id"], outstanding["amount"], outstanding["currency"])
    for row in document["aging"]:
        add("aging", row["bucket"], row["balance"], row["currency"])
    for row in document["kpis"]:
        add("kpis", row["kpi"], row["value"], row["currency"])
    for row in document["segments"]:
        add("segments", row["segment"], row["debtors"])
    for row in document["actions"]:
        add("actions", row["action"], row["claims"])
    for row in document["deadlines"]:
        add("deadlines", f"{row['date']} {row['kind']} {row['claim_id']}", row["days_left"])
    return rows


def _aging_note(report: PortfolioReport, locale: str) -> str:
    """Say why the aging total differs from the open balance, when it does."""
    open_balance = {m.currency: m.amount for m in report.summary.outstanding}
    totals = {c: b.total.amount for c, b in report.aging.items()}
    if all(totals.get(c, Decimal(0)) == a for c, a in open_balance.items()):
        return ""
    if french(locale):
        return (
            "\n(La balance âgée déduit les trop-perçus en soldes négatifs et exclut les créances"
            "\npassées en perte ou annulées : son total diffère de l'encours ouvert ci-dessus.)"
        )
    return (
        "\n(The aging nets overpaid claims as negative balances and leaves out written-off"
        "\nand cancelled claims, so its total differs from the open balance above.)"
    )


def _aging_title(locale: str) -> str:
    if french(locale):
        return "Balance âgée (jours de retard)"
    return "Aging of the balance (days past due)"


def _report_parts(
    report: PortfolioReport, *, locale: str, title: str, top: int | None
) -> list[str]:
    fr = french(locale)
    window = report.window
    if fr:
        span = "du trimestre" if window.months == 3 else f"sur {window.months} mois"
        kpi_title = f"Indicateurs {span}, du {window.start.isoformat()} au {window.end.isoformat()}"
    else:
        span = "quarter" if window.months == 3 else f"{window.months} months"
        kpi_title = f"KPIs over the {span} {window.start.isoformat()} to {window.end.isoformat()}"
    parts = [
        title,
        report.summary.to_text(locale=locale, top=top),
        _titled(
            _aging_title(locale),
            aging_text(report.aging_rows(), locale=locale) + _aging_note(report, locale),
        ),
        _titled(kpi_title, kpis_text(report.kpis, locale=locale)),
    ]
    if report.segments:
        heading = "Segments de débiteurs (profils de paiement)" if fr else None
        parts.append(
            _titled(
                heading or "Debtor segments (payment profiles)",
                segments_text(report.segments, locale=locale),
            )
        )
    heading = (
        "Prochaines actions sur les créances ouvertes, par action (détail : `next-actions`)"
        if fr
        else "Next actions on open claims, by action (see `next-actions` for each claim)"
    )
    parts.append(_titled(heading, counts_text(action_counts(report.action_rows()), locale=locale)))
    rows, following = report.deadline_rows()
    days = plural(report.deadlines_within, "day", locale)
    heading = f"Échéances légales dans les {days}" if fr else f"Legal deadlines within {days}"
    body = deadlines_text(
        rows,
        as_of=report.as_of,
        within=report.deadlines_within,
        following=following,
        locale=locale,
    )
    parts.append(_titled(heading, body))
    return parts


def _brief(report: PortfolioReport, *, locale: str, limit: int) -> str:
    fr = french(locale)
    pairs = urgent_actions(report.decisions, report.claims, limit=limit)
    rows = []
    for decision, claim in pairs:
        _, citation = _lead(decision.reasons)
        reason = headline(decision.reasons[0], locale) if decision.reasons else ""
        rows.append(
            [
                decision.claim_id,
                short(claim.debtor.name, 22),
                word("action", decision.action, locale),
                decision.on.isoformat(),
                reason_cell(reason, citation, 60),
            ]
        )
    headers = (
        ["Créance", "Débiteur", "Action", "Le", "Pourquoi [article]"]
        if fr
        else ["Claim", "Debtor", "Action", "On", "Why [citation]"]
    )
    count = len(pairs)
    title = f"Les {count} actions les plus urgentes" if fr else f"The {count} most urgent actions"
    aging = aging_text(report.aging_rows(), locale=locale) + _aging_note(report, locale)
    return "\n".join(
        [
            report.summary.headline(locale=locale) + "\n",
            _titled(_aging_title(locale), aging),
            _titled(title, text_table(headers, rows) if rows else "-"),
        ]
    )


def portfolio_report(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    months: int = 3,
    within: int = 90,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, DebtorProfile] | bool = True,
    decisions: Sequence[Decision] | None = None,
    deadlines: Sequence[Deadline] | None = None,
) -> PortfolioReport:
    """The one-page report of a ledger on ``as_of``.

    Args:
        claims: The claims.
        as_of: The day of the report.
        months: The KPI window, in months ending on ``as_of``.
        within: The legal deadlines from ``as_of`` to ``within`` days after it.
        policy: The escalation policy (default: the default ladder).
        profiles: The debtors' profiles by debtor id; ``True`` to profile them here;
            ``False`` to decide without profiles (and show no segments).
        decisions: The next action of every claim, in order, when already computed.
        deadlines: The deadlines within ``within`` days, when already computed.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> report = portfolio_report(sample.claims, as_of=sample.as_of, profiles=False)
        >>> report.to_dict()["kpi_window"]
        {'start': '2026-01-01', 'end': '2026-03-31', 'months': 3}
        >>> "Balance âgée" in report.to_text(locale="fr_FR")
        True
    """
    from .decisions import next_actions
    from .kpi.aging import aging_by_currency
    from .kpi.specs import KpiPeriod
    from .prescription import upcoming_deadlines
    from .profiling import profile_debtors

    day = to_date(as_of, "as_of")
    items = _claims(claims)
    chosen: Mapping[str, DebtorProfile] | None
    if profiles is True:
        chosen = profile_debtors(items, as_of=day)
    else:
        chosen = None if profiles is False else profiles
    if decisions is None:
        decisions = tuple(next_actions(items, as_of=day, policy=policy, profiles=chosen))
    if deadlines is None:
        deadlines = tuple(upcoming_deadlines(items, as_of=day, within=within))
    following = None
    if not deadlines:
        later = upcoming_deadlines(items, as_of=day, within=max(within, 3660))
        following = later[0] if later else None
    return PortfolioReport(
        as_of=day,
        summary=summarize(items, as_of=day),
        aging=aging_by_currency(items, as_of=day),
        window=KpiPeriod.window(as_of=day, months=months),
        kpis=tuple(kpi_figures(items, as_of=day, months=months)),
        segments=tuple(() if chosen is None else segment_rows(chosen, items, day)),
        decisions=tuple(decisions),
        claims=items,
        deadlines_within=within,
        deadlines=tuple(deadlines),
        following=following,
    )
