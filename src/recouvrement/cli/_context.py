"""The run of one command: its arguments, errors, and loading the user's files (internal)."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from ._progress import Progress

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import pendulum

    from ..claims import Claim
    from ..decisions import Decision
    from ..io.errors import LoadResult, RowError
    from ..io.mapping import ColumnMapping
    from ..io.review import ReadPolicy
    from ..money import Money
    from ..notices import CreditorDetails
    from ..policy import EscalationPolicy
    from ..prescription import Deadline
    from ..profiling import DebtorProfile
    from ..rates import RateTable

EXIT_DATA = 1
EXIT_RATE = 3
_SEVERITY = {0: 0, EXIT_RATE: 1, EXIT_DATA: 2}
"""Which exit code wins when a run has several reasons for one: invalid rows beyond
``--max-invalid`` (1) outrank a missing rate (3), which outranks success."""


def worse(status: int, code: int) -> int:
    """The exit code of a run whose ``status`` meets ``code`` (see `_SEVERITY`)."""
    return code if _SEVERITY.get(code, 3) > _SEVERITY.get(status, 3) else status


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
    status: int = 0
    """The exit code when the output is printed: 1 rows skipped beyond --max-invalid, 3 a rate missing."""
    counts: dict[str, Any] | None = None
    """The counts of the load (rows, loaded, skipped...), printed by every output."""
    rate_tables: tuple[RateTable, ...] | None = None
    rate_missing: bool = False
    """Whether a missing rate was reported (once a run)."""

    def progress(self, label: str, total: int | None = None, unit: str = "") -> Progress:
        return Progress(
            label,
            total,
            enabled=not getattr(self.args, "quiet", False),
            started=self.started,
            delay=_progress_delay(),
            unit=unit,
        )

    def missing_rate(self, where: str) -> None:
        """A needed rate is not published: say it once, and exit 3 after the output (1 when
        invalid rows already make it exit 1: the message says which)."""
        if self.rate_missing:
            return
        self.rate_missing = True
        exits = (
            "the run exits 1 for the invalid rows above (3 without them)"
            if self.status == EXIT_DATA
            else "the run exits 3"
        )
        self.note(
            f"error: a rate needed for the amounts is not published (first: {where}); "
            "everything else is computed. Give --rates FILE or --rates-dir DIR "
            f"(`recouvrement rates check`): {exits}"
        )
        self.status = worse(self.status, EXIT_RATE)

    def note(self, text: str) -> None:
        if not getattr(self.args, "quiet", False):
            sys.stderr.write(f"recouvrement: {text}\n")

    @property
    def locale(self) -> str:
        value: str | None = getattr(self.args, "locale", None)
        return "fr_FR" if value is None else value

    def letter_locale(self, claim: Claim) -> str:
        """``--locale`` if given, else the first locale of the claim's law (de_DE for DE)."""
        value: str | None = getattr(self.args, "locale", None)
        if value is not None:
            return value
        from ..jurisdictions import get

        return get(claim.jurisdiction).locales[0]

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
    frame: Any = None  # the claims frame (`_load_frame`): ``claims`` is then empty


@attrs.frozen(slots=True, kw_only=True)
class _Output:
    """What a command prints: a text for people, records for JSON and CSV."""

    text: Callable[[], str]
    rows: Sequence[Mapping[str, Any]]
    columns: Sequence[str]
    document: Mapping[str, Any]
    write: Callable[[TextIO], None] | None = None
    """Writes the output itself (a claims file), whatever ``--format``."""


_FORMAT_OPTIONS = (
    ("encoding", "encoding"),
    ("delimiter", "delimiter"),
    ("decimal", "decimal_separator"),
    ("thousands", "thousands_separator"),
    ("date_format", "date_format"),
)
_NAMED = {"tab": "\t", "semicolon": ";", "comma": ",", "space": " \u00a0\u202f", "none": None}


def _format_settings(run: _Run) -> dict[str, Any]:
    """The CSV format options given (``--delimiter ';'``...; ``--detect``: all ``auto``)."""
    settings: dict[str, Any] = {}
    detect = getattr(run.args, "detect", False)
    for option, setting in _FORMAT_OPTIONS:
        value: str | None = getattr(run.args, option, None)
        if value is None and detect:
            value = "auto"
        if value is None:
            continue
        settings[setting] = _NAMED.get(value, value) if option != "encoding" else value
    return settings


def _mapping(run: _Run) -> ColumnMapping | None:
    from ..errors import RecouvrementError
    from ..io.errors import InvalidMapping
    from ..io.mapping import ColumnMapping

    name: str | None = run.args.mapping
    settings = _format_settings(run)
    if name is None:
        mapping = None
    else:
        path = Path(name)
        if name.endswith(".toml") or path.is_file():
            if not path.is_file():
                raise _DataError(f"--mapping: no such file: {name!r}")
            mapping = ColumnMapping.from_toml(path)
        else:
            try:
                mapping = ColumnMapping.shipped(name)
            except InvalidMapping as exc:
                raise _UsageError(f"--mapping {name!r}: {exc.problem}, and no such file") from None
    if not settings:
        return mapping
    try:
        return (mapping or ColumnMapping.standard()).with_format(**settings)
    except RecouvrementError as exc:
        raise _UsageError(f"format option: {exc}") from None


