"""Decisions, amounts due and prescription over batches of claims, on every core.

`decide_batches` streams a portfolio through the per-claim functions
(`decisions.next_action`, `interest.amounts_due`, `prescription.prescription_deadline`)
batch by batch, with bounded memory, and yields one flat record per claim
(`BATCH_COLUMNS`) as Arrow record batches or as dicts. The records are those of
`decision_row`, the per-claim reference: the batch path adds no rule of its own.

- **Debtors stay whole.** A batch is cut only between two debtors, so that
  ``profiles="auto"`` profiles each debtor from all its claims, as
  `profiling.profile_debtors` does on the whole portfolio. The claims of a debtor must
  therefore be contiguous in the input (a ledger sorted by debtor); a debtor met again
  after its batch was closed raises `DebtorsNotGrouped`. A ledger in another order (by
  invoice date, say) is decided with the segments `ledger_segments` computes first, in
  two passes: the decisions are the same, in file order.
- **Every core.** ``workers=2`` runs the batches in a process pool; results come back in
  input order. Given a CSV file (`CsvLedger`), the parent only splits the raw records and
  the workers parse *and* decide.
- **Any engine.** `decide_arrow` is the partition function: Arrow record batches of claims
  in the layout of `kpi.claims_to_arrow` in, Arrow record batches of decisions out: the
  signature of Spark's ``mapInArrow`` (see docs/guides/large-portfolios.md for Spark and
  Dask).

Examples:
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> claims = sorted(sample.claims, key=lambda c: c.debtor.id)
    >>> rows = [r for part in decide_batches(claims, as_of=sample.as_of, output="rows",
    ...                                      batch_size=50) for r in part]
    >>> len(rows), rows[0]["claim_id"] == claims[0].id
    (200, True)
"""

from __future__ import annotations

import csv
import gc
import io
import json
import multiprocessing
import pickle
import re
import sys
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._convert import DateLike, to_date
from .claims import Claim
from .errors import InvalidType, InvalidValue, RecouvrementError

if TYPE_CHECKING:
    import pendulum
    import pyarrow as pa

    from .io.csv_ledger import ReaderCaches
    from .io.errors import RowError
    from .io.mapping import ColumnMapping
    from .policy import EscalationPolicy

__all__ = [
    "BATCH_COLUMNS",
    "BATCH_DDL",
    "BatchFailed",
    "BatchRun",
    "CsvLedger",
    "DebtorsNotGrouped",
    "batch_schema",
    "decide_arrow",
    "decide_batches",
    "decide_claims",
    "decision_row",
    "ledger_segments",
    "read_batches",
]

BATCH_COLUMNS = (
    "claim_id",
    "debtor_id",
    "action",
    "channel",
    "on",
    "step",
    "deadline",
    "currency",
    "outstanding",
    "interest",
    "indemnity",
    "total",
    "prescription_deadline",
    "reason_codes",
    "error",
)
"""The columns of a batch record, in order. Amounts are exact decimals written as text."""

_DDL_TYPES = {"on": "date", "deadline": "date", "prescription_deadline": "date"}
BATCH_DDL = ", ".join(
    f"`{name}` {'array<string>' if name == 'reason_codes' else _DDL_TYPES.get(name, 'string')}"
    for name in BATCH_COLUMNS
)
"""`batch_schema` as a Spark DDL string, the ``schema`` of ``mapInArrow``."""

Output = Literal["arrow", "rows", "records", "decisions"]


class DebtorsNotGrouped(InvalidValue):
    """A debtor's claims are not contiguous in the input of ``profiles="auto"``.

    Attributes:
        debtor_id: The debtor met again after its batch was closed.
    """

    def __init__(self, debtor_id: str) -> None:
        super().__init__(
            "claims",
            debtor_id,
            f"the claims of debtor {debtor_id!r} are not contiguous: sort the input by "
            "debtor id (profiles='auto' profiles each debtor from all its claims)",
        )
        self.debtor_id = debtor_id


