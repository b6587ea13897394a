"""The charts and tables of docs/guides/real-ledger-walkthrough.md, from the real ledger.

Reads the IBM accounts-receivable sample ledger where it lies (it is never copied into the
repository) with the shipped column mapping, and writes two SVG charts, drawn by hand
(no plotting dependency), into ``docs/assets/``:

- ``walkthrough-aging.svg``: the aging balance on 30 November 2013, buckets of 10 days;
- ``walkthrough-dso.svg``: the monthly DSO and Best Possible DSO, January 2012 to
  November 2013.

It also prints the Markdown tables the page shows.

    python docs/scripts/real_ledger_walkthrough.py [path/to/ibm-accounts-receivable.csv]

Same ledger, same bytes: the SVG files are deterministic.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from html import escape
from pathlib import Path

from recouvrement.io import ColumnMapping, read_claims_csv
from recouvrement.kpi.aging import AgingBalance
from recouvrement.kpi.portfolio import MonthlyKpis, Portfolio

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "realdata" / "ibm-accounts-receivable.csv"
ASSETS = ROOT / "docs" / "assets"
AS_OF = "2013-11-30"
BOUNDS = (10, 20, 30)
FIRST_MONTH, LAST_MONTH = "2012-01", "2013-11"

FONT = 'font-family="Helvetica, Arial, sans-serif"'
INK = "#263238"
GRID = "#cfd8dc"
BLUE = "#3f51b5"
ORANGE = "#e65100"


def _fmt(value: Decimal, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f}"


def _nice_step(top: Decimal, ticks: int = 5) -> Decimal:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about ``ticks`` intervals."""
    raw = top / ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover


def _ceiling(highest: Decimal, step: Decimal) -> Decimal:
    """The first multiple of ``step`` at or above ``highest``, plus a step of headroom when
    the highest value would touch the top."""
    top = (highest / step).to_integral_value(rounding=ROUND_CEILING) * step
    return top + step if highest > top * Decimal("0.9") else top


def _text(
    x: float,
    y: float,
    body: str,
    *,
    anchor: str = "middle",
    size: int = 12,
    weight: str = "normal",
    fill: str = INK,
    rotate: bool = False,
) -> str:
    transform = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}"{transform}>{escape(body)}</text>'
    )


def _svg(width: int, height: int, title: str, parts: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT} role="img" aria-label="{escape(title)}">\n'
        f"<title>{escape(title)}</title>\n"
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>\n'
        + "\n".join(parts)
        + "\n</svg>\n"
    )


def aging_svg(balance: AgingBalance) -> str:
    """Vertical bars: not due, then each past-due bucket, with amounts and shares."""
    width, height = 640, 380
    left, right, top, bottom = 80, 20, 60, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    bars = [("not due", balance.not_due.amount)]
    bars += [(f"{label} days", money.amount) for label, money in balance.buckets]
    total = balance.total.amount
    highest = max((amount for _, amount in bars), default=Decimal(0))
    step = _nice_step(highest if highest > 0 else Decimal(1))
    ceiling = _ceiling(highest, step) if highest > 0 else step

    def y_of(value: Decimal) -> float:
        return top + plot_h - float(value / ceiling) * plot_h

    title = f"Aging balance on {balance.as_of.isoformat()} ({balance.currency})"
    parts = [_text(width / 2, 24, title, size=15, weight="bold")]
    tick = Decimal(0)
    while tick <= ceiling:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, y + 4, _fmt(tick, 0), anchor="end", size=11))
        tick += step
    slot = plot_w / len(bars)
    bar_w = slot * 0.6
    for index, (label, amount) in enumerate(bars):
        x = left + slot * index + (slot - bar_w) / 2
        y = y_of(max(amount, Decimal(0)))
        colour = "#90a4ae" if index == 0 else BLUE
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{top + plot_h - y:.1f}" fill="{colour}"/>'
        )
        share = f" ({_fmt(amount / total * 100)} %)" if total > 0 else ""
        parts.append(_text(x + bar_w / 2, y - 6, f"{_fmt(amount, 2)}{share}", size=11))
        parts.append(_text(x + bar_w / 2, top + plot_h + 18, label, size=12))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append(_text(left + plot_w / 2, height - 22, "Days past due (upper bounds included)"))
    parts.append(_text(20, top + plot_h / 2, f"Balance ({balance.currency})", rotate=True))
    return _svg(width, height, title, parts)


def dso_svg(rows: Sequence[MonthlyKpis]) -> str:
    """Two lines, one point a month: DSO and Best Possible DSO (the gap is the ADD)."""
    width, height = 720, 400
    left, right, top, bottom = 60, 30, 70, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [
        ("DSO (one-month window)", BLUE, [r.dso for r in rows]),
        ("Best possible DSO", ORANGE, [r.best_possible_dso for r in rows]),
    ]
    values = [v for _, _, line in series for v in line if v is not None]
    highest = max(values, default=Decimal(1))
    step = _nice_step(highest, 6)
    ceiling = _ceiling(highest, step)
    pad = 16

    def x_of(index: int) -> float:
        return left + pad + (plot_w - 2 * pad) * index / max(1, len(rows) - 1)

    def y_of(value: Decimal) -> float:
        return top + plot_h - float(value / ceiling) * plot_h

    title = f"Monthly DSO, {rows[0].month} to {rows[-1].month}"
    parts = [_text(width / 2, 24, title, size=15, weight="bold")]
    tick = Decimal(0)
    while tick <= ceiling:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, y + 4, _fmt(tick, 0), anchor="end", size=11))
        tick += step
    last = len(rows) - 1
    for index, row in enumerate(rows):
        if (index % 3 == 0 and last - index >= 2) or index == last:
            x = x_of(index)
            parts.append(
                f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 5}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
            parts.append(_text(x, top + plot_h + 20, row.month, size=11))
    for position, (name, colour, line) in enumerate(series):
        points = [(x_of(i), y_of(v)) for i, v in enumerate(line) if v is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in points
        )
        lx = left + 10 + position * 230
        parts.append(
            f'<line x1="{lx}" y1="48" x2="{lx + 24}" y2="48" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(_text(lx + 30, 52, name, anchor="start", size=12))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    parts.append(_text(left + plot_w / 2, height - 22, "Month (as of its last day)"))
    parts.append(_text(18, top + plot_h / 2, "Days", rotate=True))
    return _svg(width, height, title, parts)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    result = read_claims_csv(path, mapping=ColumnMapping.shipped("ibm_ar"))
    book = Portfolio(result.claims)
    balance = book.aging(as_of=AS_OF, bounds=BOUNDS)
    rows = book.trend(start=FIRST_MONTH, end=LAST_MONTH)
    ASSETS.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("walkthrough-aging.svg", aging_svg(balance)),
        ("walkthrough-dso.svg", dso_svg(rows)),
    ):
        (ASSETS / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/assets/{name}")
    print("\n| Bucket | Amount (USD) | Share |\n|---|---:|---:|")
    for row in balance.to_frame().iter_rows(named=True):
        share = "" if row["share"] is None else f"{_fmt(row['share'] * 100)} %"
        print(f"| {row['bucket']} | {_fmt(row['amount'], 2)} | {share} |")
    print(f"| **total** | **{_fmt(balance.total.amount, 2)}** | |")
    print("\n| Month | DSO | BPDSO | ADD | CEI |\n|---|---:|---:|---:|---:|")
    for r in rows:
        cells = [r.dso, r.best_possible_dso, r.average_days_delinquent, r.cei]
        print(f"| {r.month} | " + " | ".join("" if c is None else _fmt(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
