"""The dashboard: one self-contained HTML file of a book of claims, and notebook charts.

`dashboard` computes the headline figures (with their change over the previous month), the
aging, the monthly trend, the top debtors by overdue, the segments, the alerts of the day
(`day_alerts`) and the day's worklist, and renders them as one HTML file, in French or English:
inline CSS and inline SVG charts drawn by matplotlib (the optional ``charts`` extra), no
script, no CDN, no network; printable. The same input gives byte-identical HTML.

Examples:
    >>> from recouvrement.sample import load_sample
    >>> board = dashboard(load_sample().claims, as_of="2026-03-31", months=12)
    >>> board.figures["receivables"]
    Decimal('121076.78')
    >>> board.to_html().startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

from ._alerts import ALERT_KINDS, Alert, day_alerts
from ._build import HEADLINE_KPIS, Dashboard, Headline, dashboard
from ._charts import plot_aging, plot_trend

__all__ = [
    "ALERT_KINDS",
    "HEADLINE_KPIS",
    "Alert",
    "Dashboard",
    "Headline",
    "dashboard",
    "day_alerts",
    "plot_aging",
    "plot_trend",
]