class BatchFailed(RecouvrementError):
    """A batch stopped on an error (``output="records"`` or ``"decisions"``, or a ledger
    whose header is wrong).

    The message is the original error's, prefixed with the claim id when there is one; it
    crosses process boundaries, which the original error may not.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __reduce__(self) -> tuple[type[BatchFailed], tuple[str]]:
        return BatchFailed, (self.message,)


# -- one claim ---------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return None if value is None else format(value.amount, "f")


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def decision_row(
    claim: Claim,
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None = None,
    profile: Any = None,
    rates: Any = None,
    amounts: bool = True,
) -> dict[str, Any]:
    """The batch record of one claim: next action, amounts due, prescription, reasons.

    A `RecouvrementError` on the claim (a rate not yet published, a claim under another
    law...) does not stop a batch: it is written in ``error`` and the fields it prevents
    are left empty. With ``amounts=False`` the amounts due and the prescription are only
    filled in when the decision computed them (acting decisions), which is faster.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> row = decision_row(sample_claim(), as_of="2025-06-30")
        >>> row["action"], row["outstanding"], row["prescription_deadline"]
        ('small_claims_procedure', '1500.00', '2030-02-14')
    """
    from .decisions import next_action
    from .interest import amounts_due
    from .prescription import prescription_deadline

    day = to_date(as_of, "as_of")
    errors: list[str] = []
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row.update(claim_id=claim.id, debtor_id=claim.debtor.id, currency=claim.currency)
    row["reason_codes"] = []
    try:
        decision = next_action(claim, as_of=day, policy=policy, profile=profile, rates=rates)
    except RecouvrementError as exc:
        errors.append(f"next_action: {exc}")
        decision = None
    if decision is not None:
        row.update(
            action=decision.action.value,
            channel=None if decision.channel is None else decision.channel.value,
            on=decision.on.isoformat(),
            step=decision.step,
            deadline=_iso(decision.deadline),
            reason_codes=[r.code for r in decision.reasons],
        )
    row["outstanding"] = _text(claim.outstanding(as_of=day))
    due = None if decision is None else decision.amounts
    if due is None and amounts:
        try:
            due = amounts_due(claim, as_of=day, rates=rates)
        except RecouvrementError as exc:
            errors.append(f"amounts_due: {exc}")
    if due is not None:
        row.update(
            interest=_text(due.interest), indemnity=_text(due.indemnity), total=_text(due.total)
        )
    if amounts:
        try:
            row["prescription_deadline"] = _iso(prescription_deadline(claim, as_of=day).deadline)
        except RecouvrementError as exc:
            errors.append(f"prescription_deadline: {exc}")
    row["error"] = "; ".join(errors) or None
    return row


def _profiles(claims: list[Claim], as_of: pendulum.Date) -> dict[str, Any]:
    """Each debtor's segment (`profiling.debtor_segment`: all `next_action` reads of its
    profile), ``None`` for a debtor that cannot be profiled."""
    from .profiling import debtor_segment

    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.debtor.id, []).append(claim)
    found: dict[str, Any] = {}
    for debtor_id, mine in groups.items():
        try:
            found[debtor_id] = debtor_segment(mine, as_of=as_of)
        except RecouvrementError:
            found[debtor_id] = None
    return found


def decide_claims(
    claims: Iterable[Claim],
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = "auto",
    rates: Any = None,
    amounts: bool = True,
) -> list[dict[str, Any]]:
    """The records of one batch of claims (`decision_row` for each, in order).

    With ``profiles="auto"`` every debtor is profiled from its claims in this batch.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> [r["step"] for r in decide_claims([sample_claim()], as_of="2025-03-20")]
        ['written']
    """
    day = to_date(as_of, "as_of")
    mine = list(claims)
    for claim in mine:
        if not isinstance(claim, Claim):
            raise InvalidType("claims", claim, "Claim")
    found: Mapping[str, Any] | None
    found = _profiles(mine, day) if profiles == "auto" else profiles
    if found is not None and not isinstance(found, Mapping):
        raise InvalidType("profiles", profiles, "a mapping of debtor id -> profile, 'auto' or None")
    return [
        decision_row(
            c,
            as_of=day,
            policy=policy,
            profile=None if found is None else found.get(c.debtor.id),
            rates=rates,
            amounts=amounts,
        )
        for c in mine
    ]


# -- Arrow -------------------------------------------------------------------------------


def batch_schema() -> pa.Schema:
    """The Arrow schema of the batches `decide_batches` yields.

    Examples:
        >>> batch_schema().names == list(BATCH_COLUMNS)
        True
    """
    import pyarrow as pa

    text, day = pa.string(), pa.date32()
    types = {"on": day, "deadline": day, "prescription_deadline": day}
    types["reason_codes"] = pa.list_(text)
    return pa.schema([(name, types.get(name, text)) for name in BATCH_COLUMNS])


def _to_arrow(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    import pyarrow as pa

    schema = batch_schema()
    arrays = []
    for field in schema:
        values = [r[field.name] for r in rows]
        if pa.types.is_date32(field.type):
            arrays.append(pa.array(values, pa.string()).cast(field.type))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def decide_arrow(
    batches: Iterable[pa.RecordBatch],
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = "auto",
    rates: Any = None,
    batch_size: int = 100_000,
    amounts: bool = True,
) -> Iterator[pa.RecordBatch]:
    """The partition function: Arrow batches of claims in, Arrow batches of records out.

    The claims are in the layout of `kpi.claims_to_arrow` (with its ``record`` column);
    each debtor's rows must be contiguous (``repartition`` and sort by ``debtor_id``).
    This is `decide_batches` in one process, for Spark's ``mapInArrow`` and Dask.

    Examples:
        >>> from recouvrement import kpi
        >>> from recouvrement.sample import sample_claim
        >>> table = kpi.claims_to_arrow([sample_claim()])
        >>> out = list(decide_arrow(table.to_batches(), as_of="2025-06-30"))
        >>> out[0].column("total").to_pylist()
        ['1613.50']
    """
    yield from decide_batches(
        batches,
        as_of=as_of,
        policy=policy,
        profiles=profiles,
        rates=rates,
        batch_size=batch_size,
        amounts=amounts,
    )


# -- sources -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CsvLedger:
    """A CSV ledger file for `decide_batches`: the workers parse its rows.

    Attributes:
        path: The file (UTF-8, with a header row).
        mapping: How to read its columns (`io.mapping.ColumnMapping`); the standard layout
            by default.
    """

    path: Path = attrs.field(converter=Path)
    mapping: ColumnMapping | None = None


@attrs.frozen(kw_only=True)
class _Unit:
    """One batch of work: claims, Arrow slices or raw CSV text; with the debtors it holds
    and, given a mapping of profiles, theirs (`_with_profiles`: only what it needs crosses
    to a worker)."""

    kind: str
    payload: Any
    first_line: int = 0
    debtors: tuple[str | None, ...] = ()
    profiles: Mapping[str, Any] | None = None
    lines: tuple[tuple[int, int], ...] | None = None
    """A regrouped CSV unit (`_regrouped`): each record's first line in the unit's text and
    in the file, in the unit's order (its records are not contiguous in the file)."""
    unread: int = 0
    """Runs of CSV records whose debtor cell could not be read here (`_cell`): a broken
    record, after which the cut by quotes may no longer be csv's (`BatchRun.unreadable`)."""


