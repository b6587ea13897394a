"""One function per command: read the arguments, call the library, say what to print.

Each returns an `_Output`: a text for people (in the language of ``--locale``), the
records for CSV and the document for JSON. The library is imported inside each command,
so that ``import recouvrement.cli`` stays light.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .._text import french, plural, word
from ._context import (
    _as_of,
    _DataError,
    _decisions,
    _details,
    _find_claim,
    _load,
    _load_frame,
    _Loaded,
    _Output,
    _policy,
    _profiles,
    _rate_missing,
    _rates,
    _Run,
    _upcoming,
    _UsageError,
    _use_profiles,
)
from ._ops import MORE_COMMANDS
from ._render import (
    DECISION_COLUMNS,
    PROFILE_COLUMNS,
    _demo_full_text,
    _letter_text,
    _next_steps,
    _profiles_text,
    _timeline_text,
    _titled,
    _trend_text,
    decisions_text,
)

if TYPE_CHECKING:
    from pathlib import Path

    import pendulum

    from ..batch import BatchRun, CsvLedger
    from ..claims import Claim
    from ..credit import CreditPolicy
    from ..decisions import Decision
    from ..notices import CreditorDetails, Notice
    from ..policy import EscalationPolicy
    from ..profiling import DebtorProfile
    from ..reports import PortfolioReport

__all__ = [
    "COMMANDS",
    "dashboard",
    "deadlines",
    "demo",
    "kpis",
    "next_actions",
    "notice",
    "profiles",
    "report",
    "sample",
    "simulate",
]

_DEADLINE_COLUMNS = ("date", "days_left", "kind", "claim_id", "debtor_id", "citation", "message")
_KPI_COLUMNS = ("kpi", "label", "value", "unit", "currency", "start", "end")


def _list_document(
    command: str,
    loaded: _Loaded,
    as_of: pendulum.Date,
    rows: Sequence[Mapping[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "command": command,
        "source": loaded.source,
        "as_of": as_of.isoformat(),
        **extra,
        "rows": list(rows),
        "invalid_rows": [e.to_dict() for e in loaded.errors],
    }


def _build_report(
    run: _Run, claims: Sequence[Claim], as_of: pendulum.Date, *, months: int, within: int
) -> tuple[PortfolioReport, Mapping[str, DebtorProfile]]:
    """`reports.portfolio_report` (and the profiles), long computations behind progress bars."""
    from ..reports import portfolio_report

    profiles = _profiles(run, claims, as_of) if _use_profiles(run) else None
    decisions = _decisions(run, claims, as_of, _policy(run), profiles)
    built = portfolio_report(
        claims,
        as_of=as_of,
        months=months,
        within=within,
        profiles=False if profiles is None else profiles,
        decisions=decisions,
        deadlines=_upcoming(run, claims, as_of, within),
    )
    return built, profiles or {}


# -- demo -------------------------------------------------------------------------------------


def _demo_notice(
    run: _Run,
    report: PortfolioReport,
    policy: EscalationPolicy | None,
    profiles: Mapping[str, DebtorProfile],
) -> tuple[Notice, Decision, str] | None:
    """The first formal notice: due now, else the first an open claim reaches if unpaid.

    The look-ahead replays each open claim with `simulate` over the next 180 days (every
    step carried out, nothing paid) and keeps the earliest formal notice.
    """
    from ..decisions import simulate
    from ..notices import render_notice
    from ..policy import Action

    pairs = report.open_pairs()
    for decision, claim in pairs:
        if decision.action is Action.FORMAL_NOTICE:
            return render_notice(decision, claim, locale=run.locale), decision, "due now"
    as_of = report.as_of
    end = as_of.add(days=180)
    first: tuple[pendulum.Date, str, Claim] | None = None
    for _, claim in pairs:
        horizon = end if first is None else min(end, first[0])
        profile = profiles.get(claim.debtor.id)
        timeline = simulate(
            claim, start=as_of, end=horizon, policy=policy, profile=profile, with_amounts=False
        )
        found = next((d for d in timeline if d.action is Action.FORMAL_NOTICE), None)
        if found is not None and (first is None or (found.on, claim.id) < first[:2]):
            first = (found.on, claim.id, claim)
    if first is None:
        return None
    day, _, claim = first
    timeline = simulate(
        claim, start=as_of, end=day, policy=policy, profile=profiles.get(claim.debtor.id)
    )
    decision = timeline[-1]
    when = (
        f"due on {day.isoformat()} if the claim is still unpaid: the first formal notice "
        f"after {as_of.isoformat()}"
    )
    return render_notice(decision, claim, locale=run.locale), decision, when


def _credit_policy(run: _Run) -> CreditPolicy | None:
    """``--credit-policy TOML``, read as `recouvrement credit --policy-file` reads it."""
    name: str | None = getattr(run.args, "credit_policy", None)
    if name is None:
        return None
    from pathlib import Path

    from ..credit import CreditPolicy

    path = Path(name)
    if not path.is_file():
        raise _DataError(f"--credit-policy: no such file: {name!r}")
    return CreditPolicy.from_toml(path)


def _dashboard_output(run: _Run, claims: Sequence[Claim], as_of: pendulum.Date) -> _Output:
    """The dashboard's HTML, written to ``--output`` (or standard output)."""
    from ..dashboard import dashboard as build_dashboard

    args = run.args
    worklist_size: int = getattr(args, "worklist_size", 20)
    if worklist_size < 0:
        raise _UsageError(f"--worklist-size {worklist_size}: must be 0 or more")
    board = build_dashboard(
        claims,
        as_of=as_of,
        locale=run.locale,
        months=args.months,
        within=getattr(args, "within", 30),
        worklist_size=worklist_size,
        policy=_policy(run),
        credit_policy=_credit_policy(run),
        rates=_rates(run),
    )
    if board.missing_rate is not None:
        run.missing_rate(board.missing_rate)  # exit 3, as next-actions
    name: str = run.args.output or "-"

    def write(target: TextIO) -> None:
        target.write(board.to_html())
        if name != "-":
            run.note(f"wrote the dashboard of {as_of.isoformat()} to {name}")

    return _Output(text=lambda: "", rows=(), columns=(), document={}, write=write)


