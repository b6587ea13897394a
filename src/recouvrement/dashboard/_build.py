"""Build the dashboard: figures from `recouvrement.kpi`, charts from `_charts`, HTML from `_html`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._convert import DateLike, to_date
from .._text import french, word
from ..claims import Claim
from ..decisions import next_actions
from ..decisions.records import first_missing_rate
from ..errors import InvalidValue
from ..kpi.aging import exit_ordinal
from ..kpi.portfolio import Portfolio
from ..kpi.specs import KpiPeriod, KpiSpec, KpiValue, kpi_spec
from ..money import Money
from ..reports import portfolio_report

if TYPE_CHECKING:
    from ..credit import CreditPolicy
    from ..policy import EscalationPolicy

__all__ = ["HEADLINE_KPIS", "Dashboard", "Headline", "dashboard"]

HEADLINE_KPIS = (
    "receivables",
    "past_due_receivables",
    "dso_countback",
    "cei",
    "recovery_rate",
    "cost_of_recovery",
)
"""The headline figures of the dashboard, names of `recouvrement.kpi.specs.KPI_SPECS`."""


def _plain(value: KpiValue) -> Decimal | None:
    if isinstance(value, Money):
        return value.amount
    return value


@attrs.frozen(kw_only=True)
class Headline:
    """One headline figure: its KPI spec, its value as of the day and a month before.

    Attributes:
        spec: The `recouvrement.kpi.specs.KpiSpec` (label, unit, convention).
        value: The figure as of the dashboard's day (``None``: undefined).
        previous: The figure as of the same day of the previous month.
    """

    spec: KpiSpec
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """``value - previous``, or ``None`` when either is undefined."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@attrs.frozen(kw_only=True)
class Dashboard:
    """A computed dashboard; `to_html` renders it, `save` writes it.

    Attributes:
        as_of: The day of the dashboard.
        locale: ``fr_FR`` (French) or any other (English).
        currency: The currency of the amounts.
        headlines: The headline figures, in the order of `HEADLINE_KPIS`.
        charts: ``(key, title, svg)`` of each chart, in page order.
        top_debtors: ``(debtor, overdue amount)``, largest first: by debtor id, named by
            the debtor's name (with the id when two debtors share a name), over the claims
            on the ledger (one written off or cancelled on or before the day has left it).
        alerts: ``to_dict()`` of each alert: the computed ones (`Alert`), then those given.
        worklist: ``to_dict()`` of each item of the day's worklist.
        deadlines: The legal deadlines (prescription...) within ``within`` days.
        actions: How many claims need each next action (and how many now).
        segments: The debtors per segment (`recouvrement.profiling`).
        missing_rate: ``"<claim>, table <name>"``: the first claim whose amounts could not
            be computed for want of a published rate (its next action then uses the
            principal only; give ``rates``), or ``None``.
    """

    as_of: pendulum.Date
    locale: str
    currency: str
    headlines: tuple[Headline, ...]
    charts: tuple[tuple[str, str, str], ...]
    top_debtors: tuple[tuple[str, Decimal], ...]
    alerts: tuple[dict[str, Any], ...] = ()
    worklist: tuple[dict[str, Any], ...] = ()
    deadlines: tuple[dict[str, Any], ...] = ()
    actions: tuple[dict[str, Any], ...] = ()
    segments: tuple[dict[str, Any], ...] = ()
    missing_rate: str | None = None

    @property
    def figures(self) -> dict[str, Decimal | None]:
        """The headline figures by KPI name, exact (amounts as Decimals)."""
        return {h.spec.name: h.value for h in self.headlines}

    def to_html(self) -> str:
        """The whole dashboard as one self-contained HTML page (no script, no network)."""
        from ._html import render

        return render(self)

    def save(self, path: str | Path) -> Path:
        """Write `to_html` to ``path`` (UTF-8) and return the path."""
        target = Path(path)
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def _repr_html_(self) -> str:
        return self.to_html()


def _previous_day(day: pendulum.Date) -> pendulum.Date:
    """The same day a month before; the last day of the previous month for a month-end."""
    if day == day.end_of("month"):
        return day.subtract(months=1).end_of("month")
    return day.subtract(months=1)


def _headlines(book: Portfolio, day: pendulum.Date) -> tuple[Headline, ...]:
    now = KpiPeriod.window(as_of=day, months=1)
    before = KpiPeriod.window(as_of=_previous_day(day), months=1)
    return tuple(
        Headline(
            spec=(spec := kpi_spec(name)),
            value=_plain(spec.compute(book, now)),
            previous=_plain(spec.compute(book, before)),
        )
        for name in HEADLINE_KPIS
    )


