"""Streaming output of ``next-actions`` (internal): the workers encode, the main process copies.

With ``--format csv`` or ``json`` on a CSV ledger, every batch of decision records is
filtered and encoded where it was decided (`batch.decide_batches`'s ``transform``), and
the main process appends the text to a spool file: no record is held in memory, whatever
the size of the ledger. Once the run is complete (its counts known), the output is the
spool framed by its head and tail, byte for byte what the in-memory path writes.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date as _date
from decimal import Decimal
from enum import Enum
from itertools import accumulate
from typing import Any, BinaryIO, TextIO

import attrs
import pendulum

from .._serde import to_jsonable
from ..errors import RecouvrementError
from ..io._cells import DANGEROUS_PREFIXES, neutralise
from ..io.export import list_cell

__all__ = ["Encoded", "RecordFilter", "Spool", "encode_batch", "encode_decisions"]

_SENTINEL = "\x00recouvrement-rows\x00"


@attrs.frozen(kw_only=True)
class RecordFilter:
    """Which records ``next-actions`` writes, and how (picklable: it crosses to the workers)."""

    fmt: str
    columns: tuple[str, ...]
    keep_closed: bool
    actions: frozenset[str]
    due_now: bool


@attrs.frozen(kw_only=True)
class Encoded:
    """One batch, encoded: its text as UTF-8 bytes (what the spool writes, no codec on
    either side of the process boundary) and what the main process counts."""

    data: bytes
    ids: tuple[str, ...]
    actions: Counter[str]
    due: Counter[str]
    kept: int
    missing_rate: str | None = None
    """The first claim of the batch whose amounts need a rate not published (``"<claim>,
    table <name>"``), kept or not: the run exits 3 for it."""
    kept_at: tuple[int, ...] = ()
    """The place in ``ids`` of each record written, in order."""
    ends: tuple[int, ...] = ()
    """Where each record written ends in ``data`` (a byte offset)."""
    missing: tuple[tuple[int, str], ...] = ()
    """Every claim of the batch whose amounts need a rate not published: its place in
    ``ids`` and ``missing_rate``'s text (the first in the file is wanted, and a regrouped
    batch is not in file order)."""


def missing_rate_of_records(records: Iterable[Mapping[str, Any]]) -> str | None:
    """`decisions.records.first_missing_rate` for `reports.decision_record` dicts (the
    records the workers send back, as the parent sees them)."""
    for record in records:
        for reason in record.get("reasons") or ():
            if reason.get("code") == "amounts.unavailable":
                table = (reason.get("facts") or {}).get("table", "?")
                return f"{record['claim_id']}, table {table}"
    return None


def _kept(record: dict[str, Any], keep: RecordFilter) -> bool:
    is_open = record.pop("open")
    return (
        (keep.keep_closed or bool(is_open))
        and (not keep.actions or record["action"] in keep.actions)
        and (not keep.due_now or bool(record["due_now"]))
    )


def _json_item(record: Mapping[str, Any]) -> str:
    """A record as ``json.dump(indent=2)`` writes it as an item of the ``rows`` list."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.split("\n"))


def _csv_lines(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The rows `io.export.write_rows_csv` writes (its header line dropped: the main
    process writes it once)."""
    from ..io.export import write_rows_csv

    buffer = io.StringIO(newline="")
    write_rows_csv(records, buffer, columns=columns)
    text = buffer.getvalue()
    return text[text.index("\r\n") + 2 :]


def encode_batch(records: list[dict[str, Any]], keep: RecordFilter) -> Encoded:
    """Filter and encode one batch of `reports.decision_record` dicts (in the worker)."""
    ids = tuple(str(r["claim_id"]) for r in records)
    missing = tuple(
        (i, text)
        for i, record in enumerate(records)
        if (text := missing_rate_of_records((record,))) is not None
    )
    kept_at = tuple(i for i, r in enumerate(records) if _kept(r, keep))
    rows = [records[i] for i in kept_at]
    actions = Counter(str(r["action"]) for r in rows)
    due = Counter(str(r["action"]) for r in rows if r["due_now"])
    if keep.fmt == "json":
        pieces = [",\n" + _json_item(r) for r in rows]
    else:  # one row at a time: a cell may hold a line break
        pieces = [_csv_lines([r], keep.columns) for r in rows]
    data = [piece.encode("utf-8") for piece in pieces]
    return Encoded(
        data=b"".join(data),
        ids=ids,
        actions=actions,
        due=due,
        kept=len(rows),
        missing_rate=missing[0][1] if missing else None,
        kept_at=kept_at,
        ends=tuple(accumulate(map(len, data))),
        missing=missing,
    )


_BOOL = {True: "true", False: "false"}
_RISKY = frozenset((*DANGEROUS_PREFIXES, "'"))
"""The first characters of the cells `neutralise` changes (the others: as they are)."""


def _text_cell(value: Any) -> str:
    """A cell as `io.export.write_rows_csv` writes it (its texts, ``None``, ints, bools),
    neutralised."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return neutralise(value) if value and value[0] in _RISKY else value
    if kind is bool:
        return _BOOL[value]
    return str(value)  # the days past due


def encode_decisions(pairs: list[tuple[Any, Any]], keep: RecordFilter) -> Encoded:
    """`encode_batch` of the records of ``pairs`` (`Decision`, `Claim`), the same text,
    without building the records: each kept pair's cells straight from
    `reports.decision_values`, each distinct reason's JSON written once per batch."""
    from ..decisions.records import first_missing_rate
    from ..reports import DECISION_FIELDS, decision_record, decision_values, is_open

    missing = tuple(
        (i, text)
        for i, (decision, _) in enumerate(pairs)
        if (text := first_missing_rate((decision,))) is not None
    )

    if keep.fmt != "csv" or tuple(keep.columns) != DECISION_FIELDS:
        records = []
        for decision, claim in pairs:
            record = decision_record(decision, claim)
            record["open"] = is_open(decision, claim)
            records.append(record)
        return encode_batch(records, keep)
    kept = 0
    actions: Counter[str] = Counter()
    due: Counter[str] = Counter()
    texts: dict[int, tuple[Any, str]] = {}  # id(reason) -> (reason, its JSON): one batch
    lines: list[str] = []
    kept_at: list[int] = []
    write = csv.writer(_Lines(lines)).writerow  # (one ``write`` per row: its whole line)
    for index, (decision, claim) in enumerate(pairs):
        action = decision.action.value
        if (
            (keep.keep_closed or is_open(decision, claim))
            and (not keep.actions or action in keep.actions)
            and (not keep.due_now or decision.due_now)
        ):
            cells = [
                v if type(v) is str and (not v or v[0] not in _RISKY) else _text_cell(v)
                for v in decision_values(decision, claim)
            ]
            write(cells)
            # The last cell (the reasons' JSON, long and full of quotes) is quoted here,
            # as the writer would, after the others ("...\r\n").
            reasons = _csv_cell(_reasons_json(decision.reasons, texts))
            lines[-1] = lines[-1][:-2] + "," + reasons + "\r\n"
            kept_at.append(index)
            kept += 1
            actions[action] += 1
            if decision.due_now:
                due[action] += 1
    data = [line.encode("utf-8") for line in lines]
    return Encoded(
        data=b"".join(data),
        ids=tuple(str(d.claim_id) for d, _ in pairs),
        actions=actions,
        due=due,
        kept=kept,
        missing_rate=missing[0][1] if missing else None,
        kept_at=tuple(kept_at),
        ends=tuple(accumulate(map(len, data))),
        missing=missing,
    )


class _Lines:
    """A file for `csv.writer` that keeps each line it writes in a list."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _csv_cell(text: str) -> str:
    """A text cell as `csv.writer` writes it (minimal quoting, ``\\r\\n`` lines), for a
    text `neutralise` keeps as it is (the reasons' JSON starts with ``[``)."""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _reasons_json(reasons: Sequence[Any], texts: dict[int, tuple[Any, str]]) -> str:
    """The ``reasons`` cell: the JSON `io.export.write_rows_csv` writes for the list of
    their ``to_dict()``, each reason and citation written once (``texts``, by identity)."""
    try:
        parts = []
        for reason in reasons:
            found = texts.get(id(reason))
            if found is None:
                found = texts[id(reason)] = (reason, _reason_json(reason, texts))
            parts.append(found[1])
    except RecouvrementError:  # a fact JSON cannot hold: the error as the writer gives it
        return list_cell([r.to_dict() for r in reasons], "reasons")
    return "[" + ",".join(parts) + "]"


_quoted = json.encoder.encode_basestring  # (what `json.dumps` writes a str as, non-ASCII kept)


def _reason_json(reason: Any, texts: dict[int, tuple[Any, str]]) -> str:
    """One reason's ``to_dict()`` as compact JSON (its keys in its order)."""
    text = '{"code":' + _quoted(reason.code) + ',"message":' + _quoted(reason.message)
    citation = reason.citation
    if citation is not None:
        found = texts.get(id(citation))
        if found is None:
            cited = list_cell([citation.to_dict()], "reasons")[1:-1]
            found = texts[id(citation)] = (citation, cited)
        text += ',"citation":' + found[1]
    if reason.facts:
        text += ',"facts":' + _facts_json(reason.facts)
    return text + "}"


def _facts_json(given: Mapping[str, Any]) -> str:
    """A reason's facts as compact JSON: texts, decimals, days, ints and enums of texts are
    written here, as `_compact` writes their `to_jsonable` (the common case); anything else
    as `list_cell` writes it."""
    parts = []
    for key, value in given.items():
        kind = type(value)
        if type(key) is not str:
            break
        if kind is str:
            cell = _quoted(value)
        elif kind is Decimal:
            cell = '"' + str(value) + '"'  # (digits, sign, point, exponent: nothing to escape)
        elif kind is pendulum.Date or kind is _date:
            cell = '"' + value.isoformat() + '"'
        elif kind is int:
            cell = int.__repr__(value)
        elif isinstance(value, Enum) and type(value._value_) is str:
            cell = _quoted(value._value_)  # (a segment, a kind: its text)
        else:
            break
        parts.append(_quoted(key) + ":" + cell)
    else:
        return "{" + ",".join(parts) + "}"
    facts = {key: to_jsonable(value) for key, value in given.items()}
    if all(type(v) in _SCALARS for v in facts.values()) and all(type(k) is str for k in facts):
        # (texts and numbers only: what `list_cell` would write, without its copy)
        return _compact(facts)
    return list_cell([facts], "reasons")[1:-1]


_SCALARS = frozenset((str, int, bool, type(None)))
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _utf8(target: TextIO) -> bool:
    """Whether ``target`` encodes its text as UTF-8, as the spool does (its bytes can then
    be copied to it as they are)."""
    try:
        return codecs.lookup(getattr(target, "encoding", None) or "").name == "utf-8"
    except LookupError:  # (no encoding, or one Python does not know)
        return False


_BLOCK = 4096
"""Records put back in file order and written at once by `Spool` (one ``write`` a block)."""

_SHELF_BITS = 16
"""The records of batches out of file order are shelved by ranges of ``2**16`` lines of the
file (`_Shelf`): the range in memory at once when they are put back in order."""


class _Shelf:
    """Records that come out of file order (the batches of a ledger regrouped by debtor),
    kept in a temporary file by ranges of the file's lines, to be written back in file
    order one range at a time: a few reads a range and the range's records in memory,
    where one read a record (a million of them) cost seconds at the end of the run."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        # for each range: where its parts lie in the file, and its records' lines and sizes
        self.parts: dict[int, tuple[array[int], array[int]]] = {}
        self.records: dict[int, tuple[array[int], array[int]]] = {}

    def add(self, data: bytes, ends: Sequence[int], lines: Sequence[int]) -> None:
        """The records of ``data`` ending at ``ends``, on ``lines`` of the file."""
        ranges: dict[int, list[int]] = {}
        for index, line in enumerate(lines):
            ranges.setdefault(line >> _SHELF_BITS, []).append(index)
        starts = (0, *ends[:-1])
        for shelf, indexes in ranges.items():
            pieces = [data[starts[i] : ends[i]] for i in indexes]
            part = b"".join(pieces)
            at, sizes = self.parts.setdefault(shelf, (array("q"), array("q")))
            at.append(self.file.tell())
            sizes.append(len(part))
            self.file.write(part)
            keys, lengths = self.records.setdefault(shelf, (array("q"), array("q")))
            keys.extend(lines[i] for i in indexes)
            lengths.extend(map(len, pieces))

    def blocks(self) -> Iterator[bytes]:
        """The records in file order, `_BLOCK` records at a time."""
        self.file.flush()
        source = self.file.fileno()
        for shelf in sorted(self.parts):
            at, sizes = self.parts[shelf]
            parts = zip(at, sizes, strict=True)
            text = b"".join([os.pread(source, size, offset) for offset, size in parts])
            keys, lengths = self.records[shelf]
            starts = array("q", accumulate(lengths, initial=0))
            order = sorted(range(len(keys)), key=keys.__getitem__)
            for first in range(0, len(order), _BLOCK):
                yield b"".join(
                    [text[starts[i] : starts[i + 1]] for i in order[first : first + _BLOCK]]
                )

    def close(self) -> None:
        self.file.close()


class Spool:
    """The encoded batches in a temporary file (UTF-8), with the counts gathered on the way."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        # Closed by `close` (or `write`), once the output is written or abandoned.
        self.file: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115
        self.actions: Counter[str] = Counter()
        self.due: Counter[str] = Counter()
        self.kept = 0
        self.total = 0
        self.duplicates = False
        self.missing_rate: str | None = None  # the first, in input order
        self._ids: set[str] = set()
        # Batches that come out of file order (a regrouped ledger, `add` with keys).
        self._shelf: _Shelf | None = None
        self._missing_key = -1

    def add(self, batch: Encoded, keys: Sequence[int] | None = None) -> None:
        """Append a batch; ``keys``: each claim's line in the file (a batch out of file
        order: its records are put back in order when the output is written)."""
        if keys is not None:
            self._add_keyed(batch, keys)
            return
        data = batch.data
        if self.fmt == "json" and not self.kept and data:
            data = data[2:]  # the first item: no separator before it
        self.file.write(data)
        if self.missing_rate is None:
            self.missing_rate = batch.missing_rate
        self._count(batch)

    def _count(self, batch: Encoded) -> None:
        self.actions.update(batch.actions)
        self.due.update(batch.due)
        self.kept += batch.kept
        self.total += len(batch.ids)
        before = len(self._ids)
        self._ids.update(batch.ids)
        if len(self._ids) - before != len(batch.ids):
            self.duplicates = True

    def _add_keyed(self, batch: Encoded, keys: Sequence[int]) -> None:
        if self._shelf is None:
            self._shelf = _Shelf()
        self._shelf.add(batch.data, batch.ends, [keys[at] for at in batch.kept_at])
        for at, missing in batch.missing:
            if self._missing_key < 0 or keys[at] < self._missing_key:
                self._missing_key, self.missing_rate = keys[at], missing
        self._count(batch)

    def _ordered(self, target: TextIO) -> None:
        """The keyed records appended to ``target`` in file order: as bytes to its buffer
        when it encodes as UTF-8, else as text."""
        if self._shelf is None:
            return
        target.flush()
        out = getattr(target, "buffer", None) if _utf8(target) else None
        first = self.fmt == "json" and not os.fstat(self.file.fileno()).st_size
        for block in self._shelf.blocks():
            if first:
                block, first = block[2:], False  # the first item: no separator before it
            if out is None:
                target.write(block.decode("utf-8"))
            else:
                out.write(block)
        if out is not None:
            out.flush()
        self._shelf.close()
        self._shelf = None

    def counts(self) -> list[dict[str, Any]]:
        """`reports.action_counts` of the records written."""
        return [
            {"action": action, "claims": count, "due_now": self.due.get(action, 0)}
            for action, count in sorted(self.actions.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def reset(self) -> None:
        """Drop what was added (a run that starts again), keeping the file."""
        self.file.seek(0)
        self.file.truncate()
        self.actions.clear()
        self.due.clear()
        self.kept = self.total = 0
        self.duplicates = False
        self.missing_rate = None
        self._ids.clear()
        if self._shelf is not None:
            self._shelf.close()
            self._shelf = None
        self._missing_key = -1

    def close(self) -> None:
        self.file.close()
        if self._shelf is not None:
            self._shelf.close()

    def _copy(self, target: TextIO) -> None:
        """The spooled text appended to ``target``: by the kernel (`os.sendfile`, no decoding
        and encoding again) when both are files, else through Python."""
        sendfile = getattr(os, "sendfile", None)  # (not on every system)
        try:
            out = -1 if sendfile is None or not _utf8(target) else target.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation):
            out = -1
        source = self.file.fileno()
        size = os.fstat(source).st_size
        sent = 0
        if out >= 0 and sendfile is not None:
            target.flush()
            try:
                while sent < size:
                    done = sendfile(out, source, sent, size - sent)
                    if done <= 0:
                        raise OSError("sendfile copied nothing")
                    sent += done
            except OSError:  # a target the kernel will not copy to: the rest by Python
                while 0 < sent < size:  # (bytes already copied: the rest as bytes too)
                    sent += os.write(out, os.pread(source, min(size - sent, 1 << 20), sent))
        if sent == 0 and size:
            self.file.seek(0)
            shutil.copyfileobj(codecs.getreader("utf-8")(self.file), target)

    def write(
        self, target: TextIO, document: Mapping[str, Any], columns: Sequence[str], counts: Any
    ) -> None:
        """The whole output: what `cli._render._emit` writes for the same records."""
        from ._render import _counts_line

        self.file.flush()
        self.file.seek(0)
        if self.fmt == "json":
            whole = dict(document)
            if counts is not None:
                whole["counts"] = counts
            whole["rows"] = [_SENTINEL] if self.kept else []
            head, _, tail = json.dumps(whole, ensure_ascii=False, indent=2).partition(
                "    " + json.dumps(_SENTINEL)
            )
            target.write(head)
            self._copy(target)
            self._ordered(target)
            target.write(tail + "\n")
            return
        from ..io.export import write_rows_csv

        write_rows_csv([], target, columns=columns)  # the header line
        self._copy(target)
        self._ordered(target)
        if counts is not None:
            target.write(_counts_line(counts))