def _claim_runs(claims: Iterable[Any]) -> Iterator[tuple[str | None, str, Any, int]]:
    for claim in claims:
        if not isinstance(claim, Claim):
            raise InvalidType("claims", claim, "Claim or pyarrow.RecordBatch")
        yield claim.debtor.id, "claims", claim, 1


def _arrow_runs(first: Any, rest: Iterator[Any]) -> Iterator[tuple[str | None, str, Any, int]]:
    batch: Any = first
    while batch is not None:
        debtors = batch.column("debtor_id").to_pylist()
        start = 0
        for index in range(1, len(debtors) + 1):
            if index == len(debtors) or debtors[index] != debtors[start]:
                yield debtors[start], "arrow", batch.slice(start, index - start), index - start
                start = index
        batch = next(rest, None)


def _csv_runs(
    ledger: CsvLedger, header: list[str], by_debtor: bool = True
) -> Iterator[tuple[str | None, str, Any, int]]:
    """The raw records of a CSV ledger, keyed by debtor (or by line: any row may end a
    batch when ``by_debtor`` is false, and no cell is parsed here)."""
    from .io.mapping import ColumnMapping

    mapping = ledger.mapping or ColumnMapping.standard()
    try:
        column = header.index(mapping.source_of("debtor_id"))
    except (ValueError, RecouvrementError):
        column = -1
    delimiter = mapping.delimiter
    pattern = _cell_pattern(column, delimiter)
    with ledger.path.open(encoding=_encoding(mapping), newline="") as handle:
        handle.readline()
        line = 2
        record: list[str] = []
        quotes = 0
        for text in handle:
            record.append(text)
            quotes += text.count('"')
            if quotes % 2:
                continue
            raw = "".join(record)
            if not by_debtor:
                debtor: str | None = str(line)
            elif column < 0:  # no debtor column (a constant): one run, nothing to cut by
                debtor = ""
            else:
                debtor = _cell(raw, record, column, pattern, delimiter)
            yield debtor, "csv", (line, raw, len(record)), 1
            line += len(record)
            record, quotes = [], 0
        if record:
            yield None, "csv", (line, "".join(record), len(record)), 1


def _cell_pattern(column: int, delimiter: str = ",") -> re.Pattern[str] | None:
    """The pattern of a record's first ``column + 1`` well-formed cells (the last captured):
    each quoted (doubled quotes inside) or plain, followed by ``delimiter``."""
    if column < 0:
        return None
    separator = re.escape(delimiter)
    cell = r'"[^"]*(?:""[^"]*)*"|[^' + separator + r'"\r\n]*'
    return re.compile(
        r"(?:(?:" + cell + r")" + separator + r"){" + str(column) + r"}(" + cell + ")"
    )


def _cell(
    raw: str,
    record: list[str],
    column: int,
    pattern: re.Pattern[str] | None,
    delimiter: str = ",",
) -> Any:
    """The cell at ``column`` of a record as `csv.reader` reads it (``None`` if missing).

    Well-formed cells before it are matched by ``pattern`` (the common case, without
    building the row); anything else (a stray quote, spaces around a quoted cell) is left
    to `csv.reader`."""
    found = None if pattern is None else pattern.match(raw)
    end = -1 if found is None else found.end()
    # (a blank line is no row for csv.reader, and a cell must end where its record does)
    ends = (delimiter, "\r", "\n")
    if found is not None and end < len(raw) and raw[end] in ends and (end or raw[0] == delimiter):
        cell = found[1]
        return cell[1:-1].replace('""', '"') if cell[:1] == '"' else cell
    try:
        cells = next(csv.reader(record, delimiter=delimiter), [])
    except csv.Error:  # the worker's reader reports it
        cells = []
    return cells[column] if 0 <= column < len(cells) else None


def _units(
    runs: Iterator[tuple[str | None, str, Any, int]],
    batch_size: int,
    grouped: bool,
    regrouped: bool = False,
) -> Iterator[_Unit]:
    pieces: list[Any] = []
    debtors: list[str | None] = []
    kind = ""
    count = 0
    current: str | None = None
    closed: set[str] = set()
    for debtor, kind, piece, size in runs:
        if debtor != current or not debtors:
            if count >= batch_size:
                yield _unit(kind, pieces, debtors, regrouped)
                pieces, debtors, count = [], [], 0
            if grouped and current is not None:
                closed.add(current)
            if grouped and debtor in closed:
                raise DebtorsNotGrouped(str(debtor))
            current = debtor
            debtors.append(debtor)
        pieces.append(piece)
        count += size
    if pieces:
        yield _unit(kind, pieces, debtors, regrouped)


def _unit(
    kind: str, pieces: list[Any], debtors: list[str | None], regrouped: bool = False
) -> _Unit:
    if kind != "csv":
        return _Unit(kind=kind, payload=pieces, debtors=tuple(debtors))
    lines = None
    if regrouped:
        found, start = [], 2  # (the header is the unit's line 1)
        for first, _, span in pieces:
            found.append((start, first))
            start += span
        lines = tuple(found)
    return _Unit(
        kind=kind,
        payload="".join(p[1] for p in pieces),
        first_line=pieces[0][0],
        debtors=tuple(debtors),
        lines=lines,
        unread=debtors.count(None),
    )


def _regrouped(
    runs: Iterator[tuple[str | None, str, Any, int]],
) -> Iterator[tuple[str | None, str, Any, int]]:
    """The runs debtor by debtor (in the order debtors first appear, each debtor's in
    input order): the whole input is held, as text for a CSV ledger."""
    groups: dict[str | None, list[tuple[str | None, str, Any, int]]] = {}
    for run in runs:
        groups.setdefault(run[0], []).append(run)
    for debtor in list(groups):
        yield from groups.pop(debtor)  # (its text let go as it goes to a batch)