_SUFFIXES = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
    ".feather": "arrow",
    ".ipc": "arrow",
}


def _input_format(run: _Run, path: Path) -> str:
    chosen: str | None = run.args.input_format
    if chosen is not None:
        return chosen
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise _UsageError(
            f"cannot tell the format of {str(path)!r} from its extension: use a .csv, .jsonl, "
            ".json, .parquet or .arrow file, or give --input-format csv|jsonl|json|parquet|arrow"
        )
    return found


def _read_policy(run: _Run) -> ReadPolicy:
    from ..io.review import ReadPolicy

    return ReadPolicy(
        duplicates=getattr(run.args, "duplicates", "error"),
        fractions=getattr(run.args, "fractions", "warn"),
    )


def _rates(run: _Run) -> tuple[RateTable, ...] | None:
    """The user rate tables: ``--rates-dir`` (or ``RECOUVREMENT_RATES_DIR``), then ``--rates``."""
    from ..ratesync import load_user_tables, rates_dir_from_env

    if run.rate_tables is not None:
        return run.rate_tables or None
    files: list[str] = list(getattr(run.args, "rates", None) or ())
    folder: str | Path | None = getattr(run.args, "rates_dir", None)
    if folder is None:
        folder = rates_dir_from_env(os.environ)
    tables = load_user_tables(files, directory=folder) if files or folder is not None else ()
    run.rate_tables = tuple(tables)
    return run.rate_tables or None


def _rate_missing(run: _Run, decisions: Sequence[Decision]) -> None:
    """Exit 3 when an amount could not be computed for want of a published rate."""
    from ..decisions.records import first_missing_rate

    found = first_missing_rate(decisions)
    if found is not None:
        run.missing_rate(found)


def _read(run: _Run, path: Path, kind: str) -> LoadResult:
    from ..io.ledger import read_claims

    mapping = _mapping(run) if kind in ("csv", "parquet", "arrow") else None
    try:
        return read_claims(path, input_format=kind, mapping=mapping, policy=_read_policy(run))
    except UnicodeDecodeError as exc:
        raise _DataError(
            f"claims file {path.name!r} is not {exc.encoding} text (byte {exc.start}: "
            f"{exc.reason}); give --encoding cp1252 or --detect"
        ) from None
    except OSError as exc:
        raise _DataError(f"cannot read claims file {str(path)!r}: {exc.strerror or exc}") from None


def _report_load(run: _Run, result: LoadResult, name: str) -> None:
    if result.detected is not None:
        run.note(f"detected in {name}: {result.detected}")
    for error in result.errors:
        sys.stderr.write(f"recouvrement: invalid row: {error}\n")
    for warning in result.warnings:
        run.note(str(warning))
    for credit in result.credits:
        run.note(f"credit to refund: {credit}")


def _load(run: _Run) -> _Loaded:
    """Read the claims file given on the command line, reporting every invalid row.

    The counts of the load go to ``run.counts`` (every output prints them); invalid rows
    beyond ``--max-invalid`` make the run exit 1 after its output, a load of no claim
    stops it (exit 1).
    """
    from ..io.review import split_issued_after

    path = Path(run.args.claims)
    kind = _input_format(run, path)
    if kind in ("json", "jsonl") and run.args.mapping is not None:
        raise _UsageError(
            f"--mapping applies to CSV, Parquet and Arrow files, not to a {kind} file"
        )
    if not path.exists():
        raise _DataError(f"claims file {str(path)!r} not found")
    if path.is_dir():
        raise _DataError(f"claims file {str(path)!r} is a directory")
    with run.progress(f"reading {path.name}"):
        result = _read(run, path, kind)
    _report_load(run, result, path.name)

    def issued_after() -> tuple[int, Sequence[Any]]:
        later = split_issued_after(result.claims, as_of=_as_of(run))[1]
        return len(later), later[:1]

    _load_outcome(
        run,
        dict(result.counts()),
        errors=len(result.errors),
        rows=result.rows,
        loaded=len(result.claims),
        name=path.name,
        issued_after=issued_after,
    )
    return _Loaded(claims=result.claims, errors=result.errors, rows=result.rows, source=path.name)