def dashboard(run: _Run) -> _Output:
    """``recouvrement dashboard``: the ledger's dashboard as one self-contained HTML file."""
    as_of = _as_of(run)
    loaded = _load(run)
    return _dashboard_output(run, loaded.claims, as_of)


def demo(run: _Run) -> _Output:
    """``recouvrement demo``: the embedded sample; one screen, or everything with --full."""
    from .. import __version__
    from ..sample import load_sample

    sample = load_sample()
    as_of = _as_of(run, default=sample.as_of)
    claims = sample.claims
    if run.args.html:
        return _dashboard_output(run, claims, as_of)
    report, profiles = _build_report(run, claims, as_of, months=3, within=90)
    found = _demo_notice(run, report, _policy(run), profiles)
    action_rows = report.action_rows()
    document = report.to_dict(locale=run.locale)
    summary = document["summary"]
    data: dict[str, Any] = {
        **{k: summary[k] for k in ("as_of", "claims", "debtors", "open_claims", "outstanding")},
        "by_debtor": summary["by_debtor"],
        **{k: v for k, v in document.items() if k not in ("as_of", "summary")},
        "next_actions": action_rows,
        "notice": None if found is None else {**found[0].to_dict(), "when": found[2]},
    }

    def text() -> str:
        if run.args.full:
            return _demo_full_text(run, report, found)
        count = plural(len(claims), "claim", run.locale)
        head = (
            f"recouvrement {__version__} : démo ({count}, portefeuille d'exemple)\n"
            if french(run.locale)
            else f"recouvrement {__version__}: demo ({count}, embedded sample)\n"
        )
        return head + "\n" + report.brief(locale=run.locale) + "\n" + _next_steps(run.locale)

    return _Output(text=text, rows=action_rows, columns=DECISION_COLUMNS, document=data)


def sample(run: _Run) -> _Output:
    """``recouvrement sample``: write the embedded sample ledger as a claims file.

    The format follows ``--output``'s extension (``.csv``, ``.jsonl``, ``.json``; CSV on
    standard output), so that every example of the help and the guide runs after
    ``recouvrement sample -o claims.csv``.
    """
    from ..io.csv_ledger import write_claims_csv
    from ..io.json_ledger import write_claims_json, write_claims_jsonl
    from ..sample import load_sample

    data = load_sample()
    name: str = run.args.output or "-"
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "csv"
    if suffix not in ("csv", "jsonl", "json"):
        raise _UsageError(f"--output {name!r}: give a .csv, .jsonl or .json file name")

    def write(target: TextIO) -> None:
        if suffix == "json":
            write_claims_json(data.claims, target, as_of=data.as_of.isoformat())
        elif suffix == "jsonl":
            write_claims_jsonl(data.claims, target)
        else:
            write_claims_csv(data.claims, target)
        if name != "-":
            claims = plural(len(data.claims), "claim", "en")
            run.note(f"wrote {claims} to {name}; their date: --as-of {data.as_of.isoformat()}")

    return _Output(text=lambda: "", rows=(), columns=(), document={}, write=write)