def _with_profiles(units: Iterator[_Unit], profiles: Mapping[str, Any]) -> Iterator[_Unit]:
    """Each unit with the profiles of its debtors (``None`` for a debtor without one)."""
    for unit in units:
        mine = {d: profiles.get(d) for d in unit.debtors if d is not None}
        yield attrs.evolve(unit, profiles=mine)


# -- running a unit (in a worker or here) ------------------------------------------------


@attrs.frozen(kw_only=True)
class _Settings:
    as_of: pendulum.Date | None
    policy: Any
    profiles: Any
    rates: Any
    amounts: bool
    output: str
    source: str = ""
    header: str = ""
    mapping: Any = None
    pooled: bool = False
    """Row errors cross a process boundary: an ``error`` that cannot be pickled is dropped."""
    transform: Callable[[Any], Any] | None = None


@attrs.frozen(kw_only=True)
class _Read:
    """What reading one unit found besides its claims (the counts of `io.errors.LoadResult`),
    with the claims issued after ``as_of`` (their number and the first of them)."""

    errors: list[RowError]
    rows: int
    warnings: tuple[Any, ...] = ()
    credits: tuple[Any, ...] = ()
    filtered: int = 0
    duplicates: int = 0
    issued_after: int = 0
    first_after: tuple[str, str] | None = None
    keys: tuple[int, ...] | None = None
    """A regrouped unit: each claim's line in the file (its place in the output)."""
    first_after_key: int = 0
    unreadable: int = 0


def _portable(error: Any) -> Any:
    """An error that can cross to the main process (pickled), else ``None``."""
    try:
        pickle.dumps(error)
    except Exception:  # any reason not to pickle it: the error is left out
        return None
    return error


def _file_line(unit: _Unit) -> Callable[[int], int]:
    """A line of the unit's text -> its line in the file."""
    lines = unit.lines
    if lines is None:
        shift = unit.first_line - 2
        return lambda line: line + shift
    starts = [start for start, _ in lines]

    def moved(line: int) -> int:
        start, first = lines[max(bisect_right(starts, line) - 1, 0)]
        return first + line - start

    return moved


def _moved(records: Any, settings: _Settings) -> list[Any]:
    """Row records of a unit (their lines already the file's: `_file_line`) named after the
    whole file."""
    out = []
    for record in records:
        changes: dict[str, Any] = {"source": settings.source}
        if settings.pooled and getattr(record, "error", None) is not None:
            changes["error"] = _portable(record.error)
        out.append(attrs.evolve(record, **changes))
    return out


def _claims_of(unit: _Unit, settings: _Settings, caches: ReaderCaches) -> tuple[list[Claim], _Read]:
    if unit.kind == "claims":
        return list(unit.payload), _Read(errors=[], rows=len(unit.payload))
    if unit.kind == "arrow":
        texts = [text for piece in unit.payload for text in piece.column("record").to_pylist()]
        return [Claim.from_dict(json.loads(text)) for text in texts], _Read(
            errors=[], rows=len(texts)
        )
    from .io.csv_ledger import _claim_stream, _resynchronised

    text = io.StringIO(settings.header + unit.payload)
    # every line the reader reports (fields, messages) is the file's, not the unit's
    stream = _claim_stream(text, settings.mapping, "collect", None, caches, _file_line(unit))
    claims: list[Claim] = []
    keys: list[int] = []
    for claim in stream:
        claims.append(claim)
        keys.append(stream.line)
    day = settings.as_of
    later = (
        []
        if day is None
        else [(k, c) for k, c in zip(keys, claims, strict=True) if c.issued_on > day]
    )
    first = min(later, key=lambda pair: pair[0]) if later else None
    return claims, _Read(
        errors=_moved(stream.errors, settings),
        rows=stream.rows,
        warnings=tuple(_moved(stream.warnings, settings)),
        credits=tuple(_moved(stream.credits, settings)),
        filtered=stream.filtered,
        duplicates=stream.duplicates,
        issued_after=len(later),
        first_after=None if first is None else (first[1].id, first[1].issued_on.isoformat()),
        keys=None if unit.lines is None else tuple(keys),
        first_after_key=0 if first is None else first[0],
        unreadable=unit.unread + sum(1 for error in stream.errors if _resynchronised(error)),
    )


def _run(unit: _Unit, settings: _Settings, caches: ReaderCaches) -> tuple[Any, _Read, int]:
    try:
        out, read = _run_unit(unit, settings, caches)
    except BatchFailed:
        raise
    except RecouvrementError as exc:
        raise BatchFailed(str(exc)) from None
    claims = len(out) if isinstance(out, list | dict) else out.num_rows
    if settings.transform is None:
        return out, read, claims
    try:
        return settings.transform(out), read, claims
    except BatchFailed:
        raise
    except RecouvrementError as exc:
        raise BatchFailed(str(exc)) from None


def _decided(claims: list[Claim], settings: _Settings, profiles: Any) -> list[tuple[Any, Claim]]:
    """Each claim's `Decision` with the claim (an error on a claim stops the batch)."""
    from .decisions.api import _decide_checked
    from .decisions.inputs import policy_of, segment_of
    from .decisions.plans import check_claim

    day = settings.as_of
    assert day is not None  # decisions always have their day (`decide_batches`)
    found = _profiles(claims, day) if profiles == "auto" else profiles
    out = []
    # `next_action` for each claim, in its order of checks, the policy resolved once
    policy: Any = None
    for claim in claims:
        profile = None if found is None else found.get(claim.debtor.id)
        try:
            check_claim(claim)
            if policy is None:
                policy = policy_of(settings.policy)
            segment = None if profile is None else segment_of(profile)
            decision = _decide_checked(claim, day, policy, segment, True, settings.rates)
        except RecouvrementError as exc:
            raise BatchFailed(f"claim {claim.id!r}: {exc}") from None
        out.append((decision, claim))
    return out


