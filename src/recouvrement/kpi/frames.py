"""The columnar path: claims as a Polars frame (or an Arrow table), KPIs as expressions.

An optional extra: ``pip install recouvrement[frames]`` (Polars and PyArrow), imported
only when a function here is called. One row per claim, with its payments, credit notes
and recovery costs as list-of-struct columns, so a frame can be cut anywhere between
claims: the same functions run unchanged on one machine or inside Spark ``mapInArrow`` /
Dask ``map_partitions`` (`partition_sums` and `combine_partition_sums`).

`FramePortfolio` answers the same questions as
[`Portfolio`][recouvrement.kpi.portfolio.Portfolio], with the same results (exact
`Decimal` sums), and aging, outstanding and days past due are available as expressions
(`outstanding_expr`, `days_past_due_expr`, `with_balances`).

Examples:
    >>> from recouvrement.kpi.frames import claims_to_frame, FramePortfolio
    >>> from recouvrement.sample import load_sample
    >>> frame = claims_to_frame(load_sample().claims)
    >>> frame.height
    200
    >>> FramePortfolio(frame).receivables(as_of="2026-03-31")
    Money('121076.78', 'EUR')
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import pendulum

from .._convert import DateLike, to_date
from ..claims import Claim, ClaimNature
from ..errors import CurrencyMismatch, InvalidType, InvalidValue
from ..events import AgencyHandover, Event, RecoveryCost
from .aging import DEFAULT_BOUNDS, AgingBalance, bucket_labels, check_bounds, first_exit
from .portfolio import LedgerKpis

if TYPE_CHECKING:
    import polars
    import polars as pl
    import pyarrow as pa

__all__ = [
    "CLAIM_COLUMNS",
    "FramePortfolio",
    "claims_from_arrow",
    "claims_from_frame",
    "claims_to_arrow",
    "claims_to_frame",
    "combine_partition_sums",
    "days_past_due_expr",
    "outstanding_expr",
    "partition_sums",
    "with_balances",
]

CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "creditor_id",
    "debtor_id",
    "nature",
    "currency",
    "amount",
    "issued_on",
    "due_on",
    "exit_on",
    "recovery_on",
    "handover_on",
    "fee_rate",
    "payments",
    "credit_notes",
    "recovery_costs",
)
"""The columns of a claims frame (plus an optional ``record``: the claim as JSON)."""

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


_WHAT = "the columnar path (Polars and PyArrow)"


def _pl() -> Any:
    from ..display._frames import optional_module  # the shared optional import

    return optional_module("polars", _WHAT)


def _pa() -> Any:
    from ..display._frames import optional_module

    return optional_module("pyarrow", _WHAT)


def _day(ordinal: int | None) -> _dt.date | None:
    return None if ordinal is None else _dt.date.fromordinal(ordinal)


_EPOCH = 719163  # the ordinal of 1970-01-01: Arrow dates count days from it


class _Moves:
    """One list-of-struct column (payments, credit notes, recovery costs) as flat lists."""

    __slots__ = ("amounts", "offsets", "on")

    def __init__(self) -> None:
        self.offsets = [0]
        self.on: list[int] = []
        self.amounts: list[Decimal] = []

    def add(self, items: Sequence[Any]) -> None:
        on, amounts = self.on, self.amounts
        for item in items:
            on.append(item.on.toordinal() - _EPOCH)
            amounts.append(item.amount.amount)
        self.offsets.append(len(on))


_EXPONENT = attrgetter("exponent")
_FAST_SCALE = 18  # decimal128(38, 18) still holds 20 digits before the point


def _decimals(pa: Any, values: list[Decimal]) -> tuple[Any, int]:
    """``values`` as an Arrow array and their largest number of decimals (at least 0).

    The scale is read from the decimals themselves (C-level passes: ``1.2300`` has 4),
    then Arrow converts to that exact type, which refuses any loss; about 2x faster than
    letting Arrow infer the type. Anything that fails this way (non-finite values, more
    than 18 decimals or 38 digits) takes Arrow's inference, and whatever it does, as before."""
    if not values:
        return None, 0
    try:
        scale = max(0, -min(map(_EXPONENT, map(Decimal.as_tuple, values))))
        if scale <= _FAST_SCALE:
            return pa.array(values, pa.decimal128(38, scale)), scale
    except (TypeError, ValueError):  # a str exponent (NaN, Infinity); ArrowInvalid
        pass
    array = pa.array(values)
    return array, max(0, array.type.scale)


