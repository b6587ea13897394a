"""When each open invoice will be paid, and how much cash comes in each week.

A payment model learnt from a ledger as it was known on ``as_of`` (nothing dated after
``as_of`` is read): for each invoice, the distribution of its settlement date, as days
from its due date, is

- a shift for the invoice's features (disputed, channel, amount), learnt *within*
  debtors (each debtor compared with itself), plus
- the distribution of the remaining days late, a mixture of the debtor's own history and
  its segment's and the whole ledger's, each debtor weighing ``n / (n + debtor_weight)``
  for its ``n`` invoices known (shrinkage toward the segment: a new debtor is predicted from
  its segment, a debtor with a long history from itself).

The distributions are Kaplan-Meier estimates: an invoice still open on ``as_of`` says its
settlement is later than ``as_of`` (censored), it is not dropped, so a ledger whose slow
payers are still open is not mistaken for a fast one. An invoice still open on ``as_of``
is predicted conditionally on being unpaid so far. The 80 % interval is then calibrated
(widened or narrowed around the median) on a fold of the history before ``as_of``: the
model refitted ``calibration_days`` earlier, checked against what happened next.

Examples:
    >>> from recouvrement.sample import generate_claims
    >>> claims = generate_claims(300, seed=3, as_of="2025-06-30")
    >>> model = fit_payment_model(claims, as_of="2025-06-30")
    >>> p = model.predictions()[0]
    >>> p.low <= p.median <= p.high
    True
    >>> 0.0 <= p.probability_paid_by("2025-09-30") <= 1.0
    True
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape
from typing import Any

import attrs
import pendulum

from ._convert import DateLike, from_ordinal, to_date
from .claims import Claim
from .errors import InsufficientHistory, InvalidType, InvalidValue
from .events import Cancellation, Dispute
from .explain import Reason
from .money import Money

__all__ = [
    "CashForecast",
    "ForecastPeriod",
    "PaymentModel",
    "PaymentPrediction",
    "cash_forecast",
    "fit_payment_model",
]

_Z80 = Decimal("1.2815515655446004")  # standard normal quantile of 0.9


# -- Kaplan-Meier curves ----------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Curve:
    """A Kaplan-Meier survival curve: ``S(t) = P(T > t)``, a step function."""

    times: tuple[float, ...]
    surv: tuple[float, ...]
    events: int
    censored: int

    def survival(self, t: float) -> float:
        i = bisect_right(self.times, t)
        return 1.0 if i == 0 else self.surv[i - 1]

    @property
    def size(self) -> int:
        return self.events + self.censored


def _kaplan_meier(observations: Sequence[tuple[float, bool]]) -> _Curve:
    """Kaplan-Meier from ``(time, settled)`` pairs; an open invoice is censored at its time.

    Events at a time count before censorings at the same time. When the largest observation
    is censored the curve stays above 0: that mass is later than the history (see `_tail`).
    """
    ordered = sorted(observations, key=lambda o: (o[0], not o[1]))
    at_risk = len(ordered)
    events = sum(1 for _, e in ordered if e)
    times: list[float] = []
    surv: list[float] = []
    s = 1.0
    i = 0
    while i < len(ordered):
        t = ordered[i][0]
        died = removed = 0
        while i < len(ordered) and ordered[i][0] == t:
            died += ordered[i][1]
            removed += 1
            i += 1
        if died:
            s *= 1.0 - died / at_risk
            times.append(t)
            surv.append(max(s, 0.0))
        at_risk -= removed
    return _Curve(tuple(times), tuple(surv), events, len(ordered) - events)


_EMPTY = _Curve((), (), 0, 0)


# -- what is known on as_of ---------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Obs:
    claim: Claim
    debtor: str
    segment: str
    x: tuple[float, ...]
    time: int  # days from the due date to the settlement, or to as_of when still open
    settled: bool


def _disputed(claim: Claim, day: pendulum.Date) -> bool:
    return any(d.opened_on <= day for d in claim.events_of(Dispute, as_of=day))


def _cancelled(claim: Claim, day: pendulum.Date) -> bool:
    return bool(claim.events_of(Cancellation, as_of=day))


def _segment_label(value: Any) -> str:
    segment = getattr(value, "segment", value)
    return str(getattr(segment, "value", segment))


@attrs.frozen(slots=True)
class _Features:
    """How a claim becomes a feature vector: disputed, log amount, channel indicators."""

    channels: tuple[str, ...]  # the non-baseline channels, sorted
    channel_of: Mapping[str, str]
    mean_log_amount: float

    @property
    def names(self) -> tuple[str, ...]:
        return ("disputed", "log_amount", *(f"channel={c}" for c in self.channels))

    def vector(self, claim: Claim, day: pendulum.Date) -> tuple[float, ...]:
        seen = max(day, claim.issued_on)
        channel = self.channel_of.get(claim.id)
        return (
            1.0 if _disputed(claim, seen) else 0.0,
            math.log(float(claim.amount.amount)) - self.mean_log_amount,
            *(1.0 if channel == c else 0.0 for c in self.channels),
        )


def _features(claims: Sequence[Claim], channels: Mapping[str, str] | None) -> _Features:
    channel_of = dict(channels or {})
    labels = sorted({channel_of[c.id] for c in claims if c.id in channel_of})
    logs = [math.log(float(c.amount.amount)) for c in claims]
    mean = sum(logs) / len(logs) if logs else 0.0
    return _Features(tuple(labels[1:]), channel_of, mean)


def _observations(
    claims: Sequence[Claim],
    day: pendulum.Date,
    features: _Features,
    segment_of: Mapping[str, str],
) -> list[_Obs]:
    ordinal = day.toordinal()
    found: list[_Obs] = []
    for claim in claims:
        if claim.issued_on > day or _cancelled(claim, day):
            continue
        settled = claim.is_settled(as_of=day)
        if settled:
            when = claim.settled_on()
            end = ordinal if when is None else when.toordinal()
        else:
            end = ordinal
        debtor = claim.debtor.id
        found.append(
            _Obs(
                claim=claim,
                debtor=debtor,
                segment=segment_of.get(debtor, claim.debtor.kind.value),
                x=features.vector(claim, day),
                time=end - claim.due_on.toordinal(),
                settled=settled,
            )
        )
    return found


# -- feature effects, learnt within debtors ----------------------------------------------------


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and regularised)."""
    n = len(vector)
    a = [[*row[:], vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] if abs(a[i][i]) >= 1e-12 else 0.0 for i in range(n)]