def _records(claims: list[Claim], settings: _Settings, profiles: Any) -> list[dict[str, Any]]:
    """`reports.decision_record` of each claim, with ``open`` (`reports.is_open`)."""
    from .reports import decision_record, is_open

    out = []
    for decision, claim in _decided(claims, settings, profiles):
        record = decision_record(decision, claim)
        record["open"] = is_open(decision, claim)
        out.append(record)
    return out


def _run_unit(unit: _Unit, settings: _Settings, caches: ReaderCaches) -> tuple[Any, _Read]:
    claims, read = _claims_of(unit, settings, caches)
    if settings.output == "claims" or settings.as_of is None:
        return claims, read
    if settings.output == "segments":
        return _profiles(claims, settings.as_of), read
    profiles = settings.profiles if unit.profiles is None else unit.profiles
    if isinstance(profiles, Mapping):
        profiles = {c.debtor.id: profiles.get(c.debtor.id) for c in claims}
    if settings.output == "records":
        return _records(claims, settings, profiles), read
    if settings.output == "decisions":
        return _decided(claims, settings, profiles), read
    day = settings.as_of
    records = decide_claims(
        claims,
        as_of=day,
        policy=settings.policy,
        profiles=profiles,
        rates=settings.rates,
        amounts=settings.amounts,
    )
    return (_to_arrow(records) if settings.output == "arrow" else records), read


class BatchRun(Iterator[Any]):
    """The iterator `decide_batches` returns: batches of records, in input order.

    Attributes:
        errors: The invalid rows of a `CsvLedger` read so far (`io.errors.RowError`).
        warnings: Its suspect rows still read (`io.errors.LoadWarning`), as the CSV reader
            reports them.
        credits: Its negative open balances (`io.errors.CreditBalance`).
        filtered: Its rows left out on purpose (``skip_when``, zero balances, payments set
            against their item).
        duplicates: Its rows dropped by the duplicate policy.
        issued_after: The claims read that were issued after ``as_of``.
        first_issued_after: The first of them: its id and its date of issue (ISO).
        rows: The input rows (or claims) read so far.
        claims: The claims decided so far.
        detected: What format detection found in a `CsvLedger` whose mapping leaves
            settings to it (``"auto"``), as `io.LoadResult.detected`: detected once, from
            the start of the file, and every batch read with it; else ``None``.
        unreadable: Records of a `CsvLedger` that csv could not read (a stray or
            unbalanced quote), whose lines were read again as rows, or whose debtor could
            not be read to cut the batches. Each invalid one is in ``errors`` on its line;
            but one process reads the lines after it in the file's order, the batches as
            they were cut: past such a record the two may read differently. Read a file
            with any in one process (`io.read_claims_csv`), as ``recouvrement
            next-actions --workers N`` does.
    """

    def __init__(self, results: Iterator[tuple[Any, _Read, int]]) -> None:
        self._results = results
        self.detected: Any = None
        self.unreadable = 0
        self.errors: list[RowError] = []
        self.warnings: list[Any] = []
        self.credits: list[Any] = []
        self.filtered = 0
        self.duplicates = 0
        self.issued_after = 0
        self.first_issued_after: tuple[str, str] | None = None
        self.rows = 0
        self.claims = 0
        self.keys: tuple[int, ...] | None = None
        self._first_key = 0

    def __iter__(self) -> BatchRun:
        return self

    def __next__(self) -> Any:
        out, read, claims = next(self._results)
        self.errors.extend(read.errors)
        self.warnings.extend(read.warnings)
        self.credits.extend(read.credits)
        self.filtered += read.filtered
        self.duplicates += read.duplicates
        self.unreadable += read.unreadable
        self.issued_after += read.issued_after
        self.keys = read.keys
        if read.first_after is not None and (
            self.first_issued_after is None
            or (read.keys is not None and read.first_after_key < self._first_key)
        ):
            self.first_issued_after = read.first_after
            self._first_key = read.first_after_key
        self.rows += read.rows
        self.claims += claims
        return out


def _serial(units: Iterator[_Unit], settings: _Settings) -> Iterator[Any]:
    from .io.csv_ledger import ReaderCaches

    caches = ReaderCaches()  # the cells parsed in one unit, reused by the next ones
    for unit in units:
        yield _run(unit, settings, caches)


_WORKER_GC_THRESHOLD = (100_000, 50, 100)
"""The cyclic collector's thresholds in the worker processes (`gc.set_threshold`).

A worker allocates many objects that live for its whole batch (the claims, their
decisions); with the interpreter's default first threshold (700) the collector rescans
them over and over, about a fifth of a worker's time. Reference counting frees everything
else as before; the worker processes are the library's own, the caller's process is not
touched."""


def _worker_started() -> None:
    gc.set_threshold(*_WORKER_GC_THRESHOLD)


_FROZEN: list[bool] = []
"""Set in a worker process once its first unit is done (`_worker_run`)."""

_WORKER_CACHES: list[ReaderCaches] = []
"""The parsed cells of a worker process's CSV units (`io.csv_ledger.ReaderCaches`):
dates, parties, terms and events repeat from one unit of a ledger to the next. Bounded,
emptied by a unit of another header, mapping or policy; pure memo of immutable values."""