# -- report, next actions, KPIs ------------------------------------------------------------------


def report(run: _Run) -> _Output:
    """``recouvrement report``: the one-page report of a ledger."""
    as_of = _as_of(run)
    loaded = _load(run)
    built, _ = _build_report(
        run, loaded.claims, as_of, months=run.args.window_months, within=run.args.within
    )
    document = {
        "command": "report",
        "source": loaded.source,
        **built.to_dict(locale=run.locale),
        "invalid_rows": [e.to_dict() for e in loaded.errors],
    }
    document["rows"] = built.to_rows(locale=run.locale)

    def text() -> str:
        title = ("Rapport sur " if french(run.locale) else "Report on ") + f"{loaded.source}\n"
        return built.to_text(locale=run.locale, title=title, top=run.args.top)

    return _Output(
        text=text,
        rows=document["rows"],
        columns=("section", "key", "currency", "value"),
        document=document,
    )


def _batched_records(run: _Run, as_of: pendulum.Date) -> tuple[_Loaded, list[Any]] | None:
    """Stream a CSV ledger through `batch.decide_batches` (both cores), or ``None``.

    ``None`` (the caller then loads every claim) for other formats, ``--explain``, or any
    problem the loader reports better. A ledger whose debtors are not contiguous is
    decided in two passes (`_batched`).
    """
    records: list[Any] = []
    keyed: list[tuple[int, Any]] = []  # a regrouped ledger: (line in the file, record)

    def take(part: list[Any], keys: Sequence[int] | None) -> None:
        if keys is None:
            records.extend(part)
        else:
            keyed.extend(zip(keys, part, strict=True))

    def restart() -> None:
        records.clear()
        keyed.clear()

    batched = _batched(run, as_of, None, take, restart=restart)
    if batched is None:
        return None
    if keyed:
        keyed.sort(key=lambda pair: pair[0])
        records = [record for _, record in keyed]
    loaded, stream = batched
    ids = [r["claim_id"] for r in records]
    if len(set(ids)) != len(ids) or _near_duplicates(ids):
        return None  # duplicate ids: the validated path reports each of them
    _batch_outcome(run, stream, loaded.source)
    from ._stream import missing_rate_of_records

    missing = missing_rate_of_records(records)
    if missing is not None:
        run.missing_rate(missing)  # as `_rate_missing` on the one-process path
    return loaded, records


def _streamed(run: _Run, as_of: pendulum.Date) -> _Output | None:
    """``next-actions --format csv|json`` on a CSV ledger: encoded by the workers, spooled.

    No record is kept in memory: each batch is filtered and encoded where it is decided,
    the main process appends it to a spool file, and the output is that file framed by
    its head and tail (the same bytes as the in-memory path). ``None`` as
    `_batched_records`.
    """
    from functools import partial

    from ._render import DECISION_COLUMNS
    from ._stream import RecordFilter, Spool, encode_decisions

    fmt: str = run.args.format
    keep = RecordFilter(
        fmt=fmt,
        columns=DECISION_COLUMNS,
        keep_closed=bool(run.args.all),
        actions=frozenset(run.args.action or ()),
        due_now=bool(run.args.due_now),
    )
    spool = Spool(fmt)
    transform = partial(encode_decisions, keep=keep)
    batched = _batched(run, as_of, transform, spool.add, output="decisions", restart=spool.reset)
    if batched is None or spool.duplicates:
        spool.close()
        return None  # duplicate ids: the validated path reports each of them
    loaded, stream = batched
    _batch_outcome(run, stream, loaded.source)
    if spool.missing_rate is not None:
        run.missing_rate(spool.missing_rate)  # as `_rate_missing` on the one-process path
    counts = spool.counts()
    document = _list_document("next-actions", loaded, as_of, (), counts=counts)

    def write(target: TextIO) -> None:
        try:
            spool.write(target, document, DECISION_COLUMNS, run.counts)
        finally:
            spool.close()

    return _Output(
        text=lambda: "", rows=(), columns=DECISION_COLUMNS, document=document, write=write
    )


