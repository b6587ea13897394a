"""One table of the ledger KPIs: `KPI_SPECS`, one `KpiSpec` per figure.

`Portfolio.trend` (and so `MonthlyKpis`), the report of `recouvrement.reports`, the
notebook renderers of `recouvrement.display` and the command line all iterate over this
table: adding a KPI is one row here (and, for the monthly trend, the field of the same name
on `MonthlyKpis`, which a test checks).

Each row says what the figure is (``name``, English and French labels, a short title and a
column header), its ``unit`` (``money``, ``days`` or ``percent``), whether it is read on a
day (``point_in_time``) or over a period (a flow), whether the monthly trend carries it,
how to compute it from a `LedgerKpis` book and a `KpiPeriod`, and the convention used.

Examples:
    >>> from recouvrement.kpi.specs import KPI_SPECS, KpiPeriod, kpi_spec
    >>> from recouvrement.kpi.portfolio import Portfolio
    >>> from recouvrement.sample import load_sample
    >>> spec = kpi_spec("dso")
    >>> spec.label("fr_FR"), spec.unit, spec.point_in_time
    ('DSO (délai moyen de paiement clients)', 'days', False)
    >>> period = KpiPeriod.window(as_of="2026-03-31", months=3)
    >>> round(spec.compute(Portfolio(load_sample().claims), period), 1)
    Decimal('116.7')
    >>> len({s.name for s in KPI_SPECS}) == len(KPI_SPECS)
    True
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

import attrs
import pendulum

from .._convert import DateLike, to_date
from ..errors import InsufficientHistory, InvalidValue
from ..money import Money

if TYPE_CHECKING:
    from .portfolio import LedgerKpis

__all__ = ["KPI_SPECS", "KpiPeriod", "KpiSpec", "KpiValue", "kpi_spec", "trend_specs"]

KpiValue = Money | Decimal | None
"""What a KPI computes: an amount, a number of days or a percentage, or ``None`` (undefined)."""


class KpiPeriod(NamedTuple):
    """The day and the window a KPI is computed for.

    Point-in-time KPIs read ``as_of``; flows read ``start``..``end`` (both included); the
    DSO family reads the window of ``months`` months ending on ``as_of``; the countback DSO
    counts months by ``month_days`` (see `Portfolio.dso_countback`).
    """

    as_of: pendulum.Date
    start: pendulum.Date
    end: pendulum.Date
    months: int
    month_days: Literal["calendar"] | int = "calendar"

    @classmethod
    def window(cls, *, as_of: DateLike, months: int) -> KpiPeriod:
        """The period of a report: the KPI window of ``months`` months ending on ``as_of``."""
        from .portfolio import kpi_window

        start, end = kpi_window(as_of=as_of, months=months)
        return cls(to_date(as_of, "as_of"), start, end, months)


Compute = Callable[["LedgerKpis", KpiPeriod], KpiValue]


@attrs.frozen(kw_only=True)
class KpiSpec:
    """What one KPI is, how it is labelled and how it is computed.

    Attributes:
        name: The identifier (the `Portfolio` method and the `MonthlyKpis` field).
        label_en: The English label of reports.
        label_fr: The French label of reports.
        title: A short English title (notebook cards).
        column: A short column header (trend tables).
        unit: ``money``, ``days`` or ``percent``.
        point_in_time: Read on a day (receivables) rather than over a period (sales).
        in_trend: Carried by each month of `Portfolio.trend`.
        compute: The figure from a book of claims and a period.
        convention: The formula and the convention used, in words.
    """

    name: str
    label_en: str
    label_fr: str
    title: str
    column: str
    unit: Literal["money", "days", "percent"]
    point_in_time: bool
    in_trend: bool
    compute: Compute
    convention: str

    def label(self, locale: str = "en") -> str:
        """The label in the language of ``locale`` (French for ``fr*``, English otherwise)."""
        return self.label_fr if str(locale).lower().startswith("fr") else self.label_en


def _countback(book: LedgerKpis, p: KpiPeriod) -> Decimal | None:
    try:
        return book.dso_countback(as_of=p.as_of, month_days=p.month_days)
    except InsufficientHistory:
        return None


def _spec(
    name: str,
    labels: tuple[str, str, str, str],
    unit: Literal["money", "days", "percent"],
    compute: Compute,
    convention: str,
    *,
    point_in_time: bool,
    in_trend: bool = True,
) -> KpiSpec:
    label_en, label_fr, title, column = labels
    return KpiSpec(
        name=name,
        label_en=label_en,
        label_fr=label_fr,
        title=title,
        column=column,
        unit=unit,
        point_in_time=point_in_time,
        in_trend=in_trend,
        compute=compute,
        convention=convention,
    )


KPI_SPECS: tuple[KpiSpec, ...] = (
    _spec(
        "sales",
        ("Net sales of the window", "Ventes nettes de la période", "Sales", "Sales"),
        "money",
        lambda b, p: b.sales(start=p.start, end=p.end),
        "claims issued in the period less the credit notes dated in it",
        point_in_time=False,
    ),
    _spec(
        "receivables",
        ("Receivables", "Encours clients", "Receivables", "Receivables"),
        "money",
        lambda b, p: b.receivables(as_of=p.as_of),
        "balances of the claims on the ledger on the day (overpaid claims count negative)",
        point_in_time=True,
    ),
    _spec(
        "current_receivables",
        ("Current (not yet due)", "Encours non échu", "Current receivables", "Current"),
        "money",
        lambda b, p: b.current_receivables(as_of=p.as_of),
        "receivables of the claims not yet due (due on the day included)",
        point_in_time=True,
    ),
    _spec(
        "past_due_receivables",
        (
            "Past due receivables (ledger, overpayments netted)",
            "Encours échu (comptable, trop-perçus déduits)",
            "Past due receivables",
            "Past due",
        ),
        "money",
        lambda b, p: b.past_due_receivables(as_of=p.as_of),
        "receivables less current receivables; overpaid claims count negative, so it can be "
        "lower than the overdue balance of the open claims",
        point_in_time=True,
        in_trend=False,
    ),
    _spec(
        "dso",
        ("DSO", "DSO (délai moyen de paiement clients)", "DSO", "DSO"),
        "days",
        lambda b, p: b.dso(as_of=p.as_of, months=p.months),
        "receivables / net sales of the window × days of the window",
        point_in_time=False,
    ),
    _spec(
        "best_possible_dso",
        ("Best Possible DSO", "Meilleur DSO possible (BPDSO)", "Best possible DSO", "BPDSO"),
        "days",
        lambda b, p: b.best_possible_dso(as_of=p.as_of, months=p.months),
        "current receivables / net sales of the window × days of the window",
        point_in_time=False,
    ),
    _spec(
        "average_days_delinquent",
        (
            "Average Days Delinquent (DSO - BPDSO)",
            "Retard moyen (ADD = DSO - BPDSO)",
            "Average days delinquent",
            "ADD",
        ),
        "days",
        lambda b, p: b.average_days_delinquent(as_of=p.as_of, months=p.months),
        "DSO - Best Possible DSO over the same window",
        point_in_time=False,
    ),
    _spec(
        "dso_countback",
        ("DSO, countback", "DSO par épuisement (countback)", "Countback DSO", "Countback"),
        "days",
        _countback,
        "days of the monthly net sales, newest first, that the receivables exhaust "
        "(undefined when the history runs out)",
        point_in_time=True,
    ),
    _spec(
        "cei",
        ("CEI (N=1)", "Efficacité du recouvrement (CEI, N=1)", "CEI", "CEI %"),
        "percent",
        lambda b, p: b.cei(start=p.start, end=p.end),
        "(opening receivables + sales - closing receivables) / (opening receivables + sales "
        "- closing current receivables) × 100",
        point_in_time=False,
    ),
    _spec(
        "weighted_days_to_pay",
        (
            "Weighted days to pay (payments in the window)",
            "Délai de paiement pondéré (paiements de la période)",
            "Weighted days to pay",
            "Days to pay",
        ),
        "days",
        lambda b, p: b.weighted_days_to_pay(start=p.start, end=p.end),
        "days from invoice to payment, weighted by the amounts paid in the period",
        point_in_time=False,
    ),
    _spec(
        "weighted_days_late",
        (
            "Weighted days late (payments in the window)",
            "Retard de paiement pondéré (paiements de la période)",
            "Weighted days late",
            "Days late",
        ),
        "days",
        lambda b, p: b.weighted_days_late(start=p.start, end=p.end),
        "days after the due date (0 when on time), weighted by the amounts paid in the period",
        point_in_time=False,
    ),
    _spec(
        "average_days_past_due",
        (
            "Average days past due (open overdue claims)",
            "Retard moyen des créances échues ouvertes (jours)",
            "Average days past due",
            "Avg days past due",
        ),
        "days",
        lambda b, p: b.average_days_past_due(as_of=p.as_of),
        "simple mean of the days past due of the open overdue claims",
        point_in_time=True,
        in_trend=False,
    ),
    _spec(
        "recovery_rate",
        (
            "Recovery rate (claims placed in recovery)",
            "Taux de recouvrement (créances confiées)",
            "Recovery rate",
            "Recovery %",
        ),
        "percent",
        lambda b, p: b.recovery_rate(as_of=p.as_of),
        "collected since entering recovery / amount placed × 100, cumulative to the day",
        point_in_time=True,
    ),
    _spec(
        "cost_of_recovery",
        (
            "Cost of recovery (window)",
            "Coût du recouvrement (période)",
            "Cost of recovery",
            "Cost %",
        ),
        "percent",
        lambda b, p: b.cost_of_recovery(start=p.start, end=p.end),
        "recovery costs and agency fees / collected in recovery × 100, over the period",
        point_in_time=False,
    ),
)
"""Every ledger KPI, in the order reports show them."""

_BY_NAME = {spec.name: spec for spec in KPI_SPECS}


def kpi_spec(name: str) -> KpiSpec:
    """The spec of the KPI called ``name``.

    Raises:
        InvalidValue: No KPI has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise InvalidValue("name", name, f"one of {', '.join(_BY_NAME)}") from None


def trend_specs() -> tuple[KpiSpec, ...]:
    """The KPIs of each month of `Portfolio.trend`, in the order of `KPI_SPECS`."""
    return tuple(spec for spec in KPI_SPECS if spec.in_trend)