def _worker_run(unit: _Unit, settings: _Settings) -> tuple[Any, _Read, int]:
    """`_run` in a worker process, without the cyclic collector while it runs: reference
    counting frees what a unit allocates as it goes, and the collector, run once at its
    end over what the unit allocated (``gc.collect(0)``), frees any cycle among it; run
    during the unit, it would rescan the unit's claims and decisions again and again.
    After the first unit, what the process keeps for good (the modules, the rate tables
    and calendars loaded, the rules' caches) is moved out of its sight (`gc.freeze`)."""
    if not _WORKER_CACHES:
        from .io.csv_ledger import ReaderCaches

        _WORKER_CACHES.append(ReaderCaches())
    gc.disable()
    try:
        done = _run(unit, settings, _WORKER_CACHES[0])
    finally:
        gc.enable()
    gc.collect(0)
    if not _FROZEN:
        gc.freeze()
        _FROZEN.append(True)
    return done


def _worker_warmed(settings: _Settings) -> None:
    """A worker's modules loaded before its first unit: an empty unit of the run's kind
    (the header of a CSV ledger) through every step. Sent before the parent cuts its first
    unit, so that a worker starts while the parent reads (all of a ledger regrouped by
    debtor is read before its first unit)."""
    from .io.csv_ledger import ReaderCaches

    kind, payload = ("csv", "") if settings.header else ("claims", [])
    _run(_Unit(kind=kind, payload=payload), settings, ReaderCaches())


def _pooled(units: Iterator[_Unit], settings: _Settings, workers: int) -> Iterator[Any]:
    pending: deque[Future[Any]] = deque()
    # A fresh interpreter per worker: forking a parent that runs Arrow or Polars threads
    # can leave a child holding one of their locks.
    context = multiprocessing.get_context("forkserver")
    settings = attrs.evolve(settings, pooled=True)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_started
    ) as pool:
        for _ in range(workers):  # (its outcome is not waited for: a unit's is)
            pool.submit(_worker_warmed, settings)
        for unit in units:
            pending.append(pool.submit(_worker_run, unit, settings))
            while len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _check(batch_size: Any, workers: Any, output: Any, transform: Any) -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise InvalidType("batch_size", batch_size, "int")
    if batch_size < 1:
        raise InvalidValue("batch_size", batch_size, "must be at least 1")
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise InvalidType("workers", workers, "int")
    if workers < 1:
        raise InvalidValue("workers", workers, "must be at least 1")
    if output not in ("arrow", "rows", "records", "decisions"):
        raise InvalidValue("output", output, "must be 'arrow', 'rows', 'records' or 'decisions'")
    if transform is not None and not callable(transform):
        raise InvalidType("transform", transform, "a callable or None")


def decide_batches(
    source: Iterable[Claim] | Iterable[pa.RecordBatch] | CsvLedger,
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None = None,
    profiles: Mapping[str, Any] | Literal["auto"] | None = "auto",
    rates: Any = None,
    workers: int = 1,
    batch_size: int = 10_000,
    output: Output = "arrow",
    progress: Callable[[BatchRun], None] | None = None,
    amounts: bool = True,
    transform: Callable[[Any], Any] | None = None,
) -> BatchRun:
    """Decide every claim of a portfolio, batch by batch, in input order.

    Args:
        source: Claims; or Arrow record batches in the layout of `kpi.claims_to_arrow`
            (with its ``record`` column); or a `CsvLedger` file, parsed by the workers.
        as_of: The day of the decisions.
        policy: The escalation policy (the default French ladder when ``None``).
        profiles: ``"auto"`` (each debtor profiled from its claims, which must be
            contiguous), a mapping debtor id -> profile or segment, or ``None``.
        rates: Your own rate tables, as `interest.amounts_due` takes them.
        workers: Processes; ``1`` runs in this process.
        batch_size: Claims per batch (a batch may run over to keep a debtor whole).
        output: ``"arrow"`` (`pyarrow.RecordBatch` with `batch_schema`), ``"rows"``
            (lists of dicts with `BATCH_COLUMNS`) or ``"records"`` (lists of the CLI's
            `reports.decision_record` dicts, each with ``open``; an error on a claim
            stops the run with `BatchFailed`) or ``"decisions"`` (lists of
            ``(Decision, Claim)`` pairs, as ``"records"`` without building the records:
            for a ``transform`` that writes them itself).
        progress: Called with the `BatchRun` after each batch (``run.claims`` so far).
        amounts: Compute the amounts due and the prescription of every claim; ``False``
            keeps only those the decisions computed (see `decision_row`).
        transform: Applied to each batch where it is decided (in the worker), before it
            is sent back: the run yields what it returns. Encode or filter there, so the
            main process only writes (with ``workers > 1``, a module-level function or a
            `functools.partial` of one, so that it can be pickled). A `RecouvrementError`
            it raises stops the run with `BatchFailed`.

    Returns:
        A `BatchRun`: iterate it for the batches; its ``errors`` lists the invalid CSV rows.

    Raises:
        DebtorsNotGrouped: ``profiles="auto"`` and a debtor's claims are not contiguous.
        BatchFailed: A batch stopped on an error (see ``output``), or a `CsvLedger`'s header
            (or the start of the file, for the settings its mapping leaves to detection)
            cannot be read.
        InvalidType: A bad argument.
        InvalidValue: A bad ``as_of``, ``batch_size``, ``workers`` or ``output``.

    Examples:
        >>> from recouvrement.sample import sample_claim
        >>> run = decide_batches([sample_claim()], as_of="2025-06-30")
        >>> [b.num_rows for b in run], run.claims
        ([1], 1)
    """
    day = to_date(as_of, "as_of")
    _check(batch_size, workers, output, transform)
    if not isinstance(amounts, bool):
        raise InvalidType("amounts", amounts, "bool")
    settings = _Settings(
        as_of=day,
        policy=policy,
        profiles=profiles,
        rates=rates,
        amounts=amounts,
        output=output,
        transform=transform,
    )
    if isinstance(profiles, Mapping):
        # each unit carries its debtors' profiles (`_with_profiles`), not the whole mapping
        settings = attrs.evolve(settings, profiles=None)
    runs: Iterator[tuple[str | None, str, Any, int]]
    detected = None
    if isinstance(source, CsvLedger):
        source, header_text, header, detected = _header(source)
        settings = attrs.evolve(
            settings, source=source.path.name, header=header_text, mapping=source.mapping
        )
        runs = _csv_runs(source, header)
        if profiles != "auto":  # debtors may come back: keep netted rows together
            batch_size = _apart(source, batch_size)
    else:
        items = iter(source)
        first = next(items, None)
        if first is not None and not isinstance(first, Claim) and hasattr(first, "schema"):
            runs = _arrow_runs(first, items)
        else:
            runs = _claim_runs(() if first is None else _chain(first, items))
    units = _units(runs, batch_size, profiles == "auto")
    if isinstance(profiles, Mapping):
        units = _with_profiles(units, profiles)
    return _started(units, settings, workers, progress, detected)