def _load_frame(run: _Run) -> _Loaded | None:
    """Read a CSV, Parquet or Arrow claims file into a claims frame (the columnar path:
    `read_claims_frame`), with the same notes, counts and exit rules as `_load`; ``None``
    when the object path must read it (a JSON file, or Polars not installed)."""
    path = Path(run.args.claims)
    kind = _input_format(run, path)
    if kind not in ("csv", "parquet", "arrow") or not path.is_file():
        return None  # `_load` reports a missing file as it always has
    try:
        import polars as pl

        from ..io.frame_reader import read_claims_frame
    except ImportError:
        return None
    with run.progress(f"reading {path.name}"):
        try:
            loaded = read_claims_frame(
                path,
                mapping=_mapping(run),
                errors="collect",
                policy=_read_policy(run),
                input_format=kind,
            )
        except UnicodeDecodeError as exc:
            raise _DataError(
                f"claims file {path.name!r} is not {exc.encoding} text (byte {exc.start}: "
                f"{exc.reason}); give --encoding cp1252 or --detect"
            ) from None
        except OSError as exc:
            raise _DataError(
                f"cannot read claims file {str(path)!r}: {exc.strerror or exc}"
            ) from None
    result, frame = loaded.result, loaded.frame
    _report_load(run, result, path.name)

    def issued_after() -> tuple[int, Sequence[Any]]:
        later = frame.filter(pl.col("issued_on") > _as_of(run)).select("id", "issued_on")
        return later.height, [(i, d.isoformat()) for i, d in later.head(1).iter_rows()]

    _load_outcome(
        run,
        dict(loaded.counts()),
        errors=len(result.errors),
        rows=result.rows,
        loaded=loaded.loaded,
        name=path.name,
        issued_after=issued_after,
    )
    return _Loaded(claims=(), errors=result.errors, rows=result.rows, source=path.name, frame=frame)


def _load_outcome(
    run: _Run,
    counts: dict[str, Any],
    *,
    errors: int,
    rows: int,
    loaded: int,
    name: str,
    issued_after: Callable[[], tuple[int, Sequence[Any]]],
) -> None:
    """The counts and exit status of a load (one process or batches): ``run.counts``, the
    notes, exit 1 over ``--max-invalid``; ``--strict`` with an invalid row and a load of no
    claim stop the run. ``issued_after`` (called when ``--as-of`` is given): how many
    claims were issued after it and the first of them (a claim, or its id and ISO date of
    issue)."""
    from ..io.errors import within_limit

    run.counts = counts
    if errors and run.args.strict:
        raise _Refused(
            f"load refused (--strict): {errors} invalid {_rows(errors)} of {rows} in "
            f"{name} (each is listed above)"
        )
    if not loaded:
        raise _DataError(
            f"no claim loaded from {name}: {rows} {_rows(rows)} read, {errors} invalid (see above)"
        )
    limit: str = getattr(run.args, "max_invalid", None) or "0"
    if not within_limit(errors, rows, loaded=loaded, max_invalid=limit):
        run.status = worse(run.status, EXIT_DATA)
        run.note(
            f"error: {errors} invalid {_rows(errors)} of {rows} skipped, more than "
            f"--max-invalid {limit} (each is listed above): the run exits 1"
        )
    elif errors:
        run.note(f"warning: {errors} invalid {_rows(errors)} of {rows} skipped")
    if run.args.as_of is not None:
        count, first = issued_after()
        counts["issued_after"] = count
        if count:
            claim = first[0]
            ident, issued = (
                claim if isinstance(claim, tuple) else (claim.id, claim.issued_on.isoformat())
            )
            as_of = _as_of(run)
            run.note(
                f"{count} {'claim' if count == 1 else 'claims'} issued after "
                f"{as_of.isoformat()} left out of the counts (first: {ident} issued {issued})"
            )


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


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
            mine = groups[debtor_id]
            if len({c.currency for c in mine}) > 1:
                mine = _main_currency(run, debtor_id, mine)
            result[debtor_id] = profile_debtor(mine, as_of=as_of)
    return result


def _main_currency(run: _Run, debtor_id: str, claims: list[Claim]) -> list[Claim]:
    """A debtor with claims in several currencies: profiled on those of its main one."""
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.currency] = counts.get(claim.currency, 0) + 1
    main = min(counts, key=lambda c: (-counts[c], c))
    others = ", ".join(sorted(c for c in counts if c != main))
    run.note(
        f"debtor {debtor_id!r} has claims in {main} and {others}: profiled on its "
        f"{counts[main]} {main} claim(s) only"
    )
    return [c for c in claims if c.currency == main]


def _decisions(
    run: _Run,
    claims: Sequence[Claim],
    as_of: pendulum.Date,
    policy: EscalationPolicy | None,
    profiles: Mapping[str, DebtorProfile] | None,
) -> list[Decision]:
    from ..decisions import next_actions

    with run.progress("deciding", len(claims)) as bar:
        found = list(
            bar.track(
                next_actions(
                    claims, as_of=as_of, policy=policy, profiles=profiles, rates=_rates(run)
                )
            )
        )
    _rate_missing(run, found)
    return found


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