def _as_money(pa: Any, array: Any, money: Any) -> Any:
    return pa.array([], money) if array is None else array.cast(money)


def _dates(pa: Any, ordinals: Sequence[int | None]) -> Any:
    return pa.array(ordinals, pa.int32()).cast(pa.date32())


def _exit_and_entry(
    events: Sequence[Event],
) -> tuple[int | None, int | None, int | None, Decimal, list[Any]]:
    """Exit, entry into recovery, first handover (ordinals), its fee rate, recovery costs,
    from a claim's events (shared with the vectorised CSV reader)."""
    handover: AgencyHandover | None = None
    costs: list[RecoveryCost] = []
    for event in events:
        if isinstance(event, AgencyHandover):
            if handover is None or event.on < handover.on:
                handover = event
        elif isinstance(event, RecoveryCost):
            costs.append(event)
    entries = [e.on.toordinal() for e in costs]
    if handover is not None:
        entries.append(handover.on.toordinal())
    fee = handover.fee_rate if handover is not None and handover.fee_rate is not None else _ZERO
    return (
        first_exit(events),
        min(entries) if entries else None,
        None if handover is None else handover.on.toordinal(),
        fee,
        costs,
    )


def claims_to_frame(claims: Iterable[Claim], *, records: bool = True) -> pl.DataFrame:
    """Convert claims to a Polars frame, one row per claim (see `CLAIM_COLUMNS`).

    Amounts are exact ``Decimal(38, s)`` columns (``s``: the largest scale found, at least
    2). ``exit_on`` is the write-off or cancellation date, ``recovery_on`` the entry into
    recovery (first agency handover or recovery cost), ``handover_on`` / ``fee_rate`` the
    first agency handover and its success fee (percent, 0 when none).

    The claims are read once into flat lists (dates as day numbers, the nested columns
    as values plus offsets) that Arrow assembles in one go.

    Args:
        claims: The claims.
        records: Also store each claim as JSON in a ``record`` column, so that
            `claims_from_frame` can rebuild it exactly.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claims_to_frame([sample_claim()]).select("id", "amount", "due_on").row(0)
        ('F-2025-0042', Decimal('1500.00'), datetime.date(2025, 2, 14))
    """
    pl, pa = _pl(), _pa()
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidType("claims", claims, "an iterable of Claim")
    ids: list[str] = []
    creditors: list[str] = []
    debtors: list[str] = []
    natures: list[str] = []
    currencies: list[str] = []
    amounts: list[Decimal] = []
    issued: list[int | None] = []
    due: list[int | None] = []
    exits: list[int | None] = []
    entries: list[int | None] = []
    handovers: list[int | None] = []
    fees: list[Decimal] = []
    fee_values: list[Decimal] = []
    moves = {name: _Moves() for name in ("payments", "credit_notes", "recovery_costs")}
    payments, credit_notes, costs_column = moves.values()
    json_records: list[str] = []
    nature_text = {n: n.value for n in ClaimNature}
    for index, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InvalidType(f"claims[{index}]", claim, "Claim")
        ids.append(claim.id)
        creditors.append(claim.creditor.id)
        debtors.append(claim.debtor.id)
        natures.append(nature_text[claim.nature])
        money_amount = claim.amount
        currencies.append(money_amount.currency)
        amounts.append(money_amount.amount)
        issued.append(claim.issued_on.toordinal() - _EPOCH)
        due.append(claim.due_on.toordinal() - _EPOCH)
        if claim.events:
            exit_on, recovery_on, handover_on, fee, costs = _exit_and_entry(claim.events)
            exits.append(None if exit_on is None else exit_on - _EPOCH)
            entries.append(None if recovery_on is None else recovery_on - _EPOCH)
            handovers.append(None if handover_on is None else handover_on - _EPOCH)
            fee_values.append(fee)
            costs_column.add(costs)
        else:
            exits.append(None)
            entries.append(None)
            handovers.append(None)
            fee = _ZERO
            costs_column.offsets.append(len(costs_column.on))
        fees.append(fee)
        payments.add(claim.payments)
        credit_notes.add(claim.credit_notes)
        if records:
            json_records.append(json.dumps(claim.to_dict(), ensure_ascii=False))
    text = {
        "id": ids,
        "creditor_id": creditors,
        "debtor_id": debtors,
        "nature": natures,
        "currency": currencies,
    }
    days = {
        "issued_on": issued,
        "due_on": due,
        "exit_on": exits,
        "recovery_on": entries,
        "handover_on": handovers,
    }
    amount_array, amount_scale = _decimals(pa, amounts)
    move_arrays = {name: _decimals(pa, m.amounts) for name, m in moves.items()}
    scale = max(2, amount_scale, *(found for _, found in move_arrays.values()))
    money = pa.decimal128(38, scale)
    columns: dict[str, Any] = {k: pa.array(v, pa.string()) for k, v in text.items()}
    columns["amount"] = _as_money(pa, amount_array, money)
    columns.update({k: _dates(pa, v) for k, v in days.items()})
    fee_scale = _decimals(pa, fee_values)[1]
    columns["fee_rate"] = pa.array(fees, pa.decimal128(38, fee_scale))
    for name, m in moves.items():
        columns[name] = pa.ListArray.from_arrays(
            pa.array(m.offsets, pa.int32()),
            pa.StructArray.from_arrays(
                [_dates(pa, m.on), _as_money(pa, move_arrays[name][0], money)],
                names=["on", "amount"],
            ),
        )
    if records:
        columns["record"] = pa.array(json_records, pa.string())
    names = [*CLAIM_COLUMNS, "record"] if records else list(CLAIM_COLUMNS)
    table = pa.table({name: columns[name] for name in names})
    result: polars.DataFrame = pl.from_arrow(table)
    return result