def _batched(
    run: _Run,
    as_of: pendulum.Date,
    transform: Any,
    sink: Callable[[Any, Sequence[int] | None], Any],
    output: Literal["records", "decisions"] = "records",
    restart: Callable[[], Any] = lambda: None,
) -> tuple[_Loaded, BatchRun] | None:
    """Run a CSV ledger through `batch.decide_batches`, each batch to ``sink``, or ``None``.

    ``sink`` takes a batch and ``None``, or, for a ledger whose debtors are not contiguous
    (sorted by date, say), a batch out of file order and each claim's line in the file.
    Such a ledger shows it as soon as a debtor comes back: what ``sink`` took is dropped
    (``restart``) and the ledger is decided again, regrouped by debtor in this process
    (its text held in memory, `batch._decide_regrouped`): the same decisions, on every
    core, put back in file order by the sink.
    """
    from pathlib import Path

    from ..batch import CsvLedger
    from ._context import _input_format, _mapping

    path = Path(run.args.claims)
    asked = getattr(run.args, "workers", None)
    if asked is None:  # not given: every core for a large ledger, one process otherwise
        asked = (os.cpu_count() or 1) if _size(path) >= _AUTO_WORKERS_BYTES else 1
    workers = min(asked, os.cpu_count() or 1, 64)
    if workers < 2 or run.args.explain or _read_options_set(run):
        return None
    if not path.is_file() or _input_format(run, path) != "csv":
        return None
    ledger = CsvLedger(path=path, mapping=_mapping(run))
    profiles: Any = "auto" if _use_profiles(run) else None
    done = _batched_pass(run, ledger, as_of, workers, profiles, transform, sink, output)
    if done != "not grouped":
        return done
    restart()
    done = _batched_pass(run, ledger, as_of, workers, "regroup", transform, sink, output)
    return None if done == "not grouped" else done


def _batched_pass(
    run: _Run,
    ledger: CsvLedger,
    as_of: pendulum.Date,
    workers: int,
    profiles: Any,
    transform: Any,
    sink: Callable[[Any, Sequence[int] | None], Any],
    output: Literal["records", "decisions"],
) -> tuple[_Loaded, BatchRun] | Literal["not grouped"] | None:
    """One pass of `_batched` with ``profiles`` (``"auto"``, None, or ``"regroup"``: the
    ledger regrouped by debtor): its outcome, ``None`` for the one-process path, or
    ``"not grouped"``."""
    from concurrent.futures.process import BrokenProcessPool

    from ..batch import BatchFailed, DebtorsNotGrouped, _decide_regrouped, decide_batches

    try:
        with run.progress("deciding", None) as bar:
            decide = _decide_regrouped if profiles == "regroup" else decide_batches
            extra = {} if profiles == "regroup" else {"profiles": profiles}
            stream = decide(
                ledger,
                as_of=as_of,
                policy=_policy(run),
                rates=_rates(run),  # --rates, --rates-dir or RECOUVREMENT_RATES_DIR
                workers=workers,
                batch_size=5000,
                output=output,
                progress=lambda r: bar.update(r.claims),
                transform=transform,
                **extra,
            )
            for part in stream:
                sink(part, stream.keys)
    except DebtorsNotGrouped:
        return "not grouped"
    except (BatchFailed, BrokenProcessPool, UnicodeDecodeError, OSError):
        return None
    if not stream.rows:  # no row, so no batch checked the header: one process says why
        return None
    if stream.unreadable:  # a broken record: only one process reads what follows as before
        return None
    return _Loaded(
        claims=(),
        errors=tuple(
            stream.errors
            if stream.keys is None
            else sorted(stream.errors, key=lambda error: error.line)
        ),
        rows=stream.rows,
        source=ledger.path.name,
    ), stream


_AUTO_WORKERS_BYTES = 16 * 2**20
"""The size from which ``next-actions`` without ``--workers`` decides a CSV ledger on every
core (about 40,000 claims in the standard layout): below it, starting the workers costs
more than they save."""