def _top_debtors(
    claims: Iterable[Claim], day: pendulum.Date, count: int
) -> tuple[tuple[str, Decimal], ...]:
    # By debtor id (two debtors may share a name), over the claims on the ledger: a claim
    # written off or cancelled on or before the day has left it (as in the aging).
    totals: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    limit = day.toordinal()
    for claim in claims:
        if claim.due_on < day:
            gone = exit_ordinal(claim)
            if gone is not None and gone <= limit:
                continue
            amount = claim.outstanding(as_of=day).amount
            if amount > 0:
                key = claim.debtor.id
                totals[key] = totals.get(key, Decimal(0)) + amount
                names[key] = claim.debtor.name
    shared = Counter(names.values())
    labelled = [
        (names[key] if shared[names[key]] == 1 else f"{names[key]} ({key})", amount)
        for key, amount in totals.items()
    ]
    ranked = sorted(labelled, key=lambda item: (-item[1], item[0]))
    return tuple(ranked[:count])


def _last_full_month(day: pendulum.Date) -> pendulum.Date:
    if day == day.end_of("month"):
        return day
    return day.subtract(months=1).end_of("month")


def _charts(
    book: Portfolio,
    day: pendulum.Date,
    months: int,
    top: tuple[tuple[str, Decimal], ...],
    locale: str,
) -> tuple[tuple[str, str, str], ...]:
    from ._charts import plot_aging, plot_bars, plot_trend, svg_text

    fr = french(locale)
    last = _last_full_month(day)
    first = last.subtract(months=months - 1)
    trend = book.trend(
        start=f"{first.year:04d}-{first.month:02d}", end=f"{last.year:04d}-{last.month:02d}"
    )
    aging = book.aging(as_of=day)
    titles = _CHART_TITLES[1 if fr else 0]
    sales = plot_trend(trend, fields=("sales", "receivables"), locale=locale)
    charts = [
        ("aging", titles[0], svg_text(plot_aging(aging, title="", locale=locale))),
        ("trend", titles[1], svg_text(plot_trend(trend, locale=locale))),
        ("sales", titles[2], svg_text(sales)),
    ]
    if top:
        names = [name[:28] for name, _ in top]
        overdue = f"{'Échu' if fr else 'Overdue'} ({book.currency})"
        figure = plot_bars(
            names,
            [float(a) for _, a in top],
            horizontal=True,
            value_label=overdue,
            locale=locale,
        )
        charts.append(("debtors", titles[3], svg_text(figure)))
    return tuple(charts)


_CHART_TITLES = (
    (
        "Aging",
        "DSO (countback) and CEI by month",
        "Sales and receivables by month",
        "Top debtors by overdue",
        "Debtors by segment",
    ),
    (
        "Balance âgée",
        "DSO (countback) et CEI par mois",
        "Ventes et encours par mois",
        "Principaux débiteurs en retard",
        "Débiteurs par segment",
    ),
)


def _segment_chart(
    segments: tuple[dict[str, Any], ...], locale: str
) -> tuple[tuple[str, str, str], ...]:
    from ._charts import plot_bars, svg_text

    if not segments:
        return ()
    fr = french(locale)
    title = _CHART_TITLES[1 if fr else 0][4]
    names = [word("segment", row["segment"], locale) for row in segments]
    figure = plot_bars(
        names,
        [float(row["debtors"]) for row in segments],
        horizontal=True,
        value_label="Débiteurs" if fr else "Debtors",
        locale=locale,
    )
    return (("segments", title, svg_text(figure)),)