def claims_from_frame(frame: pl.DataFrame) -> tuple[Claim, ...]:
    """Rebuild the claims of a frame made by `claims_to_frame` (needs its ``record`` column).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claims_from_frame(claims_to_frame([sample_claim()])) == (sample_claim(),)
        True
    """
    pl = _pl()
    if not isinstance(frame, pl.DataFrame):
        raise InvalidType("frame", frame, "a polars DataFrame")
    if "record" not in frame.columns:
        raise InvalidValue(
            "frame", frame.columns, "has no 'record' column: build it with claims_to_frame()"
        )
    return tuple(Claim.from_dict(json.loads(text)) for text in frame.get_column("record"))


def claims_to_arrow(claims: Iterable[Claim], *, records: bool = True) -> pa.Table:
    """Convert claims to an Arrow table (the columns of `claims_to_frame`).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claims_to_arrow([sample_claim()]).num_rows
        1
    """
    table: pa.Table = claims_to_frame(claims, records=records).to_arrow()
    return table


def claims_from_arrow(table: pa.Table) -> tuple[Claim, ...]:
    """Rebuild the claims of an Arrow table made by `claims_to_arrow`.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claims_from_arrow(claims_to_arrow([sample_claim()]))[0].id
        'F-2025-0042'
    """
    return claims_from_frame(_pl().from_arrow(table))


# -- expressions ---------------------------------------------------------------------------


def _date(value: Any, field: str) -> _dt.date:
    day = to_date(value, field)
    return _dt.date(day.year, day.month, day.day)


