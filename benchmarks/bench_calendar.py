"""Throughput of the calendar layer (calls per second)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pendulum

from recouvrement.calendar import (
    add_business_days,
    add_months,
    business_days_between,
    is_business_day,
    next_business_day,
    procedural_deadline,
    public_holidays,
)

N = 100_000
base = dt.date(2024, 1, 1).toordinal()
DAYS = [pendulum.Date(*dt.date.fromordinal(base + i % 1500).timetuple()[:3]) for i in range(N)]


def bench(name: str, fn: Callable[[pendulum.Date], object], n: int = N) -> None:
    fn(DAYS[0])  # warm the caches
    t = time.perf_counter()
    for day in DAYS[:n]:
        fn(day)
    elapsed = time.perf_counter() - t
    print(f"{name:45s} {n / elapsed:12,.0f} calls/s")


bench("is_business_day", is_business_day)
bench("next_business_day", next_business_day)
bench("add_business_days(day, 10)", lambda d: add_business_days(d, 10))
bench("business_days_between(day, day + 365)", lambda d: business_days_between(d, d.add(days=365)))
bench("add_months(day, 7)", lambda d: add_months(d, 7))
bench("procedural_deadline(day, months=1)", lambda d: procedural_deadline(d, months=1))
bench(
    "procedural_deadline(day, months=1, days=15)",
    lambda d: procedural_deadline(d, months=1, days=15),
)
bench("is_business_day(ISO string)", lambda d: is_business_day(d.isoformat()))
bench("public_holidays(year) (cached)", lambda d: public_holidays(d.year))
