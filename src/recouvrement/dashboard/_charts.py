"""Charts drawn by matplotlib (the ``charts`` extra), as Figures or deterministic SVG text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._text import french, word
from ..errors import MissingDependency
from ..kpi.specs import kpi_spec

if TYPE_CHECKING:
    from ..kpi.aging import AgingBalance
    from ..kpi.portfolio import MonthlyKpis

__all__ = ["axis_label", "plot_aging", "plot_bars", "plot_trend", "svg_text"]

_RC = {
    "svg.hashsalt": "recouvrement",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_BLUE, _RED, _GREY = "#1f5f9e", "#b8332a", "#8a8f98"

# Short axis names of the trend fields (English, French); others use the KPI spec's labels.
_AXIS_NAMES = {
    "dso": ("DSO", "DSO"),
    "dso_countback": ("DSO", "DSO"),
    "best_possible_dso": ("BPDSO", "BPDSO"),
    "cei": ("CEI", "CEI"),
    "sales": ("Sales", "Ventes"),
    "receivables": ("Receivables", "Encours"),
    "current_receivables": ("Not yet due", "Non échu"),
}


def axis_label(field: str, locale: str, currency: str = "") -> str:
    """The axis title of a KPI in words with its unit: ``DSO (jours)``, ``Ventes (EUR)``.

    Examples:
        >>> axis_label("dso_countback", "fr_FR"), axis_label("sales", "en_GB", "USD")
        ('DSO (jours)', 'Sales (USD)')
    """
    fr = french(locale)
    spec = kpi_spec(field)
    pair = _AXIS_NAMES.get(field, (spec.title, spec.label_fr))
    unit = {
        "money": currency,
        "days": "jours" if fr else "days",
        "percent": "%",
    }[spec.unit]
    name = pair[1] if fr else pair[0]
    return f"{name} ({unit})" if unit else name


def _number_ticks(axes: Any, axis: str, locale: str) -> None:
    """Tick labels grouped by thousands in the locale's way (``12 500``, ``12,500``)."""
    from matplotlib.ticker import FuncFormatter

    fr = french(locale)

    def shown(value: float, _position: Any) -> str:
        text = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
        return text.replace(",", "\u202f").replace(".", ",") if fr else text

    getattr(axes, f"{axis}axis").set_major_formatter(FuncFormatter(shown))


def _matplotlib() -> Any:
    """The ``matplotlib`` module, or `MissingDependency` naming the ``charts`` extra."""
    try:
        import matplotlib
        import matplotlib.figure
    except ImportError as exc:
        raise MissingDependency("the dashboard's charts (matplotlib)", extra="charts") from exc
    return matplotlib


def _figure(width: float = 6.0, height: float = 2.8) -> Any:
    matplotlib = _matplotlib()
    with matplotlib.rc_context(_RC):
        return matplotlib.figure.Figure(figsize=(width, height), layout="constrained")


def svg_text(figure: Any) -> str:
    """The figure as SVG text, without the XML prolog and without a date (deterministic)."""
    matplotlib = _matplotlib()
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def plot_aging(aging: AgingBalance, *, title: str = "Aging", locale: str = "en_GB") -> Any:
    """A bar chart of an aging: the balance not due, then each bucket past due.

    Args:
        aging: An `recouvrement.kpi.AgingBalance` (from `Portfolio.aging`).
        title: The chart's title (none when empty).
        locale: The language of the labels (French for ``fr*``, English otherwise).

    Returns:
        A matplotlib ``Figure`` (shown inline by notebooks).

    Raises:
        MissingDependency: matplotlib is not installed (extra ``charts``).

    Examples:
        >>> from recouvrement.kpi import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> aging = Portfolio(load_sample().claims).aging(as_of="2026-03-31")
        >>> len(plot_aging(aging).axes)
        1
    """
    fr = french(locale)
    labels = [word("bucket", "not due", locale)]
    labels += [f"{label} {'j' if fr else 'd'}" for label, _ in aging.buckets]
    values = [float(aging.not_due.amount), *(float(m.amount) for _, m in aging.buckets)]
    colours = [_BLUE, *([_RED] * len(aging.buckets))]
    return plot_bars(
        labels,
        values,
        colours=colours,
        title=title,
        value_label=f"{'Montant' if fr else 'Amount'} ({aging.currency})",
        locale=locale,
    )


def plot_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    colours: Sequence[str] | None = None,
    title: str = "",
    horizontal: bool = False,
    value_label: str = "",
    locale: str = "en_GB",
) -> Any:
    """A simple bar chart (the dashboard's aging, top debtors and segments).

    ``value_label`` titles the axis of the values (with its unit); ``locale`` sets how
    the tick labels group thousands.
    """
    matplotlib = _matplotlib()
    figure = _figure()
    with matplotlib.rc_context(_RC):
        axes = figure.add_subplot()
        colour = list(colours) if colours else _BLUE
        if horizontal:
            axes.barh(list(labels)[::-1], list(values)[::-1], color=colour)
        else:
            axes.bar(list(labels), list(values), color=colour)
        if title:
            axes.set_title(title, loc="left")
        value_axis = "x" if horizontal else "y"
        if value_label:
            getattr(axes, f"set_{value_axis}label")(value_label)
        _number_ticks(axes, value_axis, locale)
        axes.grid(axis=value_axis, color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
    return figure


def _float(month: MonthlyKpis, field: str) -> float:
    value = getattr(month, field)
    if not month.complete or value is None:
        return float("nan")
    return float(getattr(value, "amount", value))


def plot_trend(
    trend: Sequence[MonthlyKpis],
    *,
    fields: Sequence[str] = ("dso_countback", "cei"),
    title: str = "",
    locale: str = "en_GB",
) -> Any:
    """A line chart of KPIs over the months of a `Portfolio.trend`.

    Months without enough history (``complete`` false) or with an undefined figure are
    left out (a gap in the line).

    Args:
        trend: The months, from `Portfolio.trend`.
        fields: The `MonthlyKpis` fields to draw (each on its own axes, titled in words
            with its unit: ``DSO (days)``, ``Sales (EUR)``).
        title: The chart's title.
        locale: The language of the axis titles (French for ``fr*``, English otherwise).

    Returns:
        A matplotlib ``Figure``.

    Raises:
        MissingDependency: matplotlib is not installed (extra ``charts``).

    Examples:
        >>> from recouvrement.kpi import Portfolio
        >>> from recouvrement.sample import load_sample
        >>> trend = Portfolio(load_sample().claims).trend(start="2025-04", end="2026-03")
        >>> len(plot_trend(trend).axes)
        2
    """
    matplotlib = _matplotlib()
    figure = _figure(6.0, 1.6 + 1.3 * len(fields))
    months = [m.month for m in trend]
    currency = trend[0].sales.currency if trend else ""
    with matplotlib.rc_context(_RC):
        axes_list = figure.subplots(len(fields), 1, sharex=True, squeeze=False)[:, 0]
        for index, (axes, field) in enumerate(zip(axes_list, fields, strict=True)):
            values = [_float(m, field) for m in trend]
            axes.plot(
                months, values, marker="o", markersize=3, color=(_BLUE, _RED, _GREY)[index % 3]
            )
            axes.set_ylabel(axis_label(field, locale, currency))
            _number_ticks(axes, "y", locale)
            axes.grid(color="#dddddd", linewidth=0.6)
        axes_list[-1].tick_params(axis="x", labelrotation=60, labelsize=7)
        if title:
            axes_list[0].set_title(title, loc="left")
    return figure