def outstanding_expr(as_of: DateLike) -> pl.Expr:
    """Expression: each claim's balance on ``as_of`` (amount less credit notes and payments).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> frame = claims_to_frame([sample_claim()])
        >>> frame.select(outstanding_expr("2025-06-30")).item()
        Decimal('1500.00')
    """
    pl = _pl()
    day = _date(as_of, "as_of")

    def reduced(column: str) -> Any:
        return (
            pl.col(column)
            .list.eval(
                pl.element()
                .struct.field("amount")
                .filter(pl.element().struct.field("on") <= day)
                .sum()
            )
            .list.first()
            .fill_null(0)
        )

    expr: polars.Expr = (pl.col("amount") - reduced("payments") - reduced("credit_notes")).alias(
        "outstanding"
    )
    return expr


def days_past_due_expr(as_of: DateLike) -> pl.Expr:
    """Expression: each claim's days past due on ``as_of`` (0 when not yet due).

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> claims_to_frame([sample_claim()]).select(days_past_due_expr("2025-06-30")).item()
        136
    """
    pl = _pl()
    late = (pl.lit(_date(as_of, "as_of")) - pl.col("due_on")).dt.total_days()
    expr: polars.Expr = pl.when(late > 0).then(late).otherwise(0).alias("days_past_due")
    return expr


def with_balances(frame: pl.DataFrame, *, as_of: DateLike) -> pl.DataFrame:
    """``frame`` with ``outstanding``, ``days_past_due`` and ``on_ledger`` columns on ``as_of``.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> f = with_balances(claims_to_frame([sample_claim()]), as_of="2025-06-30")
        >>> f.select("outstanding", "days_past_due", "on_ledger").row(0)
        (Decimal('1500.00'), 136, True)
    """
    pl = _pl()
    day = _date(as_of, "as_of")
    on_ledger = (pl.col("issued_on") <= day) & (
        pl.col("exit_on").is_null() | (pl.col("exit_on") > day)
    )
    return frame.with_columns(
        outstanding_expr(day), days_past_due_expr(day), on_ledger.alias("on_ledger")
    )


# -- the portfolio -------------------------------------------------------------------------


def _sum(frame: Any, expr: Any) -> Decimal:
    value = frame.select(expr.sum()).item()
    return _ZERO if value is None else Decimal(value)


