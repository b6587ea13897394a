"""The dashboard: one self-contained HTML file of a book of claims, and notebook charts.

`dashboard` computes the headline figures (with their change over the previous month), the
aging, the monthly trend and the top debtors by overdue, and renders them as one HTML file:
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

from ._build import HEADLINE_KPIS, Dashboard, Headline, dashboard
from ._charts import plot_aging, plot_trend

__all__ = ["HEADLINE_KPIS", "Dashboard", "Headline", "dashboard", "plot_aging", "plot_trend"]
