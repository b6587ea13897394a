"""Build the dashboard: figures from `recouvrement.kpi`, charts from `_charts`, HTML from `_html`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum

from .._convert import DateLike, to_date
from ..claims import Claim
from ..errors import InvalidValue
from ..kpi.portfolio import Portfolio
from ..kpi.specs import KpiPeriod, KpiSpec, KpiValue, kpi_spec
from ..money import Money
from ..reports import portfolio_report

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
        top_debtors: ``(debtor, overdue amount)``, largest first.
        alerts: ``to_dict()`` of each alert given (limits exceeded...).
        worklist: ``to_dict()`` of each worklist item given.
        deadlines: The legal deadlines (prescription...) within ``within`` days.
        actions: How many claims need each next action (and how many now).
        segments: The debtors per segment (`recouvrement.profiling`).
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
    totals: dict[str, Decimal] = {}
    for claim in claims:
        if claim.due_on < day:
            amount = claim.outstanding(as_of=day).amount
            if amount > 0:
                totals[claim.debtor.name] = totals.get(claim.debtor.name, Decimal(0)) + amount
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
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
    french: bool,
) -> tuple[tuple[str, str, str], ...]:
    from ._charts import plot_aging, plot_bars, plot_trend, svg_text

    last = _last_full_month(day)
    first = last.subtract(months=months - 1)
    trend = book.trend(
        start=f"{first.year:04d}-{first.month:02d}", end=f"{last.year:04d}-{last.month:02d}"
    )
    aging = book.aging(as_of=day)
    titles = (
        (
            "Balance âgée",
            "DSO (countback) et CEI par mois",
            "Ventes et encours par mois",
            "Principaux débiteurs en retard",
        )
        if french
        else (
            "Aging",
            "DSO (countback) and CEI by month",
            "Sales and receivables by month",
            "Top debtors by overdue",
        )
    )
    sales = plot_trend(trend, fields=("sales", "receivables"))
    charts = [
        ("aging", titles[0], svg_text(plot_aging(aging, title=titles[0]))),
        ("trend", titles[1], svg_text(plot_trend(trend))),
        ("sales", titles[2], svg_text(sales)),
    ]
    if top:
        names = [name[:28] for name, _ in top]
        figure = plot_bars(names, [float(a) for _, a in top], title=titles[3], horizontal=True)
        charts.append(("debtors", titles[3], svg_text(figure)))
    return tuple(charts)


def _segment_chart(
    segments: tuple[dict[str, Any], ...], french: bool
) -> tuple[tuple[str, str, str], ...]:
    from ._charts import plot_bars, svg_text

    if not segments:
        return ()
    title = "Débiteurs par segment" if french else "Debtors by segment"
    names = [str(row["segment"]).replace("_", " ") for row in segments]
    figure = plot_bars(
        names, [float(row["debtors"]) for row in segments], title=title, horizontal=True
    )
    return (("segments", title, svg_text(figure)),)


def dashboard(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    locale: str = "fr_FR",
    months: int = 24,
    top: int = 10,
    within: int = 30,
    alerts: Iterable[Any] = (),
    worklist: Iterable[Any] = (),
) -> Dashboard:
    """The dashboard of a book of claims as of a day.

    Args:
        claims: The claims (one currency; see `recouvrement.kpi.Portfolio`).
        as_of: The day of the dashboard.
        locale: ``fr_FR`` for French, anything else for English.
        months: The months of the trend charts (12 to 24 is readable), ending with the last
            full month on ``as_of``.
        top: How many debtors the top-debtors chart shows.
        within: The legal deadlines shown: from ``as_of`` to ``within`` days after it.
        alerts: Extra alerts (limits exceeded...): objects with a ``to_dict()`` method.
        worklist: The day's worklist: objects with a ``to_dict()`` method.

    Returns:
        The `Dashboard`; ``.to_html()`` renders it.

    Raises:
        InvalidValue: ``months`` is not between 1 and 120 or ``top`` is negative.
        MissingDependency: matplotlib (extra ``charts``) is not installed.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> board = dashboard(load_sample().claims, as_of="2026-03-31", months=12, locale="en")
        >>> [h.spec.name for h in board.headlines][:2]
        ['receivables', 'past_due_receivables']
    """
    day = to_date(as_of, "as_of")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
        raise InvalidValue("months", months, "a whole number of months from 1 to 120")
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        raise InvalidValue("top", top, "a whole number, zero or more")
    book = Portfolio(claims)
    french = str(locale).lower().startswith("fr")
    debtors = _top_debtors(book.claims, day, top)
    report = portfolio_report(book.claims, as_of=day, within=within).to_dict()
    segments = tuple(report["segments"])
    return Dashboard(
        as_of=day,
        locale=str(locale),
        currency=book.currency,
        headlines=_headlines(book, day),
        charts=_charts(book, day, months, debtors, french) + _segment_chart(segments, french),
        top_debtors=debtors,
        alerts=tuple(item.to_dict() for item in alerts),
        worklist=tuple(item.to_dict() for item in worklist),
        deadlines=tuple(report["deadlines"]),
        actions=tuple(report["actions"]),
        segments=segments,
    )