def _size(path: Path) -> int:
    """The file's size in bytes (0 if it cannot be read: the reader says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_options_set(run: _Run) -> bool:
    """Whether a read option the batch reader does not apply was given (then: one process).

    The format options (``--encoding``, ``--delimiter``, ``--decimal``, ``--thousands``,
    ``--date-format``, ``--detect``) are the mapping's (`_context._mapping`): the batch
    reader applies them, detecting ``auto`` ones once, from the start of the file."""
    defaults = {"duplicates": "error", "fractions": "warn"}
    return any(getattr(run.args, k, v) != v for k, v in defaults.items())


def _batch_outcome(run: _Run, stream: BatchRun, name: str) -> None:
    """What `_context._load` reports of a load, for a batched one: the invalid rows, the
    warnings and credits, the counts (the same keys) and the exit status (the same rules)."""
    from ._context import _load_outcome

    if stream.detected is not None:  # what `_context._report_load` says first
        run.note(f"detected in {name}: {stream.detected}")
    errors, warnings, credits = stream.errors, stream.warnings, stream.credits
    if stream.keys is not None:  # a regrouped ledger: the rows' notes back in file order
        errors, warnings, credits = (
            sorted(found, key=lambda item: item.line) for found in (errors, warnings, credits)
        )
    for error in errors:
        sys.stderr.write(f"recouvrement: invalid row: {error}\n")
    for warning in warnings:
        run.note(str(warning))
    for credit in credits:
        run.note(f"credit to refund: {credit}")
    counts: dict[str, Any] = {
        "rows": stream.rows,
        "loaded": stream.claims,
        "skipped": stream.rows - stream.claims,
        "invalid": len(stream.errors),
        "credits": len(stream.credits),
        "filtered": stream.filtered,
        "duplicates": stream.duplicates,
        "warnings": len(stream.warnings),
    }
    first = stream.first_issued_after
    _load_outcome(
        run,
        counts,
        errors=len(stream.errors),
        rows=stream.rows,
        loaded=stream.claims,
        name=name,
        issued_after=lambda: (stream.issued_after, [] if first is None else [first]),
    )


def _near_duplicates(ids: Iterable[str]) -> bool:
    """Two ids equal but for surrounding spaces (the reader warns of them file-wide)."""
    seen: set[str] = set()
    for ident in set(ids):
        stripped = ident.strip()
        if stripped in seen:
            return True
        seen.add(stripped)
    return False


def next_actions(run: _Run) -> _Output:
    """``recouvrement next-actions``: the next action on every (open) claim.

    A CSV ledger whose debtors are contiguous streams through `batch.decide_batches` on
    both cores; otherwise every claim is loaded, then decided.
    """
    from ..reports import action_counts, counts_text, decision_record, is_open

    as_of = _as_of(run)
    wanted = set(run.args.action or ())
    if getattr(run.args, "format", "table") in ("csv", "json"):
        streamed = _streamed(run, as_of)
        if streamed is not None:
            return streamed
        batched = None  # the same conditions keep the records path out
    else:
        batched = _batched_records(run, as_of)
    decisions: list[Decision] = []
    if batched is not None:
        loaded, records = batched
        total = len(records)
        rows = [
            r
            for r in records
            if (run.args.all or r.pop("open"))
            and (not wanted or r["action"] in wanted)
            and (not run.args.due_now or r["due_now"])
        ]
        for r in rows:
            r.pop("open", None)
    else:
        loaded = _load(run)
        claims = loaded.claims
        total = len(claims)
        profiles = _profiles(run, claims, as_of) if _use_profiles(run) else None
        decisions = _decisions(run, claims, as_of, _policy(run), profiles)
        rows = [
            decision_record(d, c)
            for d, c in zip(decisions, claims, strict=True)
            if (run.args.all or is_open(d, c))
            and (not wanted or d.action.value in wanted)
            and (not run.args.due_now or d.due_now)
        ]
    counts = action_counts(rows)

    def text() -> str:
        locale = run.locale
        fr = french(locale)
        of = plural(total, "claim", locale)
        if fr:
            head = f"Prochaines actions de {loaded.source} au {as_of.isoformat()} : {len(rows)} sur {of}"
            head += "" if run.args.all else " (créances closes omises : --all)"
        else:
            head = f"Next actions on {loaded.source} as of {as_of.isoformat()}: {len(rows)} of {of}"
            head += "" if run.args.all else " (closed claims left out: --all)"
        parts = [head, decisions_text(rows, locale, width=run.args.width), ""]
        parts += ["Par action" if fr else "By action", counts_text(counts, locale=locale)]
        if run.args.explain:
            by_id = {d.claim_id: d for d in decisions}
            parts.append("\nMotifs" if fr else "\nReasons")
            parts.extend(by_id[r["claim_id"]].explain() + "\n" for r in rows)
        return "\n".join(parts) + "\n"

    document = _list_document("next-actions", loaded, as_of, rows, counts=counts)
    return _Output(text=text, rows=rows, columns=DECISION_COLUMNS, document=document)


def _trend_rows(
    claims: Sequence[Claim], as_of: pendulum.Date, months: int, window: int
) -> list[dict[str, Any]]:
    from ..money import Money
    from ..reports import _books

    first = as_of.start_of("month").subtract(months=months - 1)
    rows = []
    for currency, book in _books(claims).items():
        # the month of --as-of on that day: nothing dated after it counts
        for month in book.trend(start=first, end=as_of, window_months=window, as_of=as_of):
            row: dict[str, Any] = {"month": month.month, "currency": currency}
            for spec, value in month.figures():
                if isinstance(value, Money):
                    row[spec.name] = format(value.amount, "f")
                else:
                    row[spec.name] = None if value is None else format(round(value, 2), "f")
            row["complete"] = month.complete and month.as_of == month.as_of.end_of("month")
            rows.append(row)
    return rows


def kpis(run: _Run) -> _Output:
    """``recouvrement kpis``: the KPIs on a day, or their monthly trend (--trend)."""
    from ..kpi.aging import aging_by_currency
    from ..kpi.portfolio import kpi_window
    from ..reports import aging_rows_of, aging_text, book_figures, kpi_figures, kpis_text

    as_of = _as_of(run)
    months: int = run.args.window_months
    if run.args.trend is not None:
        loaded = _load(run)
        trend = _trend_rows(loaded.claims, as_of, run.args.trend, months)
        columns = tuple(trend[0]) if trend else ("month", "currency")
        document = _list_document("kpis", loaded, as_of, trend, window_months=months)
        return _Output(
            text=lambda: _trend_text(run, trend, loaded.source, as_of),
            rows=trend,
            columns=columns,
            document=document,
        )
    loaded = _load_frame(run) or _load(run)
    if loaded.frame is not None:
        # the columnar path: the same figures as the claims' (`book_figures`)
        from ..kpi.frames import FramePortfolio

        parts = loaded.frame.partition_by("currency", as_dict=True, maintain_order=True)
        books = {key[0]: FramePortfolio(part) for key, part in sorted(parts.items())}
        figures = book_figures(books, as_of=as_of, months=months)
        balances = FramePortfolio(loaded.frame).aging_by_currency(as_of=as_of)
    else:
        figures = kpi_figures(loaded.claims, as_of=as_of, months=months)
        balances = aging_by_currency(loaded.claims, as_of=as_of)
    rows = [f.to_dict(locale=run.locale) for f in figures]
    aging = aging_rows_of(balances)

    def text() -> str:
        start, end = kpi_window(as_of=as_of, months=months)
        locale = run.locale
        if french(locale):
            title = (
                f"Indicateurs de {loaded.source} au {as_of.isoformat()} (fenêtre : "
                f"{start.isoformat()} au {end.isoformat()}, {months} mois)"
            )
            aging_title = "Balance âgée (jours de retard)"
        else:
            title = (
                f"KPIs of {loaded.source} as of {as_of.isoformat()} "
                f"(window: {start.isoformat()} to {end.isoformat()}, {months} months)"
            )
            aging_title = "Aging of the balance (days past due)"
        return (
            _titled(title, kpis_text(figures, locale=locale))
            + "\n"
            + _titled(aging_title, aging_text(aging, locale=locale))
        )

    document = _list_document("kpis", loaded, as_of, rows, window_months=months, aging=aging)
    return _Output(text=text, rows=rows, columns=_KPI_COLUMNS, document=document)


# -- profiles, deadlines ------------------------------------------------------------------------


def _profile_row(
    profile: DebtorProfile, names: Mapping[str, str], open_claims: Counter[str]
) -> dict[str, Any]:
    from ..reports import _num

    m = profile.metrics
    reason = next((r.message for r in profile.reasons if r.code.startswith("profile.segment")), "")
    return {
        "debtor_id": profile.debtor_id,
        "debtor": names.get(profile.debtor_id, ""),
        "segment": profile.segment.value,
        "score": profile.score,
        "rule": profile.rule,
        "claims_issued": m.claims_issued,
        "open_claims": open_claims.get(profile.debtor_id, 0),
        "claims_overdue": m.claims_overdue,
        "currency": m.currency,
        "overdue_amount": format(m.overdue_amount.amount, "f"),
        "oldest_days_past_due": m.oldest_days_past_due,
        "on_time_share": _num(m.on_time_share, None),
        "average_days_late": _num(m.average_days_late, None),
        "average_delay": _num(m.average_delay, None),
        "promises_broken": m.promises_broken,
        "disputes_open": m.disputes_open,
        "reminders": m.reminders,
        "formal_notices": m.formal_notices,
        "insolvency_open": m.insolvency_open,
        "reason": reason,
        "reasons": [r.to_dict() for r in profile.reasons],
    }


def profiles(run: _Run) -> _Output:
    """``recouvrement profiles``: every debtor's payment profile, or one explained."""
    from ..reports import segment_rows

    as_of = _as_of(run)
    loaded = _load(run)
    claims = loaded.claims
    found = _profiles(run, claims, as_of)
    wanted: str | None = run.args.debtor
    if wanted is not None:
        if wanted not in found:
            raise _DataError(f"--debtor={wanted!r}: no claim of that debtor in {loaded.source}")
        found = {wanted: found[wanted]}
    names = {c.debtor.id: c.debtor.name for c in claims}
    open_claims = Counter(
        c.debtor.id for c in claims if c.issued_on <= as_of and not c.is_settled(as_of=as_of)
    )
    rows = [_profile_row(p, names, open_claims) for p in found.values()]
    segments = segment_rows(found, claims, as_of)

    def text() -> str:
        if wanted is not None:
            return found[wanted].explain() + "\n"
        return _profiles_text(run, rows, segments, loaded.source, as_of)

    document = _list_document("profiles", loaded, as_of, rows, segments=segments)
    return _Output(text=text, rows=rows, columns=PROFILE_COLUMNS, document=document)


