"""The run of one command: its arguments, errors, and loading the user's files (internal)."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from ._progress import Progress, _CountingFile

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import pendulum

    from ..claims import Claim
    from ..decisions import Decision
    from ..io.errors import RowError
    from ..io.mapping import ColumnMapping
    from ..money import Money
    from ..notices import CreditorDetails
    from ..policy import EscalationPolicy
    from ..prescription import Deadline
    from ..profiling import DebtorProfile

_CHUNK = 2000  # claims per chunk of a one-call computation, for the progress bar


class _DataError(Exception):
    """A problem with the user's data that is not a `RecouvrementError` (exit 1)."""


class _Refused(_DataError):
    """``--strict`` and invalid rows: the load is refused (exit 1)."""


class _UsageError(Exception):
    """A problem with the command line found after parsing (exit 2)."""


@attrs.define(slots=True)
class _Run:
    args: argparse.Namespace
    parser: argparse.ArgumentParser
    started: float

    def progress(self, label: str, total: int | None = None, unit: str = "") -> Progress:
        return Progress(
            label,
            total,
            enabled=not getattr(self.args, "quiet", False),
            started=self.started,
            delay=_progress_delay(),
            unit=unit,
        )

    def note(self, text: str) -> None:
        if not getattr(self.args, "quiet", False):
            sys.stderr.write(f"recouvrement: {text}\n")

    @property
    def locale(self) -> str:
        value: str = self.args.locale
        return value

    def money(self, value: Money) -> str:
        from ..money import format_money

        return format_money(value, locale=self.locale)


def _progress_delay() -> float:
    """Seconds before a progress bar shows: 1, or ``RECOUVREMENT_PROGRESS_DELAY``."""
    try:
        return max(0.0, float(os.environ.get("RECOUVREMENT_PROGRESS_DELAY", "1")))
    except ValueError:
        return 1.0


@attrs.frozen(slots=True, kw_only=True)
class _Loaded:
    claims: tuple[Claim, ...]
    errors: tuple[RowError, ...]
    rows: int
    source: str


@attrs.frozen(slots=True, kw_only=True)
class _Output:
    """What a command prints: a text for people, records for JSON and CSV."""

    text: Callable[[], str]
    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str]
    document: Mapping[str, Any]
    write: Callable[[TextIO], None] | None = None
    """Writes the output itself (a claims file), whatever ``--format``."""


def _mapping(run: _Run) -> ColumnMapping | None:
    from ..io.errors import InvalidMapping
    from ..io.mapping import ColumnMapping

    name: str | None = run.args.mapping
    if name is None:
        return None
    path = Path(name)
    if name.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise _DataError(f"--mapping: no such file: {name!r}")
        return ColumnMapping.from_toml(path)
    try:
        return ColumnMapping.shipped(name)
    except InvalidMapping as exc:
        raise _UsageError(f"--mapping {name!r}: {exc.problem}, and no such file") from None


def _input_format(run: _Run, path: Path) -> str:
    chosen: str | None = run.args.input_format
    if chosen is not None:
        return chosen
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    raise _UsageError(
        f"cannot tell the format of {str(path)!r} from its extension: use a .csv, .jsonl or "
        ".json file, or give --input-format csv|jsonl|json"
    )