def _count(value: Any, field: str, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise InvalidValue(field, value, f"a whole number, {low} or more")
    return value


def _worklist(
    claims: tuple[Claim, ...],
    day: pendulum.Date,
    given: Iterable[Any] | None,
    size: int,
    policy: EscalationPolicy | None,
    profiles: Mapping[str, Any],
    rates: Any,
) -> tuple[dict[str, Any], ...]:
    """The given worklist's items, or the day's worklist of ``claims`` (its first ``size``)."""
    if given is not None:
        return tuple(item.to_dict() for item in given)
    from ..worklists import worklist

    today = worklist(claims, as_of=day, policy=policy, profiles=profiles, rates=rates)
    return tuple(item.to_dict() for item in today.items[:size])


def dashboard(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    locale: str = "fr_FR",
    months: int = 24,
    top: int = 10,
    within: int = 30,
    alerts: Iterable[Any] = (),
    worklist: Iterable[Any] | None = None,
    worklist_size: int = 20,
    policy: EscalationPolicy | None = None,
    credit_policy: CreditPolicy | None = None,
    rates: Any = None,
) -> Dashboard:
    """The dashboard of a book of claims as of a day.

    The alerts of the day are computed from the claims (`day_alerts`: legal deadlines
    within ``within`` days, promises due or broken, broken payment plans, credit limits
    exceeded when a ``credit_policy`` is given, rate tables out of date) and so is the day's
    worklist (`recouvrement.worklists.worklist`, its first ``worklist_size`` accounts).

    Args:
        claims: The claims (one currency; see `recouvrement.kpi.Portfolio`).
        as_of: The day of the dashboard.
        locale: ``fr_FR`` for French, anything else for English.
        months: The months of the trend charts (12 to 24 is readable), ending with the last
            full month on ``as_of``.
        top: How many debtors the top-debtors chart shows.
        within: The legal deadlines shown: from ``as_of`` to ``within`` days after it.
        alerts: Extra alerts (objects with a ``to_dict()`` method), after the computed ones.
        worklist: The day's worklist (objects with a ``to_dict()`` method, such as a
            `recouvrement.worklists.Worklist`); ``None`` computes it.
        worklist_size: How many accounts of the computed worklist are shown.
        policy: The escalation policy (next actions, worklist, promise and plan grace days;
            the default ladder when ``None``).
        credit_policy: A `recouvrement.credit.CreditPolicy`: customers above the limit it
            recommends become alerts (no limit alert without it).
        rates: User rate tables (`recouvrement.ratesync.load_user_tables`), checked for
            the day and used by the worklist's decisions.

    Returns:
        The `Dashboard`; ``.to_html()`` renders it.

    Raises:
        InvalidValue: ``months`` is not between 1 and 120, or ``top``, ``within`` or
            ``worklist_size`` is negative.
        MissingDependency: matplotlib (extra ``charts``) is not installed.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> board = dashboard(load_sample().claims, as_of="2026-03-31", months=12, locale="en")
        >>> [h.spec.name for h in board.headlines][:2]
        ['receivables', 'past_due_receivables']
        >>> board.worklist[0]["rank"], sorted({a["kind"] for a in board.alerts})
        (1, ['broken_plan'])
    """
    from ..prescription import upcoming_deadlines
    from ..profiling import profile_debtors
    from ._alerts import day_alerts

    day = to_date(as_of, "as_of")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        raise InvalidValue("months", months, "a whole number of months from 1 to 120")
    top, within = _count(top, "top", 0), _count(within, "within", 0)
    worklist_size = _count(worklist_size, "worklist_size", 0)
    book = Portfolio(claims)
    locale = str(locale)
    debtors = _top_debtors(book.claims, day, top)
    profiles = profile_debtors(book.claims, as_of=day)
    deadlines = upcoming_deadlines(book.claims, as_of=day, within=within)
    # the next actions with the user's rate tables, as the worklist's
    decisions = tuple(
        next_actions(book.claims, as_of=day, policy=policy, profiles=profiles, rates=rates)
    )
    report = portfolio_report(
        book.claims,
        as_of=day,
        within=within,
        policy=policy,
        profiles=profiles,
        decisions=decisions,
        deadlines=deadlines,
    ).to_dict()
    segments = tuple(report["segments"])
    found = day_alerts(
        book.claims,
        as_of=day,
        within=within,
        policy=policy,
        credit_policy=credit_policy,
        rates=rates,
        deadlines=deadlines,
    )
    return Dashboard(
        as_of=day,
        locale=locale,
        currency=book.currency,
        headlines=_headlines(book, day),
        charts=_charts(book, day, months, debtors, locale) + _segment_chart(segments, locale),
        top_debtors=debtors,
        alerts=tuple(a.to_dict() for a in found) + tuple(item.to_dict() for item in alerts),
        worklist=_worklist(
            tuple(book.claims), day, worklist, worklist_size, policy, profiles, rates
        ),
        deadlines=tuple(report["deadlines"]),
        actions=tuple(report["actions"]),
        segments=segments,
        missing_rate=first_missing_rate(decisions),
    )