def _decide_regrouped(
    source: CsvLedger,
    *,
    as_of: DateLike,
    policy: EscalationPolicy | None,
    rates: Any,
    workers: int,
    batch_size: int,
    output: Output,
    progress: Callable[[BatchRun], None] | None,
    transform: Callable[[Any], Any] | None,
) -> BatchRun:
    """Internal: `decide_batches` of a CSV ledger whose debtors are not contiguous, in one
    pass: its records are regrouped by debtor here (its text held in memory), each debtor
    profiled from all its claims (``"auto"``); the batches come in that order, and
    ``run.keys`` gives each claim's line in the file after each batch (to put the output
    back in file order: `cli._stream.Spool`). The row errors, warnings and credits keep
    their lines in the file."""
    day = to_date(as_of, "as_of")
    _check(batch_size, workers, output, transform)
    settings = _Settings(
        as_of=day,
        policy=policy,
        profiles="auto",
        rates=rates,
        amounts=True,
        output=output,
        transform=transform,
    )
    units, settings, detected = _regrouped_units(source, settings, batch_size)
    return _started(units, settings, workers, progress, detected)


def _regrouped_units(
    source: CsvLedger, settings: _Settings, batch_size: int
) -> tuple[Iterator[_Unit], _Settings, Any]:
    """The units of a ledger regrouped by debtor (`_regrouped`), ``settings`` naming the
    ledger (its file, header and mapping), and what format detection found."""
    source, header_text, header, detected = _header(source)
    settings = attrs.evolve(
        settings, source=source.path.name, header=header_text, mapping=source.mapping
    )
    runs = _regrouped(_csv_runs(source, header))
    return _units(runs, batch_size, True, regrouped=True), settings, detected


def ledger_segments(
    source: CsvLedger,
    *,
    as_of: DateLike,
    workers: int = 1,
    batch_size: int = 10_000,
    progress: Callable[[BatchRun], None] | None = None,
) -> dict[str, Any]:
    """Each debtor's segment over a CSV ledger in any order, for `decide_batches`.

    ``profiles="auto"`` needs each debtor's claims together; a ledger sorted otherwise (by
    invoice date or number, as most exports are) raises `DebtorsNotGrouped`. This first
    pass profiles each debtor from all its claims (`profiling.debtor_segment`, as
    ``"auto"`` does); pass its result as ``profiles=`` and `decide_batches` decides the
    ledger in file order, batch by batch, with the same decisions. The records are held
    as text in this process while they are regrouped (about the file's size); the
    workers parse and profile them. Invalid rows are left out here: the decision pass
    reports them.

    Args:
        source: The ledger file.
        as_of: The day of the profiles (the decisions' day).
        workers: Processes; ``1`` runs in this process.
        batch_size: Claims per batch (a batch may run over to keep a debtor whole).
        progress: Called with the `BatchRun` after each batch (``run.rows`` so far).

    Returns:
        Debtor id -> `segments.Segment`, or ``None`` for a debtor that cannot be profiled.

    Raises:
        BatchFailed: The ledger's header cannot be read.
        InvalidType: A bad argument.
        InvalidValue: A bad ``as_of``, ``batch_size`` or ``workers``.

    Examples:
        >>> import tempfile, pathlib
        >>> from recouvrement.io.csv_ledger import write_claims_csv
        >>> from recouvrement.sample import load_sample
        >>> sample = load_sample()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "by-date.csv"
        ...     _ = write_claims_csv(sorted(sample.claims, key=lambda c: c.issued_on), path)
        ...     ledger = CsvLedger(path=path)
        ...     segments = ledger_segments(ledger, as_of=sample.as_of)
        ...     run = decide_batches(ledger, as_of=sample.as_of, profiles=segments)
        ...     len(segments), sum(batch.num_rows for batch in run)
        (40, 200)
    """
    if not isinstance(source, CsvLedger):
        raise InvalidType("source", source, "CsvLedger")
    day = to_date(as_of, "as_of")
    _check(batch_size, workers, "rows", None)
    settings = _Settings(
        as_of=day, policy=None, profiles="auto", rates=None, amounts=False, output="segments"
    )
    units, settings, _ = _regrouped_units(source, settings, batch_size)
    segments: dict[str, Any] = {}
    for part in _started(units, settings, workers, progress):
        segments.update(part)
    return segments