def deadlines(run: _Run) -> _Output:
    """``recouvrement deadlines``: the legal deadlines coming up."""
    from ..reports import deadline_rows, deadlines_text

    as_of = _as_of(run)
    loaded = _load(run)
    within: int = run.args.within
    rows = deadline_rows(_upcoming(run, loaded.claims, as_of, within), loaded.claims)
    following = None
    if not rows:
        later = _upcoming(run, loaded.claims, as_of, max(within, 3660))
        following = deadline_rows(later[:1], loaded.claims)[0] if later else None

    def text() -> str:
        locale = run.locale
        until = as_of.add(days=within).isoformat()
        days = plural(within, "day", locale)
        head = (
            f"Échéances légales de {loaded.source} du {as_of.isoformat()} au {until} ({days})\n"
            if french(locale)
            else f"Legal deadlines of {loaded.source} from {as_of.isoformat()} to {until} ({days})\n"
        )
        body = deadlines_text(rows, as_of=as_of, within=within, following=following, locale=locale)
        return head + body + "\n"

    document = _list_document("deadlines", loaded, as_of, rows, within=within, next_after=following)
    return _Output(text=text, rows=rows, columns=_DEADLINE_COLUMNS, document=document)


# -- notice, simulate ---------------------------------------------------------------------------