class FramePortfolio(LedgerKpis):
    """A portfolio held as a claims frame; the `Portfolio` KPIs as vectorised expressions.

    Args:
        frame: A frame (or an Arrow table) with the columns of `claims_to_frame`.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> book = FramePortfolio(claims_to_frame([sample_claim()]))
        >>> book.dso(as_of="2025-06-30", months=6)
        Decimal('181')
    """

    __slots__ = ("_claims", "_costs", "_currencies", "_frame", "_moves")

    def __init__(self, frame: pl.DataFrame | pa.Table) -> None:
        pl = _pl()
        if not isinstance(frame, pl.DataFrame):
            try:
                frame = pl.from_arrow(frame)
            except (TypeError, ValueError):
                raise InvalidType("frame", frame, "a polars DataFrame or an Arrow table") from None
        missing = [c for c in CLAIM_COLUMNS if c not in frame.columns]
        if missing:
            raise InvalidValue("frame", frame.columns, f"missing columns {missing}")
        self._frame = frame
        self._currencies = tuple(sorted(frame.get_column("currency").unique().to_list()))
        claims = frame.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
            *CLAIM_COLUMNS[:12],
        )
        self._claims = claims
        context = claims.select(
            "row", "issued_on", "due_on", "exit_on", "recovery_on", "handover_on", "fee_rate"
        )
        parts = []
        for kind, column in ((0, "payments"), (1, "credit_notes")):
            part = (
                frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), column)
                .explode(column)
                .drop_nulls(column)
                .unnest(column)
                .with_columns(pl.lit(kind, dtype=pl.Int8).alias("kind"))
            )
            parts.append(part)
        self._moves = pl.concat(parts).join(context, on="row", how="left")
        self._costs = (
            frame.select("recovery_costs")
            .explode("recovery_costs")
            .drop_nulls()
            .unnest("recovery_costs")
        )

    @property
    def frame(self) -> pl.DataFrame:
        """The claims frame."""
        frame: pl.DataFrame = self._frame
        return frame

    def __len__(self) -> int:
        return int(self._frame.height)

    def __repr__(self) -> str:
        return f"FramePortfolio({len(self)} claims, currencies={list(self._currencies)})"

    def group_by(self, key: str | Mapping[str, Any]) -> dict[Any, FramePortfolio]:
        """Split by ``"debtor"``, ``"creditor"``, ``"nature"``, ``"currency"`` or a mapping
        debtor id -> segment (unlisted debtors under ``None``), like `Portfolio.group_by`.

        Examples:
            >>> from recouvrement.sample import load_sample
            >>> groups = FramePortfolio(claims_to_frame(load_sample().claims)).group_by("nature")
            >>> sum(len(p) for p in groups.values())
            200
        """
        columns = {"debtor": "debtor_id", "creditor": "creditor_id", "nature": "nature"}
        frame = self._frame
        if isinstance(key, Mapping):
            segments = {str(k): v for k, v in key.items()}
            keys = [segments.get(d) for d in frame.get_column("debtor_id").to_list()]
            groups: dict[Any, list[int]] = {}
            for index, k in enumerate(keys):
                groups.setdefault(k, []).append(index)
            return {k: FramePortfolio(self._frame[rows]) for k, rows in groups.items()}
        if key == "currency":
            column = "currency"
        elif key in columns:
            column = columns[key]
        else:
            raise InvalidValue("key", key, "debtor, creditor, nature, currency or a mapping")
        result: dict[Any, FramePortfolio] = {}
        for part in frame.partition_by(column, maintain_order=True):
            value = part.get_column(column)[0]
            if key == "nature":
                value = ClaimNature(value)
            result[value] = FramePortfolio(part)
        return result

    # -- primitives -------------------------------------------------------------------------

    def _currency(self) -> str:
        if len(self._currencies) > 1:
            raise CurrencyMismatch(
                self._currencies[0],
                self._currencies[1],
                operation="aggregate (group_by('currency'))",
            )
        return self._currencies[0] if self._currencies else "EUR"

    @staticmethod
    def _ledger(day: _dt.date, current_only: bool) -> Any:
        pl = _pl()
        mask = (pl.col("issued_on") <= day) & (
            pl.col("exit_on").is_null() | (pl.col("exit_on") > day)
        )
        if current_only:
            mask = mask & (pl.col("due_on") >= day)
        return mask

    def _receivables(self, day: int, *, current_only: bool = False) -> Decimal:
        pl = _pl()
        d = _dt.date.fromordinal(day)
        mask = self._ledger(d, current_only)
        issued = _sum(self._claims.filter(mask), pl.col("amount"))
        moved = _sum(self._moves.filter(mask & (pl.col("on") <= d)), pl.col("amount"))
        return issued - moved

    def _sales(self, start: int, end: int) -> Decimal:
        pl = _pl()
        a, b = _dt.date.fromordinal(start), _dt.date.fromordinal(end)
        issued = _sum(self._claims.filter(pl.col("issued_on").is_between(a, b)), pl.col("amount"))
        credited = _sum(
            self._moves.filter((pl.col("kind") == 1) & pl.col("on").is_between(a, b)),
            pl.col("amount"),
        )
        return issued - credited

    def _payment_sums(self, start: int, end: int) -> tuple[Decimal, Decimal, Decimal]:
        pl = _pl()
        a, b = _dt.date.fromordinal(start), _dt.date.fromordinal(end)
        paid = self._moves.filter((pl.col("kind") == 0) & pl.col("on").is_between(a, b))
        to_pay = (pl.col("on") - pl.col("issued_on")).dt.total_days()
        late = (pl.col("on") - pl.col("due_on")).dt.total_days()
        row = paid.select(
            pl.col("amount").sum().alias("paid"),
            (pl.col("amount") * to_pay).sum().alias("weighted"),
            (pl.col("amount") * pl.when(late > 0).then(late).otherwise(0)).sum().alias("late"),
        ).row(0)
        return tuple(_ZERO if v is None else Decimal(v) for v in row)  # type: ignore[return-value]

    def _recovery(self, day: int, since: int | None) -> tuple[Decimal, Decimal]:
        pl = _pl()
        d = _dt.date.fromordinal(day)
        entered = pl.col("recovery_on").is_not_null() & (pl.col("recovery_on") <= d)
        if since is not None:
            entered = entered & (pl.col("recovery_on") >= _dt.date.fromordinal(since))
        amount = _sum(self._claims.filter(entered), pl.col("amount"))
        moves = self._moves.filter(entered)
        before = _sum(moves.filter(pl.col("on") <= pl.col("recovery_on")), pl.col("amount"))
        after = (pl.col("on") > pl.col("recovery_on")) & (pl.col("on") <= d)
        credited = _sum(moves.filter(after & (pl.col("kind") == 1)), pl.col("amount"))
        collected = _sum(moves.filter(after & (pl.col("kind") == 0)), pl.col("amount"))
        return amount - before - credited, collected

    def _recovery_costs(self, start: int, end: int) -> tuple[Decimal, Decimal]:
        pl = _pl()
        a, b = _dt.date.fromordinal(start), _dt.date.fromordinal(end)
        costs = _sum(self._costs.filter(pl.col("on").is_between(a, b)), pl.col("amount"))
        paid = self._moves.filter(
            (pl.col("kind") == 0)
            & pl.col("on").is_between(a, b)
            & pl.col("recovery_on").is_not_null()
            & (pl.col("on") > pl.col("recovery_on"))
        )
        collected = _sum(paid, pl.col("amount"))
        fees = _sum(
            paid.filter(
                pl.col("handover_on").is_not_null() & (pl.col("on") > pl.col("handover_on"))
            ),
            pl.col("amount") * pl.col("fee_rate"),
        )
        return costs + fees / _HUNDRED, collected

    def _balances(self, d: _dt.date) -> Any:
        pl = _pl()
        moved = (
            self._moves.filter(pl.col("on") <= d)
            .group_by("row")
            .agg(pl.col("amount").sum().alias("moved"))
        )
        return (
            self._claims.filter(self._ledger(d, False))
            .join(moved, on="row", how="left")
            .with_columns(
                (pl.col("amount") - pl.col("moved").fill_null(0)).alias("balance"),
                (pl.lit(d) - pl.col("due_on")).dt.total_days().alias("late"),
            )
        )

    def _past_due_days(self, day: int) -> tuple[int, int]:
        pl = _pl()
        d = _dt.date.fromordinal(day)
        open_late = self._balances(d).filter((pl.col("late") > 0) & (pl.col("balance") > 0))
        total = open_late.select(pl.col("late").sum()).item()
        return int(total or 0), int(open_late.height)

    def _first_issued(self) -> int | None:
        first = self._claims.select(_pl().col("issued_on").min()).item()
        return None if first is None else int(first.toordinal())

    def _aging(self, day: pendulum.Date, bounds: tuple[int, ...]) -> dict[str, AgingBalance]:
        return _aging_frame(self._balances(_date(day, "as_of")), day, bounds)