def read_batches(
    source: CsvLedger,
    *,
    as_of: DateLike | None = None,
    workers: int = 1,
    batch_size: int = 10_000,
    transform: Callable[[list[Claim]], Any] | None = None,
    progress: Callable[[BatchRun], None] | None = None,
) -> BatchRun:
    """Read a CSV ledger in batches, parsed by worker processes, in file order.

    The rows are read exactly as `io.csv_ledger.iter_claims_csv` reads them (the same
    claims, the same invalid rows with their file, line, column and value, the same
    warnings); the run yields each batch's claims, or what ``transform`` makes of them in
    the worker (columns, sums: what the main process should receive rather than claims).
    A batch may cut a debtor's claims: nothing here needs them together.

    Args:
        source: The ledger file.
        as_of: The day of the run, to count the claims issued after it
            (``run.issued_after``); ``None``: not counted.
        workers: Processes; ``1`` reads in this process.
        batch_size: Rows per batch.
        transform: Applied to each batch's claims in the worker (picklable when
            ``workers > 1``); a `RecouvrementError` it raises stops the run (`BatchFailed`).
        progress: Called with the `BatchRun` after each batch.

    Raises:
        InvalidType: A bad argument.
        InvalidValue: A bad ``as_of``, ``batch_size`` or ``workers``.

    Examples:
        >>> import tempfile, pathlib
        >>> from recouvrement.io.csv_ledger import write_claims_csv
        >>> from recouvrement.sample import load_sample
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "ledger.csv"
        ...     _ = write_claims_csv(load_sample().claims, path)
        ...     run = read_batches(CsvLedger(path=path), batch_size=80)
        ...     [len(batch) for batch in run], run.rows
        ([80, 80, 40], 200)
    """
    if not isinstance(source, CsvLedger):
        raise InvalidType("source", source, "CsvLedger")
    day = None if as_of is None else to_date(as_of, "as_of")
    _check(batch_size, workers, "rows", transform)
    source, header_text, header, detected = _header(source)
    settings = _Settings(
        as_of=day,
        policy=None,
        profiles=None,
        rates=None,
        amounts=False,
        output="claims",
        transform=transform,
        source=source.path.name,
        header=header_text,
        mapping=source.mapping,
    )
    batch_size = _apart(source, batch_size)
    units = _units(_csv_runs(source, header, by_debtor=False), batch_size, False)
    return _started(units, settings, workers, progress, detected)


def _apart(source: CsvLedger, batch_size: int) -> int:
    """``batch_size``, or the whole file in one batch when its mapping sets rows against
    others (``payment_when``, ``credit_note_when``): a payment and the invoice it names
    must be read together, as one process reads them, and only batches cut between two
    debtors of a ledger grouped by debtor (``profiles="auto"``, or regrouped) keep them
    together."""
    from .io.csv_ledger import _sets_against

    mapping = source.mapping
    return sys.maxsize if mapping is not None and _sets_against(mapping) else batch_size


def _header(source: CsvLedger) -> tuple[CsvLedger, str, list[str], Any]:
    """The ledger with the ``"auto"`` settings of its mapping resolved (`_resolved`), its
    header line as text (the workers prepend it) and as cells, and what detection found."""
    source, detected = _resolved(source)
    mapping = source.mapping
    assert mapping is not None
    with source.path.open(encoding=_encoding(mapping), newline="") as handle:
        text = handle.readline()
    return source, text, next(csv.reader([text], delimiter=mapping.delimiter), []), detected


def _resolved(source: CsvLedger) -> tuple[CsvLedger, Any]:
    """The ledger with its mapping's ``"auto"`` settings (encoding, delimiter, separators,
    date format) detected once, from the start of the file, as `io.read_claims_csv`
    detects them, and what was found: every batch is then read with the same settings (a
    batch detecting its own could read ``150.000`` yen as 150 where the file's start shows
    a decimal comma)."""
    from .io._source import SampleDecodeError, open_text
    from .io.csv_ledger import _check_mapping, _decode_message, _header_error, _resolve

    mapping = _check_mapping(source.mapping)
    if not mapping.auto_settings:
        return attrs.evolve(source, mapping=mapping), None
    name = source.path.name
    try:  # what cannot be read fails as the header does (`BatchFailed`), in these words:
        with open_text(source.path, mapping.encoding) as (_, encoding, sample):
            resolved, detected = _resolve(mapping, sample, encoding)
    except UnicodeDecodeError as exc:  # (those of `io.read_claims_csv`)
        raise BatchFailed(str(_header_error(name, _decode_message(exc)))) from None
    except SampleDecodeError as exc:
        message = _decode_message(UnicodeDecodeError(exc.encoding, b"", 0, 1, exc.reason))
        raise BatchFailed(str(_header_error(name, message, exc.line))) from None
    except RecouvrementError as exc:
        raise BatchFailed(str(exc)) from None
    if encoding is not None:
        resolved = attrs.evolve(resolved, encoding=encoding)
    return attrs.evolve(source, mapping=resolved), detected


def _encoding(mapping: ColumnMapping) -> str:
    """The codec a mapping's file is opened with (UTF-8 skipping a BOM, as the readers)."""
    encoding = mapping.encoding.lower()
    return "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding


def _started(
    units: Iterator[_Unit],
    settings: _Settings,
    workers: int,
    progress: Callable[[BatchRun], None] | None,
    detected: Any = None,
) -> BatchRun:
    """The run over ``units``: in this process, or on a pool of ``workers``."""
    results = _serial(units, settings) if workers == 1 else _pooled(units, settings, workers)
    run = BatchRun(results) if progress is None else _Watched(BatchRun(results), progress)
    run.detected = detected
    return run


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


class _Watched(BatchRun):
    def __init__(self, run: BatchRun, progress: Callable[[BatchRun], None]) -> None:
        super().__init__(run._results)
        self._progress = progress

    def __next__(self) -> Any:
        out = super().__next__()
        self._progress(self)
        return out