@contextlib.contextmanager
def _details_hint(details: CreditorDetails | None) -> Iterator[None]:
    """Point at ``--details`` when a letter lacks a creditor detail."""
    from ..notices import NoticeNotAvailable

    try:
        yield
    except NoticeNotAvailable as exc:
        if exc.field is None or not exc.field.startswith("creditor_details"):
            raise
        hint = "add it to the file given with --details" if details else "give it with --details"
        raise _DataError(f"{exc} ({hint} FILE.toml, see `recouvrement notice --help`)") from None


def _claim_notice(
    run: _Run, loaded: _Loaded, as_of: pendulum.Date, details: CreditorDetails | None
) -> Notice:
    from ..decisions import next_action
    from ..notices import notice_kind, render_notice
    from ..reports import _lead

    claim = _find_claim(loaded, run.args.claim)
    mine = [c for c in loaded.claims if c.debtor.id == claim.debtor.id]
    profile = _profiles(run, mine, as_of)[claim.debtor.id] if _use_profiles(run) else None
    decision = next_action(
        claim, as_of=as_of, policy=_policy(run), profile=profile, rates=_rates(run)
    )
    if notice_kind(decision.action) is None:
        step = "" if decision.step is None else f" (step {decision.step!r})"
        raise _DataError(
            f"--claim={claim.id!r}: the next action on {as_of.isoformat()} is "
            f"{decision.action.value}{step}, which sends no letter to the debtor "
            f"({_lead(decision.reasons)[0]}); see `recouvrement next-actions`"
        )
    with _details_hint(details):
        return render_notice(
            decision, claim, locale=run.letter_locale(claim), creditor_details=details
        )


