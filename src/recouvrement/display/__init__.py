"""Results in notebooks: HTML cards and tables, and Polars frames.

Decisions, debtor profiles, aging balances, KPI trends, prescriptions and amounts due
display as readable HTML in Jupyter (their ``_repr_html_`` calls the renderers here), and
the results that are tables have a ``to_frame()`` giving a Polars ``DataFrame``.

**HTML.** Dependency-free, deterministic (same object, same bytes) and self-contained:
inline styles only, no script, no external stylesheet, no void element. Every value is
escaped with `html.escape`, so a debtor named ``<script>`` shows as text. Amounts are shown
rounded half up to the currency's precision, with thousands separators (``1,500.00 EUR``);
the objects keep the exact values. `Html` marks a fragment as trusted markup and displays
itself, so ``decisions_html(decisions)`` renders as a table in a notebook cell.

**Frames.** Polars is an optional extra (``pip install 'recouvrement[frames]'``), imported
only when a frame is asked for; without it `MissingDependency` says what to install.
Amounts are exact ``Decimal(38, s)`` columns (``s``: the largest number of decimals in the
column, at least the currency's precision) with the currency in its own ``currency``
column; never floats, unless asked with ``floats=True``. A value that would need more than
38 digits at the column's scale (a 28-digit KPI quotient beside a 13-digit integer part)
is rounded half up to fit. Dates are ``Date`` columns, enums their value, reasons lists of
strings.

Examples:
    >>> from recouvrement.display import decisions_to_frame, decision_html
    >>> from recouvrement.decisions import next_action
    >>> from recouvrement.sample import sample_claim
    >>> decision = next_action(sample_claim(), as_of="2025-06-30")
    >>> decision_html(decision).startswith('<div class="recouvrement')
    True
    >>> frame = decisions_to_frame([decision])
    >>> frame.select("claim_id", "action", "currency").row(0)
    ('F-2025-0042', 'small_claims_procedure', 'EUR')
    >>> frame.item(0, "total") == decision.amounts.total.amount
    True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import InvalidType
from ..explain import Reason
from ..money import Money
from ._frames import FRAME_KINDS, _money_scale, to_frame
from ._html import (
    _HUNDRED,
    _ONE,
    _ROOT,
    _ZERO,
    Html,
    _badge,
    _esc,
    _money_text,
    _number,
    _percent,
    _reasons_section,
    _section,
    _share,
    bar,
    card,
    reasons_html,
    table,
)

if TYPE_CHECKING:
    import polars as pl

    from ..decisions import DebtorAction, Decision
    from ..interest import AmountsDue, LateInterest
    from ..kpi.aging import AgingBalance
    from ..kpi.portfolio import MonthlyKpis
    from ..prescription import Prescription
    from ..profiling import DebtorProfile

__all__ = [
    "FRAME_KINDS",
    "Html",
    "aging_html",
    "aging_to_frame",
    "amounts_due_html",
    "bar",
    "card",
    "contributions_to_frame",
    "debtor_action_html",
    "debtor_actions_to_frame",
    "decision_html",
    "decisions_html",
    "decisions_to_frame",
    "kpis_html",
    "late_interest_html",
    "prescription_html",
    "profile_html",
    "profiles_html",
    "profiles_to_frame",
    "reasons_html",
    "table",
    "to_frame",
    "trend_html",
    "trend_to_frame",
]


def _is_a(value: Any, kind: str) -> bool:
    """Whether ``value`` is an instance of a class named ``kind`` (duck typing by name:
    the renderers read objects by their attributes and import no domain module)."""
    return any(cls.__name__ == kind for cls in type(value).__mro__)


def _items_of(value: Any, kind: str, field: str, *, mapping: bool = False) -> list[Any]:
    """``value`` as a list of ``kind`` objects (one, an iterable, or a mapping's values)."""
    if _is_a(value, kind):
        return [value]
    if mapping and isinstance(value, Mapping):
        items = list(value.values())
    elif isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        what = f"{kind}s (a mapping or an iterable)" if mapping else f"an iterable of {kind}"
        raise InvalidType(field, value, what)
    else:
        items = list(value)
    for index, item in enumerate(items):
        if not _is_a(item, kind):
            raise InvalidType(f"{field}[{index}]", item, kind)
    return items


# -- decisions ----------------------------------------------------------------------------


def _amount_lines(amounts: AmountsDue) -> Html:
    rows: list[list[Any]] = [
        ["Principal", amounts.principal],
        ["Interest", amounts.interest],
        ["Fixed indemnity", amounts.indemnity],
        ["Penalty clause", amounts.penalty],
    ]
    if amounts.overpaid.amount:
        rows.append(["Overpaid", amounts.overpaid])
    return table(["Line", "Amount"], rows, numeric=(1,), footer=["Total", amounts.total])


def decision_html(decision: Decision) -> Html:
    """A decision as an HTML card: action, channel, date, step, tone, amounts, reasons.

    Examples:
        >>> from recouvrement.decisions import next_action
        >>> from recouvrement.sample import sample_claim
        >>> decision = next_action(sample_claim(), as_of="2025-06-30")
        >>> page = decision_html(decision)
        >>> "small claims procedure" in page and "Amounts due" in page
        True
        >>> f"{decision.amounts.total.amount:,f} EUR" in page
        True
    """
    d = decision
    when = d.on.isoformat() + (" (due now)" if d.due_now else "")
    fields: list[tuple[str, Any]] = [
        ("Action", _badge(d.action)),
        ("Do on", when),
        ("Channel", d.channel),
        ("Step", d.step),
        ("Tone", d.tone),
        ("Legal deadline", d.deadline),
        ("Segment", d.segment),
        ("Policy", d.policy or None),
        ("As of", d.as_of),
    ]
    sections: list[Html] = []
    if d.amounts is not None:
        sections.append(_section("Amounts due", _amount_lines(d.amounts)))
    sections.extend(_reasons_section(d.reasons))
    return card(f"Claim {d.claim_id}: next action", fields, *sections, kind="decision")


def _first_reason(reasons: Sequence[Reason]) -> str | None:
    return str(reasons[0]) if reasons else None


def decisions_html(decisions: Iterable[Decision]) -> Html:
    """Many decisions as one HTML table (claim, action, date, channel, step, total, reason).

    Examples:
        >>> from recouvrement.decisions import next_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> page = decisions_html(next_actions(sample.claims[:3], as_of=sample.as_of))
        >>> page.count("<tr>")
        4
    """
    rows = [
        [
            d.claim_id,
            _badge(d.action),
            d.on,
            d.channel,
            d.step,
            d.tone,
            None if d.amounts is None else d.amounts.total,
            d.deadline,
            _first_reason(d.reasons),
        ]
        for d in _decisions(decisions)
    ]
    header = ["Claim", "Action", "On", "Channel", "Step", "Tone", "Total due", "Deadline", "Why"]
    return Html(
        f'<div class="recouvrement recouvrement-decisions" style="{_ROOT}">'
        f"{table(header, rows, numeric=(6,))}</div>"
    )


def debtor_action_html(action: DebtorAction) -> Html:
    """A debtor's grouped communication as an HTML card, with every claim's decision.

    Examples:
        >>> from recouvrement.decisions import debtor_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> grouped = debtor_actions(sample.claims, as_of=sample.as_of)
        >>> "Claims covered" in debtor_action_html(grouped[0])
        True
    """
    a = action
    fields: list[tuple[str, Any]] = [
        ("Action", _badge(a.action)),
        ("Do on", a.on),
        ("Channel", a.channel),
        ("Step", a.step),
        ("Tone", a.tone),
        ("Claims covered", ", ".join(a.claim_ids) or None),
        ("Also overdue", ", ".join(a.also_overdue) or None),
        ("Total", a.total),
        ("As of", a.as_of),
    ]
    sections = [*_reasons_section(a.reasons)]
    if a.decisions:
        sections.append(_section("Each claim", decisions_html(a.decisions)))
    return card(f"Debtor {a.debtor_id}: next action", fields, *sections, kind="debtor-action")


# -- amounts and interest (for recouvrement.interest) -------------------------------------


def amounts_due_html(amounts: AmountsDue) -> Html:
    """What is owed on a claim, line by line, with the reasons of each line.

    Examples:
        >>> from recouvrement.interest import amounts_due
        >>> from recouvrement.sample import sample_claim
        >>> "Fixed indemnity" in amounts_due_html(amounts_due(sample_claim(), as_of="2025-06-30"))
        True
    """
    a = amounts
    sections = [_section("Lines", _amount_lines(a))]
    for title, reasons in (
        ("Principal", a.principal_reasons),
        ("Interest", a.interest_reasons),
        ("Fixed indemnity", a.indemnity_reasons),
        ("Penalty clause", a.penalty_reasons),
    ):
        sections.extend(_reasons_section(reasons, title))
    fields = [("Total due", a.total), ("Interest regime", a.detail.regime), ("As of", a.as_of)]
    return card(f"Claim {a.claim_id}: amounts due", fields, *sections, kind="amounts-due")


def late_interest_html(interest: LateInterest) -> Html:
    """Late interest as an HTML card: regime, periods (rate, base, days), totals, reasons.

    Examples:
        >>> from recouvrement.interest import late_interest
        >>> from recouvrement.sample import sample_claim
        >>> "Periods" in late_interest_html(late_interest(sample_claim(), as_of="2025-06-30"))
        True
    """
    li = interest
    fields: list[tuple[str, Any]] = [
        ("Regime", li.regime),
        ("Interest", li.interest),
        ("Fixed indemnity", li.indemnity),
        ("Penalty clause (not in total)", li.penalty),
        ("Total", li.total),
        ("Allocation", li.allocation),
        ("Day count", li.day_count),
        ("As of", li.as_of),
    ]
    rows = [
        [p.start, p.end, p.days, f"{p.rate} %", p.base, p.amount, p.citation] for p in li.periods
    ]
    sections: list[Html] = []
    if rows:
        header = ["From", "To", "Days", "Rate", "Base", "Interest", "Rule"]
        sections.append(_section("Periods", table(header, rows, numeric=(3,))))
    sections.extend(_reasons_section(li.reasons))
    return card(f"Claim {li.claim_id}: late interest", fields, *sections, kind="late-interest")


# -- profiles -----------------------------------------------------------------------------

_KEY_METRICS: tuple[tuple[str, str], ...] = (
    ("history_days", "History (days)"),
    ("claims_issued", "Claims issued in the window"),
    ("claims_paid", "Claims paid"),
    ("on_time_share", "Paid on time"),
    ("average_days_late", "Average days late (paid)"),
    ("average_delay", "Average delay (paid and overdue)"),
    ("delay_trend", "Delay trend (days)"),
    ("claims_overdue", "Claims overdue"),
    ("overdue_amount", "Overdue amount"),
    ("oldest_days_past_due", "Oldest days past due"),
    ("overdue_months", "Overdue, in months of billing"),
    ("promises_broken", "Promises broken"),
    ("disputes_open", "Disputes open"),
    ("ignored_formal_notices", "Formal notices ignored"),
)


def _metric_text(name: str, value: Any) -> Any:
    if name.endswith("_share") and isinstance(value, Decimal):
        return _percent(value, fraction=True)
    return value


def profile_html(profile: DebtorProfile) -> Html:
    """A debtor profile as an HTML card: segment, score, contributions, metrics, reasons.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> page = profile_html(profile_debtors(sample.claims, as_of=sample.as_of)["D0007"])
        >>> "occasionally late" in page and "Score contributions" in page
        True
    """
    p = profile
    m = p.metrics
    score = Html(f"{_esc(p.score)} / 100 {bar(Decimal(p.score) / _HUNDRED)}")
    fields: list[tuple[str, Any]] = [
        ("Segment", _badge(p.segment)),
        ("Risk score", score),
        ("Rule", p.rule),
        ("Window", f"{m.window_start.isoformat()} to {m.as_of.isoformat()}"),
    ]
    sections: list[Html] = []
    if p.contributions:
        rows = [
            [
                c.name,
                c.metric,
                c.value,
                c.weight,
                c.cap,
                c.points,
                bar(c.points / _HUNDRED, width=80),
            ]
            for c in p.contributions
        ]
        total = sum((c.points for c in p.contributions), _ZERO)
        header = ["Term", "Metric", "Value", "Weight", "Cap", "Points", ""]
        footer = ["Sum", "", "", "", "", total, ""]
        sections.append(
            _section("Score contributions", table(header, rows, numeric=(2,), footer=footer))
        )
    key = [[label, _metric_text(name, getattr(m, name))] for name, label in _KEY_METRICS]
    sections.append(_section("Key metrics", table(["Metric", "Value"], key, numeric=(1,))))
    sections.extend(_reasons_section(p.reasons))
    every = [[name, _metric_text(name, value)] for name, value in _metric_items(p)]
    sections.append(
        Html(
            f'<details style="margin-top:6px"><summary>All metrics</summary>'
            f"{table(['Metric', 'Value'], every, numeric=(1,))}</details>"
        )
    )
    return card(f"Debtor {p.debtor_id}: profile", fields, *sections, kind="profile")


def _metric_items(profile: DebtorProfile) -> list[tuple[str, Any]]:
    import attrs

    metrics = profile.metrics
    return [(f.name, getattr(metrics, f.name)) for f in attrs.fields(type(metrics))]


def _profiles(profiles: Any) -> list[DebtorProfile]:
    return _items_of(profiles, "DebtorProfile", "profiles", mapping=True)


def profiles_html(profiles: Mapping[str, DebtorProfile] | Iterable[DebtorProfile]) -> Html:
    """Many profiles as one HTML table: segment, score (with a bar), key figures.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profiles_html(profile_debtors(sample.claims, as_of=sample.as_of)).count("<tr>")
        41
    """
    rows = [
        [
            p.debtor_id,
            _badge(p.segment),
            p.score,
            bar(Decimal(p.score) / _HUNDRED, width=80),
            p.metrics.claims_issued,
            _percent(p.metrics.on_time_share, fraction=True),
            _number(p.metrics.average_delay),
            p.metrics.overdue_amount,
        ]
        for p in _profiles(profiles)
    ]
    header = ["Debtor", "Segment", "Score", "", "Claims", "On time", "Avg delay", "Overdue"]
    return Html(
        f'<div class="recouvrement recouvrement-profiles" style="{_ROOT}">'
        f"{table(header, rows, numeric=(5, 6))}</div>"
    )


# -- aging and KPIs -----------------------------------------------------------------------


def _aging_rows(balance: AgingBalance) -> list[tuple[str, Money, Decimal | None]]:
    total = balance.total.amount
    rows = [("not due", balance.not_due, _share(balance.not_due.amount, total))]
    rows.extend((label, money, _share(money.amount, total)) for label, money in balance.buckets)
    return rows


def aging_html(balance: AgingBalance | Mapping[str, AgingBalance]) -> Html:
    """An aging balance as an HTML table: each bucket's amount, share and a bar.

    A mapping currency -> balance (what `aging` returns for several currencies) gives one
    table per currency.

    Examples:
        >>> from recouvrement.kpi.aging import aging
        >>> from recouvrement.sample import sample_claim
        >>> page = aging_html(aging([sample_claim()], as_of="2025-06-30"))
        >>> ">90" in page, "100.0 %" in page
        (False, True)
        >>> "&gt;90" in page
        True
    """
    if isinstance(balance, Mapping):
        return Html("".join(aging_html(b) for _, b in sorted(balance.items())))
    b = balance
    rows = []
    for label, money, share in _aging_rows(b):
        name = label if label == "not due" else f"{label} days"
        rows.append([name, money, _percent(share, fraction=True), bar(share)])
    past = _share(b.past_due.amount, b.total.amount)
    body = table(
        ["Bucket", "Amount", "Share", ""],
        rows,
        numeric=(2,),
        footer=[
            "Total",
            b.total,
            _percent(_ONE if b.total.amount > 0 else None, fraction=True),
            "",
        ],
    )
    fields = [
        ("Past due", f"{_money_text(b.past_due)} ({_percent(past, fraction=True)})"),
        ("Buckets", "days past due, upper bounds included"),
    ]
    title = f"Aging balance on {b.as_of.isoformat()} ({b.currency})"
    return card(title, fields, body, kind="aging")


def _kpi_text(value: Any, unit: str) -> Any:
    if unit == "money":
        return value
    return _percent(value) if unit == "percent" else _number(value)


def kpis_html(kpis: MonthlyKpis) -> Html:
    """One month of a KPI trend as an HTML card.

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> month = Portfolio(load_sample().claims).trend(start="2026-03", end="2026-03")[0]
        >>> "Countback DSO" in kpis_html(month)
        True
    """
    k = kpis
    fields: list[tuple[str, Any]] = [
        (
            spec.title if spec.unit == "money" else f"{spec.title} ({spec.unit})",
            _kpi_text(value, spec.unit),
        )
        for spec, value in k.figures()
    ]
    if not getattr(k, "complete", True):
        fields.append(("History", "too short for the DSO window"))
    return card(f"KPIs of {k.month} (as of {k.as_of.isoformat()})", fields, kind="kpis")


def _short_history_note(items: Sequence[MonthlyKpis]) -> str:
    if all(k.complete for k in items):
        return ""
    return '<div style="opacity:0.75">* too little history for the DSO window</div>'


def trend_html(rows: Iterable[MonthlyKpis]) -> Html:
    """A KPI trend (`Portfolio.trend`) as one HTML table, with a bar of each month's DSO.

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> months = Portfolio(load_sample().claims).trend(start="2026-01", end="2026-03")
        >>> trend_html(months).count("<tr>")
        4
    """
    items = _kpi_rows(rows)
    top = max((k.dso for k in items if k.dso is not None), default=None)
    specs = [spec for spec, _ in items[0].figures()] if items else []
    header = ["Month"]
    numeric = []
    for spec in specs:
        header.append(spec.column)
        if spec.unit != "money":
            numeric.append(len(header) - 1)
        if spec.name == "dso":
            header.append("")
    body = []
    for k in items:
        row: list[Any] = [k.month if k.complete else f"{k.month} *"]
        for spec, value in k.figures():
            row.append(_kpi_text(value, spec.unit))
            if spec.name == "dso":
                row.append(bar(None if value is None or not top else value / top, width=80))
        body.append(row)
    return Html(
        f'<div class="recouvrement recouvrement-trend" style="{_ROOT}">'
        f"{table(header, body, numeric=numeric)}{_short_history_note(items)}</div>"
    )


# -- prescription -------------------------------------------------------------------------


def prescription_html(prescription: Prescription) -> Html:
    """A prescription as an HTML card: deadline, basis, interruptions, suspensions, reasons.

    Examples:
        >>> from recouvrement.prescription import prescription_deadline
        >>> from recouvrement.sample import sample_claim
        >>> page = prescription_html(prescription_deadline(sample_claim(), as_of="2025-06-30"))
        >>> "C. com. L110-4" in page and "days left" in page
        True
    """
    p = prescription
    if p.time_barred:
        status = f"time-barred since {p.deadline.add(days=1).isoformat()}"
    else:
        status = f"{p.days_left} days left"
    fields: list[tuple[str, Any]] = [
        ("Deadline", Html(f"<strong>{_esc(p.deadline)}</strong> ({_esc(status)})")),
        ("Period", p.period),
        ("Basis", p.basis),
        ("Starts on", p.starts_on),
        ("Period running from", p.runs_from),
        ("Clock running", p.running),
        ("Long stop", p.long_stop),
        ("As of", p.as_of),
    ]
    events = [*p.interruptions, *p.suspensions]
    sections: list[Html] = []
    if events:
        rows = [
            [e.effect, e.kind, e.start, e.end, e.ongoing, e.deadline_after, e.citation, e.note]
            for e in events
        ]
        header = ["Effect", "Event", "From", "To", "Ongoing", "Deadline after", "Article", "Note"]
        sections.append(_section("Interruptions and suspensions", table(header, rows)))
    sections.extend(_reasons_section(p.reasons))
    return card(f"Claim {p.claim_id}: prescription", fields, *sections, kind="prescription")


def _decisions(decisions: Any) -> list[Decision]:
    return _items_of(decisions, "Decision", "decisions")


_DECISION_KINDS = {
    "claim_id": "str",
    "as_of": "date",
    "action": "str",
    "on": "date",
    "due_now": "bool",
    "channel": "str",
    "step": "str",
    "tone": "str",
    "deadline": "date",
    "segment": "str",
    "policy": "str",
    "currency": "str",
    "principal": "decimal",
    "interest": "decimal",
    "indemnity": "decimal",
    "penalty": "decimal",
    "total": "decimal",
    "reasons": "list",
    "reason_codes": "list",
}


def decisions_to_frame(decisions: Iterable[Decision], *, floats: bool = False) -> pl.DataFrame:
    """One row per decision: what, when, how, the amounts due and the reasons.

    Columns: ``claim_id``, ``as_of``, ``action``, ``on``, ``due_now``, ``channel``,
    ``step``, ``tone``, ``deadline``, ``segment``, ``policy``, ``currency``, ``principal``,
    ``interest``, ``indemnity``, ``penalty``, ``total`` (exact decimals, null when the
    decision carries no amounts), ``reasons`` (each as ``message [citation]``) and
    ``reason_codes``.

    Examples:
        >>> from recouvrement.decisions import next_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> frame = decisions_to_frame(next_actions(sample.claims, as_of=sample.as_of))
        >>> frame.shape
        (200, 19)
        >>> frame.filter(frame["action"] == "close").height > 0
        True
    """
    items = _decisions(decisions)
    columns: dict[str, list[Any]] = {name: [] for name in _DECISION_KINDS}
    for d in items:
        a = d.amounts
        row: dict[str, Any] = {
            "claim_id": d.claim_id,
            "as_of": d.as_of,
            "action": d.action,
            "on": d.on,
            "due_now": d.due_now,
            "channel": d.channel,
            "step": d.step,
            "tone": d.tone,
            "deadline": d.deadline,
            "segment": d.segment,
            "policy": d.policy,
            "currency": None if a is None else a.total.currency,
            "principal": None if a is None else a.principal.amount,
            "interest": None if a is None else a.interest.amount,
            "indemnity": None if a is None else a.indemnity.amount,
            "penalty": None if a is None else a.penalty.amount,
            "total": None if a is None else a.total.amount,
            "reasons": [str(r) for r in d.reasons],
            "reason_codes": [r.code for r in d.reasons],
        }
        for name, value in row.items():
            columns[name].append(value)
    scale = _money_scale(columns["currency"])
    return to_frame(columns, kinds=_DECISION_KINDS, floats=floats, scale=scale)


_DEBTOR_ACTION_KINDS = {
    "debtor_id": "str",
    "as_of": "date",
    "action": "str",
    "on": "date",
    "channel": "str",
    "step": "str",
    "tone": "str",
    "claim_ids": "list",
    "also_overdue": "list",
    "currency": "str",
    "total": "decimal",
    "reasons": "list",
}


def debtor_actions_to_frame(
    actions: Iterable[DebtorAction], *, floats: bool = False
) -> pl.DataFrame:
    """One row per debtor's grouped communication (`debtor_actions`).

    Columns: ``debtor_id``, ``as_of``, ``action``, ``on``, ``channel``, ``step``, ``tone``,
    ``claim_ids`` and ``also_overdue`` (lists), ``currency``, ``total`` (exact decimal) and
    ``reasons``. Each debtor's claim-by-claim decisions are in ``action.to_frame()``.

    Examples:
        >>> from recouvrement.decisions import debtor_actions
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> debtor_actions_to_frame(debtor_actions(sample.claims, as_of=sample.as_of)).height
        40
    """
    if isinstance(actions, str | bytes | Mapping) or not isinstance(actions, Iterable):
        raise InvalidType("actions", actions, "an iterable of DebtorAction")
    columns: dict[str, list[Any]] = {name: [] for name in _DEBTOR_ACTION_KINDS}
    for index, a in enumerate(actions):
        if not _is_a(a, "DebtorAction"):
            raise InvalidType(f"actions[{index}]", a, "DebtorAction")
        row: dict[str, Any] = {
            "debtor_id": a.debtor_id,
            "as_of": a.as_of,
            "action": a.action,
            "on": a.on,
            "channel": a.channel,
            "step": a.step,
            "tone": a.tone,
            "claim_ids": list(a.claim_ids),
            "also_overdue": list(a.also_overdue),
            "currency": None if a.total is None else a.total.currency,
            "total": None if a.total is None else a.total.amount,
            "reasons": [str(r) for r in a.reasons],
        }
        for name, value in row.items():
            columns[name].append(value)
    scale = _money_scale(columns["currency"])
    return to_frame(columns, kinds=_DEBTOR_ACTION_KINDS, floats=floats, scale=scale)


_AGING_KINDS = {
    "bucket": "str",
    "days_from": "int",
    "days_to": "int",
    "as_of": "date",
    "currency": "str",
    "amount": "decimal",
    "share": "decimal",
}


def aging_to_frame(
    balance: AgingBalance | Mapping[str, AgingBalance], *, floats: bool = False
) -> pl.DataFrame:
    """One row per bucket: ``not_due`` first, then the past-due buckets, youngest first.

    Columns: ``bucket`` (``"not_due"``, ``"1-30"``...), ``days_from`` and ``days_to``
    (days past due, inclusive; null for ``not_due`` and for the open-ended last bucket),
    ``as_of``, ``currency``, ``amount`` (exact) and ``share`` (of the total, 0 to 1, four
    decimals; null when the total is not positive). A mapping currency -> balance gives
    the rows of each currency in turn.

    Examples:
        >>> from recouvrement.kpi.aging import aging
        >>> from recouvrement.sample import sample_claim
        >>> frame = aging_to_frame(aging([sample_claim()], as_of="2025-06-30"))
        >>> frame.select("bucket", "days_from", "days_to", "amount").rows()[-2:]
        [('61-90', 61, 90, Decimal('0.00')), ('>90', 91, None, Decimal('1500.00'))]
    """
    balances: list[AgingBalance]
    if _is_a(balance, "AgingBalance"):
        balances = [balance]  # type: ignore[list-item]
    elif isinstance(balance, Mapping):
        balances = [b for _, b in sorted(balance.items())]
        for b in balances:
            if not _is_a(b, "AgingBalance"):
                raise InvalidType("balance", b, "AgingBalance")
    else:
        raise InvalidType("balance", balance, "AgingBalance or a mapping currency -> AgingBalance")
    columns: dict[str, list[Any]] = {name: [] for name in _AGING_KINDS}
    for b in balances:
        lows = [None, 1, *(bound + 1 for bound in b.bounds)]
        highs = [None, *b.bounds, None]
        for (label, money, share), low, high in zip(_aging_rows(b), lows, highs, strict=True):
            columns["bucket"].append("not_due" if label == "not due" else label)
            columns["days_from"].append(low)
            columns["days_to"].append(high)
            columns["as_of"].append(b.as_of)
            columns["currency"].append(b.currency)
            columns["amount"].append(money.amount)
            columns["share"].append(share)
    scales = {"amount": _money_scale(columns["currency"]), "share": 4}
    return to_frame(columns, kinds=_AGING_KINDS, floats=floats, scale=scales)


def _kpi_rows(rows: Any) -> list[MonthlyKpis]:
    return _items_of(rows, "MonthlyKpis", "rows")


def _trend_specs(items: Sequence[MonthlyKpis]) -> list[Any]:
    """The KPI specs of a trend, read from its months; for no month, from the loaded table.

    Display imports no domain module: an empty trend takes the specs from
    ``recouvrement.kpi.specs`` if it is loaded (it is whenever a `MonthlyKpis` was built),
    so that an empty trend has the same columns as any other.
    """
    if items:
        return [spec for spec, _ in items[0].figures()]
    table = sys.modules.get("recouvrement.kpi.specs")
    return [] if table is None else list(table.trend_specs())


def trend_to_frame(rows: Iterable[MonthlyKpis], *, floats: bool = False) -> pl.DataFrame:
    """One row per month of a KPI trend (`Portfolio.trend`).

    Columns: ``month`` (``"YYYY-MM"``), ``as_of`` (the month's last day), ``currency``,
    ``sales``, ``receivables``, ``current_receivables`` (exact amounts), then the figures as
    exact decimals, null when undefined: ``dso``, ``best_possible_dso``,
    ``average_days_delinquent``, ``dso_countback`` (days), ``cei`` (percent),
    ``weighted_days_to_pay``, ``weighted_days_late`` (days), ``recovery_rate``,
    ``cost_of_recovery`` (percent) (the trend KPIs of `recouvrement.kpi.specs.KPI_SPECS`),
    and ``complete`` (``False``: too little history for the month's DSO window).

    Examples:
        >>> from recouvrement.kpi.portfolio import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> months = Portfolio(load_sample().claims).trend(start="2026-01", end="2026-03")
        >>> frame = trend_to_frame(months)
        >>> frame.shape, frame.get_column("receivables").to_list()[-1]
        ((3, 16), Decimal('121076.78'))
        >>> frame.get_column("dso").to_list()[-1] == months[-1].dso
        True
    """
    items = _kpi_rows(rows)
    specs = _trend_specs(items)
    kinds = {"month": "str", "as_of": "date", "currency": "str"}
    kinds.update((spec.name, "decimal") for spec in specs)
    kinds["complete"] = "bool"
    currencies = [k.sales.currency for k in items]
    columns: dict[str, list[Any]] = {
        "month": [k.month for k in items],
        "as_of": [k.as_of for k in items],
        "currency": currencies,
    }
    money = [spec.name for spec in specs if spec.unit == "money"]
    for spec in specs:
        values = [getattr(k, spec.name) for k in items]
        columns[spec.name] = [v.amount for v in values] if spec.name in money else values
    columns["complete"] = [k.complete for k in items]
    scales = dict.fromkeys(money, _money_scale(currencies))
    return to_frame(columns, kinds=kinds, floats=floats, scale=scales)


# ProfileMetrics field annotations (strings under ``from __future__ import annotations``).
_METRIC_KINDS = {
    "int": "int",
    "bool": "bool",
    "str": "str",
    "pendulum.Date": "date",
    "Money": "decimal",
    "Decimal | None": "decimal",
}


def _metric_fields(items: Sequence[DebtorProfile]) -> tuple[Any, ...]:
    """The attrs fields of the profiles' metrics (read from the objects, not imported)."""
    import attrs

    if not items:
        return ()
    fields: tuple[Any, ...] = attrs.fields(type(items[0].metrics))
    return fields


def profiles_to_frame(
    profiles: Mapping[str, DebtorProfile] | Iterable[DebtorProfile], *, floats: bool = False
) -> pl.DataFrame:
    """One row per debtor: segment, rule, score and every `ProfileMetrics` field, typed.

    Columns: ``debtor_id``, ``as_of``, ``segment``, ``rule``, ``score``, then the metrics
    in their order (``window_start`` a date, ``currency`` a string, counts ``Int64``,
    flags ``Boolean``, shares, averages and the amounts exact decimals in ``currency``).

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> frame = profiles_to_frame(profile_debtors(sample.claims, as_of=sample.as_of))
        >>> frame.height, frame.columns[:5]
        (40, ['debtor_id', 'as_of', 'segment', 'rule', 'score'])
    """
    items = _profiles(profiles)
    kinds = {"debtor_id": "str", "as_of": "date", "segment": "str", "rule": "str", "score": "int"}
    columns: dict[str, list[Any]] = {
        "debtor_id": [p.debtor_id for p in items],
        "as_of": [p.as_of for p in items],
        "segment": [p.segment for p in items],
        "rule": [p.rule for p in items],
        "score": [p.score for p in items],
    }
    money: list[str] = []
    for field in _metric_fields(items):
        if field.name == "as_of":
            continue
        kinds[field.name] = _METRIC_KINDS.get(str(field.type), "decimal")
        if str(field.type) == "Money":
            money.append(field.name)
            columns[field.name] = [getattr(p.metrics, field.name).amount for p in items]
        else:
            columns[field.name] = [getattr(p.metrics, field.name) for p in items]
    scales = dict.fromkeys(money, _money_scale(columns["currency"]))
    return to_frame(columns, kinds=kinds, floats=floats, scale=scales)


_CONTRIBUTION_KINDS = {
    "debtor_id": "str",
    "name": "str",
    "metric": "str",
    "value": "str",
    "weight": "decimal",
    "cap": "decimal",
    "points": "decimal",
    "explanation": "str",
}


def contributions_to_frame(profile: DebtorProfile, *, floats: bool = False) -> pl.DataFrame:
    """One row per term of a debtor's score (those worth points).

    Columns: ``debtor_id``, ``name``, ``metric``, ``value`` (the metric's value as exact
    text: it may be a decimal, a count or a flag), ``weight``, ``cap``, ``points`` (exact
    decimals) and ``explanation``.

    Examples:
        >>> from recouvrement.profiling import profile_debtors
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> profile = profile_debtors(sample.claims, as_of=sample.as_of)["D0008"]
        >>> contributions_to_frame(profile).select("name", "value", "points").row(0)
        ('delay', '53.0', Decimal('26.5000'))
    """
    (p,) = _profiles(profile)
    rows = p.contributions
    columns: dict[str, list[Any]] = {
        "debtor_id": [p.debtor_id] * len(rows),
        "name": [c.name for c in rows],
        "metric": [c.metric for c in rows],
        "value": [None if c.value is None else str(c.value) for c in rows],
        "weight": [c.weight for c in rows],
        "cap": [c.cap for c in rows],
        "points": [c.points for c in rows],
        "explanation": [c.explanation for c in rows],
    }
    return to_frame(columns, kinds=_CONTRIBUTION_KINDS, floats=floats)