def _load(run: _Run) -> _Loaded:
    """Read the claims file given on the command line, reporting every invalid row."""
    from ..io.csv_ledger import iter_claims_csv
    from ..io.json_ledger import iter_claims_jsonl, read_claims_json

    path = Path(run.args.claims)
    kind = _input_format(run, path)
    if kind != "csv" and run.args.mapping is not None:
        raise _UsageError(f"--mapping applies to CSV files, not to a {kind} file")
    mapping = _mapping(run) if kind == "csv" else None
    if not path.exists():
        raise _DataError(f"claims file {str(path)!r} not found")
    if path.is_dir():
        raise _DataError(f"claims file {str(path)!r} is a directory")
    claims: list[Claim] = []
    errors: tuple[RowError, ...]
    try:
        if kind == "json":
            result = read_claims_json(path, errors="collect")
            claims.extend(result.claims)
            errors, rows = result.errors, result.rows
        else:
            raw = _CountingFile(str(path), "r")
            size = os.fstat(raw.fileno()).st_size
            with io.TextIOWrapper(
                io.BufferedReader(raw), encoding="utf-8-sig", newline=""
            ) as handle:
                stream = (
                    iter_claims_csv(handle, mapping=mapping, errors="collect")
                    if kind == "csv"
                    else iter_claims_jsonl(handle, errors="collect")
                )
                with run.progress(f"reading {path.name}", size, "bytes") as bar:
                    for claim in stream:
                        claims.append(claim)
                        bar.update(raw.bytes_read)
                errors, rows = tuple(stream.errors), stream.rows
    except UnicodeDecodeError as exc:
        raise _DataError(
            f"claims file {path.name!r} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
    except OSError as exc:
        raise _DataError(f"cannot read claims file {str(path)!r}: {exc.strerror}") from None
    for error in errors:
        sys.stderr.write(f"recouvrement: invalid row: {error}\n")
    if errors:
        plural = "row" if len(errors) == 1 else "rows"
        if run.args.strict:
            raise _Refused(
                f"load refused (--strict): {len(errors)} invalid {plural} of {rows} in "
                f"{path.name} (each is listed above)"
            )
        run.note(
            f"warning: {len(errors)} invalid {plural} of {rows} skipped "
            "(each is listed above; --strict refuses the load)"
        )
    return _Loaded(claims=tuple(claims), errors=errors, rows=rows, source=path.name)


def _as_of(run: _Run, *, default: pendulum.Date | None = None) -> pendulum.Date:
    value: str | None = run.args.as_of
    if value is None:
        if default is not None:
            return default
        raise _UsageError(
            "--as-of DATE is required: the day to evaluate the claims on, as YYYY-MM-DD "
            "(for example --as-of 2026-03-31); recouvrement never reads the clock"
        )
    from .._convert import to_date

    return to_date(value, "--as-of")


def _policy(run: _Run) -> EscalationPolicy | None:
    name: str | None = getattr(run.args, "policy", None)
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise _DataError(f"--policy: no such file: {name!r}")
    from ..policy import EscalationPolicy

    return EscalationPolicy.from_toml(path)


def _profiles(run: _Run, claims: Sequence[Claim], as_of: pendulum.Date) -> dict[str, DebtorProfile]:
    """Profile every debtor (as `profiling.profile_debtors` does), with a progress bar."""
    from ..profiling import profile_debtor

    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.debtor.id, []).append(claim)
    result: dict[str, DebtorProfile] = {}
    with run.progress("profiling debtors", len(groups)) as bar:
        for debtor_id in bar.track(sorted(groups)):
            result[debtor_id] = profile_debtor(groups[debtor_id], as_of=as_of)
    return result


def _decisions(
    run: _Run,
    claims: Sequence[Claim],
    as_of: pendulum.Date,
    policy: EscalationPolicy | None,
    profiles: Mapping[str, DebtorProfile] | None,
) -> list[Decision]:
    from ..decisions import next_actions

    with run.progress("deciding", len(claims)) as bar:
        return list(bar.track(next_actions(claims, as_of=as_of, policy=policy, profiles=profiles)))


def _use_profiles(run: _Run) -> bool:
    return not getattr(run.args, "no_profiles", False)


def _find_claim(loaded: _Loaded, claim_id: str) -> Claim:
    for claim in loaded.claims:
        if claim.id == claim_id:
            return claim
    raise _DataError(f"--claim={claim_id!r}: no claim with that id in {loaded.source}")


def _details(run: _Run) -> CreditorDetails | None:
    from ..errors import RecouvrementError
    from ..notices import CreditorDetails

    name: str | None = run.args.details
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise _DataError(f"--details: no such file: {name!r}")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _DataError(f"--details: {path.name} is not valid TOML: {exc}") from None
    try:
        return CreditorDetails.from_dict(data)
    except RecouvrementError as exc:
        raise _DataError(f"--details: {path.name}: {exc}") from None


def _upcoming(
    run: _Run | None, claims: Sequence[Claim], as_of: pendulum.Date, within: int
) -> list[Deadline]:
    """`upcoming_deadlines` by chunks of claims, with a progress bar, in the same order."""
    from ..prescription import DEADLINE_KINDS, upcoming_deadlines

    if run is None or len(claims) <= _CHUNK:
        return list(upcoming_deadlines(claims, as_of=as_of, within=within))
    found: list[Deadline] = []
    with run.progress("deadlines", len(claims)) as bar:
        for start in range(0, len(claims), _CHUNK):
            chunk = claims[start : start + _CHUNK]
            found.extend(upcoming_deadlines(chunk, as_of=as_of, within=within))
            bar.advance(len(chunk))
    found.sort(key=lambda d: (d.date, d.claim_id, DEADLINE_KINDS.index(d.kind)))
    return found