def _debtor_notice(
    run: _Run, loaded: _Loaded, as_of: pendulum.Date, details: CreditorDetails | None
) -> Notice:
    from ..notices import notice_kind, render_debtor_notice

    wanted: str = run.args.debtor
    mine = [c for c in loaded.claims if c.debtor.id == wanted]
    if not mine:
        raise _DataError(f"--debtor={wanted!r}: no claim of that debtor in {loaded.source}")
    found = _profiles(run, mine, as_of) if _use_profiles(run) else None
    decisions = _decisions(run, mine, as_of, _policy(run), found)
    pairs = [
        (d, c) for d, c in zip(decisions, mine, strict=True) if notice_kind(d.action) is not None
    ]
    if not pairs:
        raise _DataError(
            f"--debtor={wanted!r}: none of the debtor's {len(mine)} claims has a letter to "
            f"send on {as_of.isoformat()}; see `recouvrement next-actions`"
        )
    with _details_hint(details):
        letter = render_debtor_notice(
            pairs, locale=run.letter_locale(mine[0]), creditor_details=details
        )
    left_out = [c.id for _, c in pairs if c.id not in letter.claim_ids]
    if left_out:  # an agency letter or small-claims invitation covers its own claims only
        run.note(
            f"warning: {', '.join(left_out)} left out of this {letter.kind.value}: their "
            "next action is another (send them their own letter)"
        )
    return letter


def notice(run: _Run) -> _Output:
    """``recouvrement notice``: the letter the next action sends."""
    as_of = _as_of(run)
    if (run.args.claim is None) == (run.args.debtor is None):
        raise _UsageError("give one of --claim ID (a letter for one claim) or --debtor ID")
    if run.args.html and run.args.format != "table":
        raise _UsageError("--html replaces the plain text: use it without --format json|csv")
    loaded = _load(run)
    details = _details(run)
    if run.args.claim is not None:
        letter = _claim_notice(run, loaded, as_of, details)
    else:
        letter = _debtor_notice(run, loaded, as_of, details)
    row = letter.to_dict()

    def text() -> str:
        if run.args.html:
            return letter.html if letter.html.endswith("\n") else letter.html + "\n"
        return _letter_text(letter, run.locale)

    document = _list_document("notice", loaded, as_of, [row])
    return _Output(text=text, rows=[row], columns=tuple(row), document=document)


def simulate(run: _Run) -> _Output:
    """``recouvrement simulate``: the what-if timeline of one claim if nothing is paid."""
    from .._convert import to_date
    from ..decisions import simulate as replay
    from ..decisions.simulation import _as_it_stood
    from ..reports import decision_record

    as_of = _as_of(run)
    start = as_of if run.args.start is None else to_date(run.args.start, "--start")
    end = start.add(years=1) if run.args.end is None else to_date(run.args.end, "--end")
    loaded = _load(run)
    claim = _find_claim(loaded, run.args.claim)
    mine = [c for c in loaded.claims if c.debtor.id == claim.debtor.id]
    profile = _profiles(run, mine, as_of)[claim.debtor.id] if _use_profiles(run) else None
    timeline = replay(
        claim, start=start, end=end, policy=_policy(run), profile=profile, rates=_rates(run)
    )
    _rate_missing(run, timeline)
    # the claim as the premise has it: nothing recorded after --start is paid
    stood = _as_it_stood(claim, start.toordinal())
    rows = []
    for decision in timeline:
        row = decision_record(decision, stood)
        row["outstanding"] = format(stood.outstanding(as_of=decision.on).amount, "f")
        row["days_past_due"] = stood.days_past_due(as_of=decision.on)
        rows.append(row)
    colon = " :" if french(run.locale) else ":"
    segment = "" if profile is None else f"{colon} {word('segment', profile.segment, run.locale)}"
    if french(run.locale):
        head = (
            f"Simulation pour {claim.id} ({claim.debtor.name}) du {start.isoformat()} au "
            f"{end.isoformat()}, si chaque action est faite à sa date et rien n'est payé "
            f"(profil au {as_of.isoformat()}{segment})\n"
        )
    else:
        head = (
            f"What-if for {claim.id} ({claim.debtor.name}) from {start.isoformat()} to "
            f"{end.isoformat()}, if every action is carried out on its date and nothing is "
            f"paid (profile as of {as_of.isoformat()}{segment})\n"
        )
    document = _list_document(
        "simulate",
        loaded,
        as_of,
        rows,
        claim_id=claim.id,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    return _Output(
        text=lambda: _timeline_text(run, claim, rows, head),
        rows=rows,
        columns=DECISION_COLUMNS,
        document=document,
    )


COMMANDS = {
    "demo": demo,
    "dashboard": dashboard,
    "sample": sample,
    "report": report,
    "next-actions": next_actions,
    "kpis": kpis,
    "profiles": profiles,
    "deadlines": deadlines,
    "notice": notice,
    "simulate": simulate,
}
"""Command name -> the function that runs it."""

COMMANDS.update(MORE_COMMANDS)