def _effects(observations: Sequence[_Obs], mature_before: int, ridge: float) -> tuple[float, ...]:
    """Least squares of days late on the features, each debtor centred on itself.

    Only invoices issued before ``mature_before`` and settled enter, so that the slow
    invoices of the last weeks, still open, do not bias the effects.
    """
    groups: dict[str, list[_Obs]] = {}
    for o in observations:
        if o.settled and o.claim.issued_on.toordinal() <= mature_before:
            groups.setdefault(o.debtor, []).append(o)
    width = len(observations[0].x) if observations else 0
    xtx = [[ridge if i == j else 0.0 for j in range(width)] for i in range(width)]
    xty = [0.0] * width
    for members in groups.values():
        if len(members) < 2:
            continue
        mx = [sum(o.x[k] for o in members) / len(members) for k in range(width)]
        my = sum(o.time for o in members) / len(members)
        for o in members:
            dx = [o.x[k] - mx[k] for k in range(width)]
            dy = o.time - my
            for i in range(width):
                xty[i] += dx[i] * dy
                for j in range(width):
                    xtx[i][j] += dx[i] * dx[j]
    return tuple(_solve(xtx, xty)) if width else ()


def _shift(beta: Sequence[float], x: Sequence[float]) -> float:
    return sum(b * v for b, v in zip(beta, x, strict=True))