def _slot_expr(bounds: tuple[int, ...]) -> Any:
    pl = _pl()
    late = pl.col("late")
    slot = pl.lit(1, dtype=pl.Int32)
    for bound in bounds:
        slot = slot + (late > bound).cast(pl.Int32)
    return pl.when(late <= 0).then(pl.lit(0, dtype=pl.Int32)).otherwise(slot).alias("slot")


def _aging_frame(
    balances: Any, day: pendulum.Date, bounds: tuple[int, ...]
) -> dict[str, AgingBalance]:
    pl = _pl()
    sums = (
        balances.with_columns(_slot_expr(bounds))
        .group_by("currency", "slot")
        .agg(pl.col("balance").sum())
    )
    width = len(bounds) + 2
    rows: dict[str, list[Decimal]] = {}
    for currency, slot, amount in sums.iter_rows():
        rows.setdefault(currency, [_ZERO] * width)[slot] += Decimal(amount)
    return {
        currency: AgingBalance.from_amounts(
            as_of=day, currency=currency, not_due=row[0], past_due=row[1:], bounds=bounds
        )
        for currency, row in sorted(rows.items())
    }


# -- partitions (Spark mapInArrow, Dask map_partitions) ------------------------------------

PARTITION_MEASURES = ("receivables", "current_receivables", "sales")


