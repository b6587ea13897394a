"""Streaming output of ``next-actions`` (internal): the workers encode, the main process copies.

With ``--format csv`` or ``json`` on a CSV ledger, every batch of decision records is
filtered and encoded where it was decided (`batch.decide_batches`'s ``transform``), and
the main process appends the text to a spool file: no record is held in memory, whatever
the size of the ledger. Once the run is complete (its counts known), the output is the
spool framed by its head and tail, byte for byte what the in-memory path writes.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

import attrs

__all__ = ["Encoded", "RecordFilter", "Spool", "encode_batch"]

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
    """One batch, encoded: its text and what the main process counts."""

    text: str
    ids: tuple[str, ...]
    actions: Counter[str]
    due: Counter[str]
    kept: int


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
    rows = [r for r in records if _kept(r, keep)]
    actions = Counter(str(r["action"]) for r in rows)
    due = Counter(str(r["action"]) for r in rows if r["due_now"])
    if keep.fmt == "json":
        text = "".join(",\n" + _json_item(r) for r in rows)
    else:
        text = _csv_lines(rows, keep.columns) if rows else ""
    return Encoded(text=text, ids=ids, actions=actions, due=due, kept=len(rows))


class Spool:
    """The encoded batches in a temporary file, with the counts gathered on the way."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        # Closed by `close` (or `write`), once the output is written or abandoned.
        self.file: TextIO = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.actions: Counter[str] = Counter()
        self.due: Counter[str] = Counter()
        self.kept = 0
        self.total = 0
        self.duplicates = False
        self._ids: set[str] = set()

    def add(self, batch: Encoded) -> None:
        text = batch.text
        if self.fmt == "json" and not self.kept and text:
            text = text[2:]  # the first item: no separator before it
        self.file.write(text)
        self.actions.update(batch.actions)
        self.due.update(batch.due)
        self.kept += batch.kept
        self.total += len(batch.ids)
        before = len(self._ids)
        self._ids.update(batch.ids)
        if len(self._ids) - before != len(batch.ids):
            self.duplicates = True

    def counts(self) -> list[dict[str, Any]]:
        """`reports.action_counts` of the records written."""
        return [
            {"action": action, "claims": count, "due_now": self.due.get(action, 0)}
            for action, count in sorted(self.actions.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def close(self) -> None:
        self.file.close()

    def _copy(self, target: TextIO) -> None:
        """The spooled text appended to ``target``: by the kernel (`os.sendfile`, no decoding
        and encoding again) when both are files, else through Python."""
        sendfile = getattr(os, "sendfile", None)  # (not on every system)
        try:
            out = -1 if sendfile is None else target.fileno()
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
            shutil.copyfileobj(self.file, target)

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
            target.write(tail + "\n")
            return
        from ..io.export import write_rows_csv

        write_rows_csv([], target, columns=columns)  # the header line
        self._copy(target)
        if counts is not None:
            target.write(_counts_line(counts))