# -- the model ----------------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class PaymentPrediction:
    """When one invoice will be settled: a distribution of dates, and why.

    Attributes:
        claim_id: The claim's id.
        debtor_id: Its debtor's id.
        as_of: The day the model knew the ledger as of.
        due_on: The invoice's due date.
        outstanding: What is still to pay on ``as_of`` (the whole amount for an invoice
            issued after it).
        median: The median settlement date.
        low: The lower bound of the calibrated interval (by default 80 %: 10 % chance of
            settling before it).
        high: The upper bound (10 % chance of settling after it).
        cdf: The calibrated distribution: ``(date, P(settled on or before date))`` pairs,
            increasing. It ends below 1 when the invoice is later than any settlement of
            the history (the rest is the chance of a settlement later still).
        debtor_invoices: The debtor's invoices known on ``as_of`` (settled and open).
        debtor_weight: How much the prediction rests on the debtor's own history (0 to 1);
            the rest on its segment and the whole ledger.
        segment: The segment it leaned on.
        reasons: Which history, how many invoices, which features moved it.
    """

    claim_id: str
    debtor_id: str
    as_of: pendulum.Date
    due_on: pendulum.Date
    outstanding: Money
    median: pendulum.Date
    low: pendulum.Date
    high: pendulum.Date
    cdf: tuple[tuple[pendulum.Date, float], ...]
    debtor_invoices: int
    debtor_weight: float
    segment: str
    reasons: tuple[Reason, ...] = ()

    def probability_paid_by(self, day: Any) -> float:
        """P(the invoice is settled on or before ``day``) under the model.

        Examples:
            >>> from recouvrement.sample import generate_claims
            >>> claims = generate_claims(200, seed=5, as_of="2025-06-30")
            >>> p = fit_payment_model(claims, as_of="2025-06-30").predictions()[0]
            >>> p.probability_paid_by(p.high) >= 0.9 > p.probability_paid_by(p.as_of)
            True
        """
        when = to_date(day, "day")
        dates = [d for d, _ in self.cdf]
        i = bisect_right(dates, when)
        return 0.0 if i == 0 else self.cdf[i - 1][1]

    @property
    def days_late(self) -> int:
        """The median settlement's days after the due date (negative when early)."""
        return self.median.toordinal() - self.due_on.toordinal()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (dates as ISO strings)."""
        return {
            "claim_id": self.claim_id,
            "debtor_id": self.debtor_id,
            "as_of": self.as_of.isoformat(),
            "due_on": self.due_on.isoformat(),
            "outstanding": self.outstanding.to_dict(),
            "median": self.median.isoformat(),
            "low": self.low.isoformat(),
            "high": self.high.isoformat(),
            "debtor_invoices": self.debtor_invoices,
            "debtor_weight": round(self.debtor_weight, 4),
            "segment": self.segment,
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{escape(str(r))}</li>" for r in self.reasons)
        return (
            f"<div><b>{escape(self.claim_id)}</b> ({escape(self.debtor_id)}): settled around "
            f"<b>{self.median.isoformat()}</b>, 80 % between {self.low.isoformat()} and "
            f"{self.high.isoformat()}<ul>{rows}</ul></div>"
        )


def _check_level(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InvalidType("level", value, "a number between 0 and 1")
    level = float(value)
    if not 0.0 < level < 1.0:
        raise InvalidValue("level", value, "must be strictly between 0 and 1")
    return level


def _quantile(points: Sequence[tuple[int, float]], q: float) -> int:
    for day, f in points:
        if f >= q - 1e-9:
            return day
    return points[-1][0]


def _merge(points: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    merged: list[tuple[int, float]] = []
    for when, f in points:
        day = max(when, merged[-1][0]) if merged else when
        if merged and merged[-1][0] == day:
            merged[-1] = (day, max(f, merged[-1][1]))
        elif not merged or f > merged[-1][1] - 1e-12:
            merged.append((day, max(f, merged[-1][1]) if merged else f))
    return merged


def _moved(day: int, middle: int, first: int, floor: int, scale: float) -> int:
    """``day`` moved ``scale`` times as far from the median; below the median no further
    than the floor reaches (the earliest day moves at most onto the floor, nothing piles
    up on it)."""
    if day >= middle:
        return middle + round(scale * (day - middle))
    room = (middle - floor) / (middle - first) if first < middle else scale
    return max(floor, middle + round(min(scale, room) * (day - middle)))


def _dilate(
    points: Sequence[tuple[int, float]], scale: float, floor: int
) -> list[tuple[int, float]]:
    """Widen (scale > 1) or narrow the distribution around its median, in days."""
    if scale == 1.0:
        return list(points)
    middle, first = _quantile(points, 0.5), points[0][0]
    return _merge((_moved(d, middle, first, floor, scale), f) for d, f in points)


def _sweep(parts: Sequence[tuple[float, _Curve]], after: float) -> list[tuple[float, float]]:
    """The mixture's survival at each of its step times after ``after``, in one pass."""
    grid = sorted({t for _, c in parts for t in c.times if t > after})
    index = [bisect_right(c.times, after) for _, c in parts]
    found: list[tuple[float, float]] = []
    for t in grid:
        total = 0.0
        for k, (w, c) in enumerate(parts):
            i = index[k]
            while i < len(c.times) and c.times[i] <= t:
                i += 1
            index[k] = i
            total += w * (1.0 if i == 0 else c.surv[i - 1])
        found.append((t, total))
    return found


_TAIL_STEPS = tuple(i / 100 for i in range(1, 100))


def _tail(due: int, late: int, floor: int, placed: float = 0.0) -> list[tuple[int, float]]:
    """Beyond the history: P(paid by due + t | unpaid at due + late) = 1 - late / t.

    A Pareto tail of index 1 for the mass ``1 - placed`` not placed by the history: as many
    days again for an even chance, ten times as many for 90 %; the last 1 % is never placed
    (it stays in a forecast's "later").
    """
    rest = 1.0 - placed
    return [(max(floor, due + math.ceil(late / (1 - q))), placed + rest * q) for q in _TAIL_STEPS]