def partition_sums(
    batches: Iterable[pa.RecordBatch | pa.Table],
    *,
    as_of: DateLike,
    start: DateLike,
    bounds: Iterable[int] = DEFAULT_BOUNDS,
) -> Iterator[pa.RecordBatch]:
    """Partial sums of one partition, ready to be combined: the ``mapInArrow`` function.

    For each Arrow batch of claims (columns of `claims_to_frame`) yields a batch with
    columns ``currency``, ``measure`` and ``amount`` (the exact decimal, as text):
    ``receivables``, ``current_receivables`` and ``sales`` (net sales from ``start`` to
    ``as_of``) on ``as_of``, and one row per aging bucket (``not_due``, ``1-30``...).
    Sums of sums are exact, so `combine_partition_sums` gives the whole portfolio's
    figures whatever the partitioning.

    Examples:
        >>> from recouvrement.sample import load_sample
        >>> table = claims_to_arrow(load_sample().claims, records=False)
        >>> parts = list(partition_sums(table.to_batches(max_chunksize=64),
        ...                             as_of="2026-03-31", start="2026-01-01"))
        >>> eur = combine_partition_sums(parts)["EUR"]
        >>> eur["receivables"]
        Decimal('121076.78')
    """
    pl = _pl()
    pa_ = _pa()
    limits = check_bounds(bounds)
    labels = ("not_due", *bucket_labels(limits))
    day = to_date(as_of, "as_of")
    first = to_date(start, "start").toordinal()
    schema = pa_.schema(
        [("currency", pa_.string()), ("measure", pa_.string()), ("amount", pa_.string())]
    )
    for batch in batches:
        frame = pl.from_arrow(batch)
        if not isinstance(frame, pl.DataFrame):  # pragma: no cover - a bare array
            raise InvalidType("batches", batch, "Arrow record batches of claims")
        out: dict[str, list[str]] = {"currency": [], "measure": [], "amount": []}
        if frame.height:
            for book in FramePortfolio(frame).group_by("currency").values():
                currency = book.currency
                end = day.toordinal()
                values = [
                    book._receivables(end),
                    book._receivables(end, current_only=True),
                    book._sales(first, end),
                ]
                balance = book.aging(as_of=day, bounds=limits)
                values.append(balance.not_due.amount)
                values.extend(m.amount for _, m in balance.buckets)
                for measure, value in zip((*PARTITION_MEASURES, *labels), values, strict=True):
                    out["currency"].append(currency)
                    out["measure"].append(measure)
                    out["amount"].append(str(value))
        yield pa_.RecordBatch.from_pydict(out, schema=schema)


def combine_partition_sums(
    parts: Iterable[pa.RecordBatch | pa.Table | pl.DataFrame],
) -> dict[str, dict[str, Decimal]]:
    """Add up the batches of `partition_sums`: currency -> measure -> exact total.

    Feed the totals to the plain-number figures: ``dso(t["receivables"], t["sales"],
    days=...)``, ``AgingBalance.from_amounts(...)``.
    """
    pl = _pl()
    totals: dict[str, dict[str, Decimal]] = {}
    for part in parts:
        frame = part if isinstance(part, pl.DataFrame) else pl.from_arrow(part)
        for currency, measure, amount in frame.select("currency", "measure", "amount").iter_rows():
            row = totals.setdefault(currency, {})
            row[measure] = row.get(measure, _ZERO) + Decimal(amount)
    return totals