@attrs.frozen(slots=True, kw_only=True)
class PaymentModel:
    """A payment model fitted with `fit_payment_model` on a ledger as known on ``as_of``.

    Attributes:
        as_of: The day the ledger was known as of: nothing dated after it was read.
        feature_names: The invoice features, in the order of ``coefficients``.
        coefficients: Days added to the settlement per unit of each feature (disputed
            0/1, log amount centred on the ledger's mean, one 0/1 per channel against the
            first channel in alphabetical order), learnt within debtors.
        debtor_weight: The number of invoices at which a debtor's own history weighs
            half (``n / (n + debtor_weight)``).
        segment_weight: The same for a segment against the whole ledger.
        level: The interval's coverage aimed at (0.8).
        interval_scale: The calibration: how much the raw interval was widened (> 1) or
            narrowed around the median to cover ``level`` on the fold before ``as_of``.
        open_claims: The claims open on ``as_of``, to predict.
        settled: The number of invoices settled on or before ``as_of`` it learnt from.
        still_open: The number of invoices open on ``as_of`` it learnt from (censored).
        reasons: How it was fitted and calibrated.
    """

    as_of: pendulum.Date
    feature_names: tuple[str, ...]
    coefficients: tuple[float, ...]
    debtor_weight: float
    segment_weight: float
    level: float
    interval_scale: float
    open_claims: tuple[Claim, ...] = attrs.field(repr=False)
    settled: int
    still_open: int
    reasons: tuple[Reason, ...] = ()
    _features: _Features = attrs.field(repr=False)
    _debtors: Mapping[str, _Curve] = attrs.field(repr=False)
    _segments: Mapping[str, _Curve] = attrs.field(repr=False)
    _pool: _Curve = attrs.field(repr=False)
    _segment_of: Mapping[str, str] = attrs.field(repr=False)

    def _components(self, debtor: str, segment: str) -> tuple[list[tuple[float, _Curve]], float]:
        own = self._debtors.get(debtor, _EMPTY)
        group = self._segments.get(segment, _EMPTY)
        w_debtor = own.size / (own.size + self.debtor_weight)
        w_segment = group.size / (group.size + self.segment_weight)
        parts = [
            (w_debtor, own),
            ((1 - w_debtor) * w_segment, group),
            ((1 - w_debtor) * (1 - w_segment), self._pool),
        ]
        return [(w, c) for w, c in parts if w > 0 and c.times], w_debtor

    def _raw(self, claim: Claim) -> tuple[list[tuple[int, float]], int, dict[str, Any]]:
        """The uncalibrated distribution of the settlement day (ordinals), its floor, facts."""
        debtor = claim.debtor.id
        segment = self._segment_of.get(debtor, claim.debtor.kind.value)
        x = self._features.vector(claim, self.as_of)
        shift = _shift(self.coefficients, x)
        due = claim.due_on.toordinal()
        floor = max(self.as_of.toordinal() + 1, claim.issued_on.toordinal())
        r0 = (floor - 1 - due) - shift  # residual known to be exceeded
        parts, w_debtor = self._components(debtor, segment)
        s0 = sum(w * c.survival(r0) for w, c in parts)
        swept = _sweep(parts, r0) if s0 > 1e-9 else []
        facts: dict[str, Any] = {"segment": segment, "w_debtor": w_debtor, "shift": shift, "x": x}
        if not swept:  # later than any settlement seen
            late = max(1, floor - 1 - due)
            facts["beyond"] = late
            return _tail(due, late, floor), floor, facts
        points = [(max(floor, due + round(shift + t)), 1.0 - left / s0) for t, left in swept]
        placed = points[-1][1] if points else 0.0
        if placed < 1.0 - 1e-9:  # censored beyond the last settlement seen
            last = swept[-1][0]
            late = max(1, floor - 1 - due, round(shift + last))
            facts["tail"] = 1.0 - placed
            points += _tail(due, late, floor, placed)
        return _merge(points), floor, facts

    def predict(self, claim: Claim) -> PaymentPrediction:
        """Predict the settlement of ``claim`` (open on ``as_of``, or issued after it).

        Payments and events of ``claim`` dated after ``as_of`` are ignored: it is predicted
        as it stood on ``as_of`` (or on its issue date when issued later).

        Raises:
            InvalidType: ``claim`` is not a `Claim`.
            InvalidValue: ``claim`` was settled or cancelled on ``as_of``.
        """
        if not isinstance(claim, Claim):
            raise InvalidType("claim", claim, "Claim")
        if claim.issued_on <= self.as_of and (
            claim.is_settled(as_of=self.as_of) or _cancelled(claim, self.as_of)
        ):
            raise InvalidValue("claim", claim.id, f"is settled or cancelled on {self.as_of}")
        raw, floor, facts = self._raw(claim)
        scale = 1.0 if facts.get("beyond") else self.interval_scale
        points = _dilate(raw, scale, floor)
        tail = (1.0 - self.level) / 2
        return PaymentPrediction(
            claim_id=claim.id,
            debtor_id=claim.debtor.id,
            as_of=self.as_of,
            due_on=claim.due_on,
            outstanding=claim.outstanding(as_of=max(self.as_of, claim.issued_on)),
            median=from_ordinal(_quantile(points, 0.5)),
            low=from_ordinal(_quantile(points, tail)),
            high=from_ordinal(_quantile(points, 1.0 - tail)),
            cdf=tuple((from_ordinal(d), f) for d, f in points),
            debtor_invoices=self._debtors.get(claim.debtor.id, _EMPTY).size,
            debtor_weight=facts["w_debtor"],
            segment=facts["segment"],
            reasons=self._reasons(claim, facts),
        )

    def _reasons(self, claim: Claim, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
        own = self._debtors.get(claim.debtor.id, _EMPTY)
        group = self._segments.get(facts["segment"], _EMPTY)
        w = facts["w_debtor"]
        reasons = [
            Reason(
                "forecast.history",
                f"Debtor {claim.debtor.id}: {own.size} invoice(s) known on "
                f"{self.as_of.isoformat()} ({own.events} settled, {own.censored} still open); "
                f"its own history weighs {w:.0%}",
                facts={"settled": own.events, "open": own.censored, "weight": Decimal(f"{w:.4f}")},
            ),
            Reason(
                "forecast.segment",
                f"Leaned {1 - w:.0%} on segment {facts['segment']!r} ({group.size} invoice(s)) "
                f"and the whole ledger ({self._pool.size})",
                facts={"segment": facts["segment"], "segment_invoices": group.size},
            ),
        ]
        moved = [
            f"{name} {beta * v:+.1f} days"
            for name, beta, v in zip(self.feature_names, self.coefficients, facts["x"], strict=True)
            if abs(beta * v) >= 0.5
        ]
        if moved:
            reasons.append(Reason("forecast.features", "Invoice features: " + ", ".join(moved)))
        if claim.issued_on <= self.as_of and claim.due_on < self.as_of:
            late = self.as_of.toordinal() - claim.due_on.toordinal()
            reasons.append(
                Reason(
                    "forecast.still_open",
                    f"Unpaid {late} day(s) after its due date on {self.as_of.isoformat()}: only "
                    "later settlements count",
                )
            )
        if facts.get("beyond"):
            reasons.append(
                Reason(
                    "forecast.beyond_history",
                    f"{facts['beyond']} day(s) past due is later than any settlement in the "
                    "history: an even chance of payment within as many days again, 90 % within "
                    "ten times as many (a Pareto tail)",
                )
            )
        if facts.get("tail", 0.0) >= 0.01:
            reasons.append(
                Reason(
                    "forecast.tail",
                    f"{facts['tail']:.0%} of the history it rests on was still unpaid at its "
                    "latest: that share is spread beyond it (a Pareto tail)",
                )
            )
        if self.interval_scale != 1.0 and not facts.get("beyond"):
            reasons.append(
                Reason(
                    "forecast.calibrated",
                    f"Interval scaled x{self.interval_scale:.2f} around the median to cover "
                    f"{self.level:.0%} on the history before {self.as_of.isoformat()}",
                )
            )
        return tuple(reasons)

    def predictions(self) -> tuple[PaymentPrediction, ...]:
        """Predict every claim open on ``as_of``, by due date then claim id."""
        ordered = sorted(self.open_claims, key=lambda c: (c.due_on, c.id))
        return tuple(self.predict(c) for c in ordered)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible summary (not the curves)."""
        return {
            "as_of": self.as_of.isoformat(),
            "coefficients": {
                n: round(b, 4) for n, b in zip(self.feature_names, self.coefficients, strict=True)
            },
            "debtor_weight": self.debtor_weight,
            "segment_weight": self.segment_weight,
            "level": self.level,
            "interval_scale": self.interval_scale,
            "settled": self.settled,
            "still_open": self.still_open,
            "open_claims": len(self.open_claims),
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(n)}</td><td>{b:+.2f}</td></tr>"
            for n, b in zip(self.feature_names, self.coefficients, strict=True)
        )
        items = "".join(f"<li>{escape(str(r))}</li>" for r in self.reasons)
        return (
            f"<div><b>Payment model as of {self.as_of.isoformat()}</b>: {self.settled} settled, "
            f"{self.still_open} open invoice(s) learnt; {len(self.open_claims)} to predict"
            f"<table><tr><th>feature</th><th>days</th></tr>{rows}</table><ul>{items}</ul></div>"
        )


# -- fitting ------------------------------------------------------------------------------------


def _claims(value: Any) -> tuple[Claim, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidType("claims", value, "an iterable of Claim")
    claims = tuple(value)
    for claim in claims:
        if not isinstance(claim, Claim):
            raise InvalidType("claims", claim, "Claim")
    return claims


def _positive(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InvalidType(field, value, "a positive number")
    if not float(value) > 0:
        raise InvalidValue(field, value, "must be positive")
    return float(value)


def _segments(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidType("segments", value, "a mapping of debtor id -> segment")
    return {str(k): _segment_label(v) for k, v in value.items()}


def _core(
    claims: Sequence[Claim],
    day: pendulum.Date,
    segment_of: Mapping[str, str],
    channels: Mapping[str, str] | None,
    debtor_weight: float,
    segment_weight: float,
    level: float,
) -> PaymentModel:
    """Fit without calibration (``interval_scale`` 1)."""
    known = [c for c in claims if c.issued_on <= day]
    features = _features(known, channels)
    observations = _observations(known, day, features, segment_of)
    settled = [o for o in observations if o.settled]
    if not settled:
        raise InsufficientHistory(
            f"no invoice settled on or before {day.isoformat()}: nothing to learn from",
            days_counted=0,
            field="claims",
        )
    to_settle = sorted(
        o.time + o.claim.due_on.toordinal() - o.claim.issued_on.toordinal() for o in settled
    )
    mature = max(30, to_settle[int(0.9 * (len(to_settle) - 1))])
    beta = _effects(observations, day.toordinal() - mature, ridge=1.0)
    pairs: dict[str, list[tuple[float, bool]]] = {}
    groups: dict[str, list[tuple[float, bool]]] = {}
    pool: list[tuple[float, bool]] = []
    for o in observations:
        r = (float(round(o.time - _shift(beta, o.x))), o.settled)  # whole days
        pairs.setdefault(o.debtor, []).append(r)
        groups.setdefault(o.segment, []).append(r)
        pool.append(r)
    return PaymentModel(
        as_of=day,
        feature_names=features.names,
        coefficients=beta,
        debtor_weight=debtor_weight,
        segment_weight=segment_weight,
        level=level,
        interval_scale=1.0,
        open_claims=tuple(o.claim for o in observations if not o.settled),
        settled=len(settled),
        still_open=len(observations) - len(settled),
        reasons=(
            Reason(
                "forecast.fitted",
                f"Learnt from {len(settled)} settled and {len(observations) - len(settled)} open "
                f"invoice(s) known on {day.isoformat()}; feature effects from invoices issued "
                f"{mature} day(s) or more before it, each debtor compared with itself",
                facts={"mature_days": mature},
            ),
        ),
        features=features,
        debtors={k: _kaplan_meier(v) for k, v in pairs.items()},
        segments={k: _kaplan_meier(v) for k, v in groups.items()},
        pool=_kaplan_meier(pool),
        segment_of=dict(segment_of),
    )


def _fold(claims: Sequence[Claim], inner: pendulum.Date, window: int) -> list[Claim]:
    """The claims open on ``inner`` or issued in the ``window`` days after it."""
    last = inner.add(days=window)
    return [
        c
        for c in claims
        if (c.issued_on <= inner and not c.is_settled(as_of=inner) and not _cancelled(c, inner))
        or inner < c.issued_on <= last
    ]


_Outcome = tuple[int, int, int, int, int, int | None]  # low, median, high, first, floor, settled


def _coverage(outcomes: Sequence[_Outcome], scale: float, end: int) -> tuple[float, int, int]:
    """Coverage of the scaled intervals over the outcomes that decide it: (coverage, the
    outcomes counted, of which settlements; the others are claims still open past their
    interval, counted as misses)."""
    hits = total = settlements = 0
    for low, middle, high, first, floor, settled in outcomes:
        lo = _moved(low, middle, first, floor, scale)
        hi = _moved(high, middle, first, floor, scale)
        if settled is not None:
            total += 1
            settlements += 1
            hits += lo <= settled <= hi
        elif hi <= end:  # still open on the last day known: missed
            total += 1
    return (hits / total if total else 0.0), total, settlements


def _calibrate(
    claims: Sequence[Claim], day: pendulum.Date, days: int, fit: Any, level: float
) -> tuple[float, Reason]:
    inner = day.subtract(days=days)
    try:
        model: PaymentModel = fit(inner)
    except InsufficientHistory:
        return 1.0, Reason("forecast.not_calibrated", f"Too little history before {inner}")
    tail = (1.0 - level) / 2
    outcomes: list[_Outcome] = []
    end = day.toordinal()
    for claim in _fold(claims, inner, days // 2):
        raw, floor, facts = model._raw(claim)
        if _cancelled(claim, day) or facts.get("beyond"):
            continue  # the pure tail is never scaled
        when = claim.settled_on() if claim.is_settled(as_of=day) else None
        outcomes.append(
            (
                _quantile(raw, tail),
                _quantile(raw, 0.5),
                _quantile(raw, 1 - tail),
                raw[0][0],
                floor,
                None if when is None else when.toordinal(),
            )
        )
    scales = [round(0.5 + 0.05 * i, 2) for i in range(51)]
    scored = [(abs(_coverage(outcomes, s, end)[0] - level), s) for s in scales]
    best = min(scored)[1]
    reached, total, settlements = _coverage(outcomes, best, end)
    if total < 30:
        return 1.0, Reason(
            "forecast.not_calibrated",
            f"Only {total} outcome(s) known in the fold after {inner.isoformat()}: interval "
            "left as estimated",
        )
    return best, Reason(
        "forecast.calibrated",
        f"Interval scaled x{best:.2f} around the median: refitted on {inner.isoformat()}, it "
        f"covered {reached:.0%} of {total} outcomes known by {day.isoformat()} "
        f"({settlements} settled, {total - settlements} still open past their interval)",
        facts={
            "fold_start": inner,
            "outcomes": total,
            "settled": settlements,
            "coverage": Decimal(f"{reached:.4f}"),
        },
    )


def fit_payment_model(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    segments: Mapping[str, Any] | None = None,
    channels: Mapping[str, str] | None = None,
    debtor_weight: float = 4.0,
    segment_weight: float = 20.0,
    level: float = 0.8,
    calibrate: bool = True,
    calibration_days: int = 120,
) -> PaymentModel:
    """Fit a payment model on ``claims`` as they were known on ``as_of``.

    Only what is dated on or before ``as_of`` is read: payments, credit notes and events
    after it, and claims issued after it, change nothing.

    Args:
        claims: The ledger: settled and open claims.
        as_of: The day the ledger is known as of.
        segments: Each debtor's segment, by debtor id: a label, a
            [`Segment`][recouvrement.Segment] or a `DebtorProfile`. Debtors not in it are
            grouped by kind (``"professional"``, ``"individual"``...).
        channels: Each invoice's channel, by claim id (``"paper"``, ``"electronic"``...),
            a feature when given.
        debtor_weight: The number of invoices at which a debtor's own history weighs half
            against its segment.
        segment_weight: The same for a segment against the whole ledger.
        level: The coverage of the interval (0.8: from the 10th to the 90th percentile).
        calibrate: Calibrate the interval on the history: refit ``calibration_days``
            before ``as_of``, predict the invoices open then or issued in the following
            ``calibration_days // 2`` days, and scale the intervals around their medians so
            that they cover ``level`` of the settlements known by ``as_of``.
        calibration_days: The length of that fold.

    Returns:
        The [`PaymentModel`][recouvrement.forecast.PaymentModel].

    Raises:
        InvalidType: A claim is not a `Claim`, or an option of the wrong type.
        InvalidValue: A bad ``as_of``, weight, level or fold length.
        InsufficientHistory: No invoice was settled on or before ``as_of``.

    Examples:
        >>> from recouvrement.sample import generate_claims
        >>> claims = generate_claims(300, seed=3, as_of="2025-06-30")
        >>> model = fit_payment_model(claims, as_of="2025-06-30")
        >>> model.feature_names[:2], model.settled > 0
        (('disputed', 'log_amount'), True)
    """
    ledger = _claims(claims)
    day = to_date(as_of, "as_of")
    segment_of = _segments(segments)
    if channels is not None and not isinstance(channels, Mapping):
        raise InvalidType("channels", channels, "a mapping of claim id -> channel")
    k_debtor = _positive(debtor_weight, "debtor_weight")
    k_segment = _positive(segment_weight, "segment_weight")
    share = _check_level(level)
    if not isinstance(calibrate, bool):
        raise InvalidType("calibrate", calibrate, "bool")
    if isinstance(calibration_days, bool) or not isinstance(calibration_days, int):
        raise InvalidType("calibration_days", calibration_days, "int")
    if calibration_days < 2:
        raise InvalidValue("calibration_days", calibration_days, "must be at least 2")

    def fit(on: pendulum.Date) -> PaymentModel:
        return _core(ledger, on, segment_of, channels, k_debtor, k_segment, share)

    model = fit(day)
    if not calibrate:
        return model
    scale, why = _calibrate(ledger, day, calibration_days, fit, share)
    return attrs.evolve(model, interval_scale=scale, reasons=(*model.reasons, why))


# -- cash forecast ------------------------------------------------------------------------------

_FREQS = ("week", "month")


@attrs.frozen(slots=True, kw_only=True)
class ForecastPeriod:
    """Expected collections of one period in one currency.

    Attributes:
        start: The first day of the period (the day after ``as_of`` for the first).
        end: Its last day.
        currency: The ISO 4217 code.
        expected: The expected collections: each open invoice's outstanding balance times
            its probability of being settled in the period.
        low: The lower bound of the interval (normal approximation of the sum of
            independent invoices, clipped at zero).
        high: The upper bound.
        invoices: The number of invoices with a chance of being settled in the period.
    """

    start: pendulum.Date
    end: pendulum.Date
    currency: str
    expected: Money
    low: Money
    high: Money
    invoices: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "currency": self.currency,
            "expected": str(self.expected.amount),
            "low": str(self.low.amount),
            "high": str(self.high.amount),
            "invoices": self.invoices,
        }


def _svg_bars(periods: Sequence[ForecastPeriod], currency: str) -> str:
    """A small inline bar chart of the expected collections with their intervals."""
    rows = [p for p in periods if p.currency == currency]
    width, height, pad = 24 * max(len(rows), 1) + 40, 140, 20
    top = max((float(p.high.amount) for p in rows), default=0.0) or 1.0
    parts = []
    for i, p in enumerate(rows):
        x = 30 + 24 * i
        h = float(p.expected.amount) / top * (height - 2 * pad)
        y_lo = height - pad - float(p.low.amount) / top * (height - 2 * pad)
        y_hi = height - pad - float(p.high.amount) / top * (height - 2 * pad)
        label = escape(f"{p.start.isoformat()}: {p.expected}")
        parts.append(
            f'<rect x="{x}" y="{height - pad - h:.1f}" width="16" height="{h:.1f}" '
            f'fill="#3f51b5"><title>{label}</title></rect>'
            f'<line x1="{x + 8}" y1="{y_lo:.1f}" x2="{x + 8}" y2="{y_hi:.1f}" stroke="#e65100"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape("Expected collections, " + currency)}">'
        f'<line x1="26" y1="{height - pad}" x2="{width}" y2="{height - pad}" stroke="#263238"/>'
        + "".join(parts)
        + "</svg>"
    )


@attrs.frozen(slots=True, kw_only=True)
class CashForecast:
    """Expected collections per period, per currency, from a `PaymentModel`.

    Attributes:
        as_of: The day of the forecast (the model's).
        freq: ``"week"`` (ISO weeks, Monday to Sunday) or ``"month"``.
        periods: One `ForecastPeriod` per period and currency, by currency then date; the
            first period starts the day after ``as_of``.
        later: The expected balance not collected within the horizon, per currency.
        level: The coverage of the intervals.
        reasons: How it was computed.
    """

    as_of: pendulum.Date
    freq: str
    periods: tuple[ForecastPeriod, ...]
    later: tuple[Money, ...]
    level: float
    reasons: tuple[Reason, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per period and currency (for a CSV or a table)."""
        return [p.to_dict() for p in self.periods]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        return {
            "as_of": self.as_of.isoformat(),
            "freq": self.freq,
            "level": self.level,
            "periods": self.rows(),
            "later": [m.to_dict() for m in self.later],
            "reasons": [r.to_dict() for r in self.reasons],
        }

    def _repr_html_(self) -> str:
        currencies = sorted({p.currency for p in self.periods})
        charts = "".join(_svg_bars(self.periods, c) for c in currencies)
        rows = "".join(
            f"<tr><td>{p.start.isoformat()}</td><td>{p.end.isoformat()}</td>"
            f"<td>{escape(str(p.expected))}</td><td>{escape(str(p.low))}</td>"
            f"<td>{escape(str(p.high))}</td></tr>"
            for p in self.periods
        )
        return (
            f"<div><b>Cash forecast as of {self.as_of.isoformat()}</b> ({escape(self.freq)}, "
            f"{self.level:.0%} interval){charts}<table><tr><th>from</th><th>to</th>"
            f"<th>expected</th><th>low</th><th>high</th></tr>{rows}</table></div>"
        )


def _bounds(day: pendulum.Date, freq: str, horizon: int) -> list[tuple[int, int]]:
    start = day.add(days=1)
    bounds: list[tuple[int, int]] = []
    for _ in range(horizon):
        end = start.add(days=6 - start.weekday()) if freq == "week" else start.end_of("month")
        bounds.append((start.toordinal(), end.toordinal()))
        start = end.add(days=1)
    return bounds


def _prob(p: float) -> Decimal:
    return Decimal(f"{min(max(p, 0.0), 1.0):.6f}")


def cash_forecast(
    source: PaymentModel | Iterable[Claim],
    *,
    as_of: DateLike | None = None,
    horizon: int = 13,
    freq: str = "week",
    **fit_options: Any,
) -> CashForecast:
    """Expected collections per week (or month) from the invoices open on ``as_of``.

    Each open invoice contributes its outstanding balance times its probability of being
    settled in the period (from its `PaymentPrediction`); the interval treats the invoices
    as independent (a normal approximation: expected ± z·sqrt(sum of balance² p (1 - p)),
    clipped at zero), which is narrow when one debtor holds many invoices.

    Args:
        source: A fitted `PaymentModel`, or claims to fit one on (with ``fit_options``
            passed to `fit_payment_model`).
        as_of: The day of the forecast; with a model, its ``as_of`` (the default).
        horizon: The number of periods (an ``int`` >= 1).
        freq: ``"week"`` or ``"month"``.

    Returns:
        The [`CashForecast`][recouvrement.forecast.CashForecast].

    Raises:
        InvalidType: A bad ``source``, ``horizon`` or ``freq``.
        InvalidValue: ``as_of`` missing for claims or not the model's, ``horizon`` < 1, or an
            unknown ``freq``.

    Examples:
        >>> from recouvrement.sample import generate_claims
        >>> claims = generate_claims(300, seed=3, as_of="2025-06-30")
        >>> cf = cash_forecast(claims, as_of="2025-06-30", horizon=4)
        >>> [(str(p.start), str(p.end)) for p in cf.periods][:2]
        [('2025-07-01', '2025-07-06'), ('2025-07-07', '2025-07-13')]
        >>> all(p.low <= p.expected <= p.high for p in cf.periods)
        True
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        raise InvalidType("horizon", horizon, "int")
    if horizon < 1:
        raise InvalidValue("horizon", horizon, "must be at least 1")
    if not isinstance(freq, str):
        raise InvalidType("freq", freq, "str")
    if freq not in _FREQS:
        raise InvalidValue("freq", freq, f"must be one of {', '.join(_FREQS)}")
    if isinstance(source, PaymentModel):
        if fit_options:
            raise InvalidValue("fit_options", sorted(fit_options), "only with claims, not a model")
        if as_of is not None and to_date(as_of, "as_of") != source.as_of:
            raise InvalidValue("as_of", as_of, f"differs from the model's ({source.as_of})")
        model = source
    else:
        if as_of is None:
            raise InvalidValue("as_of", None, "is required to fit a model on claims")
        model = fit_payment_model(source, as_of=as_of, **fit_options)
    return _forecast(model, freq, _bounds(model.as_of, freq, horizon))


def _forecast(model: PaymentModel, freq: str, bounds: list[tuple[int, int]]) -> CashForecast:
    sums: dict[tuple[str, int], list[Decimal]] = {}
    later: dict[str, Decimal] = {}
    for p in model.predictions():
        currency, balance = p.outstanding.currency, p.outstanding.amount
        if balance <= 0:
            continue
        before = 0.0
        for i, (_, end) in enumerate(bounds):
            upto = p.probability_paid_by(from_ordinal(end))
            share = _prob(upto - before)
            before = upto
            cell = sums.setdefault((currency, i), [Decimal(0), Decimal(0), Decimal(0)])
            cell[0] += balance * share
            cell[1] += balance * balance * share * (1 - share)
            cell[2] += share > 0
        later[currency] = later.get(currency, Decimal(0)) + balance * _prob(1.0 - before)
    z = _Z80 if model.level == 0.8 else Decimal(str(_z(model.level)))
    periods = []
    for (currency, i), (mean, var, count) in sorted(sums.items()):
        spread = z * var.sqrt()
        periods.append(
            ForecastPeriod(
                start=from_ordinal(bounds[i][0]),
                end=from_ordinal(bounds[i][1]),
                currency=currency,
                expected=Money._unchecked(mean, currency).round(),
                low=Money._unchecked(max(Decimal(0), mean - spread), currency).round(),
                high=Money._unchecked(mean + spread, currency).round(),
                invoices=int(count),
            )
        )
    return CashForecast(
        as_of=model.as_of,
        freq=freq,
        periods=tuple(periods),
        later=tuple(Money._unchecked(v, c).round() for c, v in sorted(later.items())),
        level=model.level,
        reasons=(
            Reason(
                "forecast.cash",
                f"{len(model.open_claims)} invoice(s) open on {model.as_of.isoformat()}: each "
                "balance times its chance of being settled in the period",
            ),
            *model.reasons,
        ),
    )


def _z(level: float) -> float:
    """The standard normal quantile of ``(1 + level) / 2`` (bisection on erf)."""
    target = (1.0 + level) / 2
    lo, hi = 0.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
