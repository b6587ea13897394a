"""``recouvrement next-actions`` on a ledger grouped by debtor goes through the batch path,
and prints exactly what the load-everything path prints."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import recouvrement.cli.commands as commands
from recouvrement.claims import Claim
from recouvrement.cli import main
from recouvrement.decisions import next_action
from recouvrement.events import InsolvencyKind
from recouvrement.explain import Citation, Reason
from recouvrement.io.csv_ledger import write_claims_csv
from recouvrement.money import Money
from recouvrement.sample import load_sample
from recouvrement.segments import Segment

from .french import french_rows
from .strategies import claims


def _run(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(args)
    return out.getvalue()


def _spy_batched(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call of `commands._batched` took the batch path (appended per call)."""
    batched = commands._batched
    used: list[bool] = []

    def spy(*a: Any, **k: Any) -> Any:
        result = batched(*a, **k)
        used.append(result is not None)
        return result

    monkeypatch.setattr(commands, "_batched", spy)
    return used


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "json"],
        ["--all", "--format", "csv"],
        ["--format", "csv"],
        ["--all", "--format", "json"],
        ["--due-now", "--format", "json"],
        ["--action", "reminder", "--format", "csv"],
        ["--action", "payment_order", "--format", "json"],  # no row: "rows": []
        [],
    ],
)
def test_next_actions_batch_path_prints_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    path = tmp_path / "sorted.csv"
    claims = sorted(load_sample().claims, key=lambda c: c.debtor.id)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--quiet", "--workers", "2", *extra]
    used: list[bool] = []
    batched = commands._batched

    def spy(*a: Any, **k: Any) -> Any:
        result = batched(*a, **k)
        used.append(result is not None)
        return result

    monkeypatch.setattr(commands, "_batched", spy)
    streamed = commands._streamed
    via: list[bool] = []

    def watch(*a: Any) -> Any:
        via.append(True)
        return streamed(*a)

    monkeypatch.setattr(commands, "_streamed", watch)
    new = _run(args)
    assert used == [True]
    # CSV and JSON stream (encoded in the workers, spooled on disk); the table does not.
    assert via == ([True] if {"csv", "json"} & set(extra) else [])
    monkeypatch.setattr(commands, "_batched", lambda *a, **k: None)
    old = _run(args)
    # The same output, counts included (rows, loaded, skipped and why, issued after).
    assert new == old
    assert '"loaded": 200' in new or "loaded=200" in new or "--format" not in " ".join(extra)
    assert new


@pytest.mark.parametrize("extra", [["--all", "--format", "csv"], ["--format", "json"], []])
def test_a_ledger_sorted_by_date_takes_the_batch_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    """Debtors not contiguous (a ledger by invoice date, as exports are): the ledger is
    regrouped by debtor and decided on the workers (`batch._decide_regrouped`), the output
    put back in file order: the same output as one process, not the load-everything
    fallback."""
    from recouvrement import batch

    path = tmp_path / "by-date.csv"
    claims = sorted(load_sample().claims, key=lambda c: (c.issued_on, c.id))
    assert [c.debtor.id for c in claims] != sorted(c.debtor.id for c in claims)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--quiet", "--workers", "2", *extra]
    passes: list[Any] = []
    regrouped = batch._decide_regrouped

    def spy(*a: Any, **k: Any) -> Any:
        passes.append(k["workers"])
        return regrouped(*a, **k)

    monkeypatch.setattr(batch, "_decide_regrouped", spy)
    used = _spy_batched(monkeypatch)
    new = _run(args)
    assert (used, passes) == ([True], [2])
    monkeypatch.setattr(commands, "_batched", lambda *a, **k: None)
    old = _run(args)
    assert new == old
    assert new


def _without_counts(text: str) -> str:
    if text.lstrip().startswith("{"):
        document = json.loads(text)
        document.pop("counts", None)
        return json.dumps(document)
    return "\n".join(line for line in text.splitlines() if not line.startswith("# counts:"))


def test_streamed_output_falls_back_on_duplicate_ids(tmp_path: Path) -> None:
    """Two rows with one id: the validated path runs and reports them, as with one worker."""
    path = tmp_path / "dup.csv"
    claims = sorted(load_sample().claims, key=lambda c: c.debtor.id)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv([*claims, claims[-1]], handle)
    outcomes = []
    for workers in ("2", "1"):
        target = tmp_path / f"out{workers}.csv"
        args = ["next-actions", str(path), "--as-of", "2026-03-31", "--quiet"]
        args += ["--workers", workers, "--format", "csv", "-o", str(target)]
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = main(args)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        outcomes.append((code, text, errors.getvalue()))
    assert outcomes[0] == outcomes[1]
    assert "duplicate" in outcomes[0][2].lower()


def _messy_ledger(path: Path, by_date: bool = False) -> None:
    """The sample sorted by debtor (or by date: debtors not contiguous), with an invalid
    row, a fraction of a cent (a warning) and claims issued after the day of the run (one
    of them then invalid: paid before)."""
    import csv

    order = (lambda c: (c.issued_on, c.id)) if by_date else (lambda c: c.debtor.id)
    claims = sorted(load_sample().claims, key=order)
    buffer = io.StringIO()
    write_claims_csv(claims, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    header = rows[0]
    rows[5][header.index("currency")] = "EURO"
    rows[9][header.index("amount")] = rows[9][header.index("amount")] + "4"
    for index in (30, 150, 120):
        rows[index][header.index("issued_on")] = "2026-04-02"
        rows[index][header.index("due_on")] = "2026-05-02"
        if by_date and index != 30:  # (by date, two of them valid: no history before)
            for column in ("payments", "credit_notes", "events"):
                rows[index][header.index(column)] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize("by_date", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_batched_runs_report_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, by_date: bool
) -> None:
    """Invalid rows, warnings, claims issued after --as-of: the same output, the same notes
    (in file order, and with their lines in the file, for a ledger regrouped by debtor)
    and the same exit status with two workers as with one."""
    path = tmp_path / "messy.csv"
    _messy_ledger(path, by_date)
    used = _spy_batched(monkeypatch)
    outcomes = []
    for workers in ("2", "1"):
        args = ["next-actions", str(path), "--as-of", "2026-03-31", "--workers", workers]
        args += ["--format", fmt, "--max-invalid", "3"]
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(args)
        outcomes.append((code, stdout.getvalue(), stderr.getvalue()))
    assert outcomes[0] == outcomes[1]
    assert used == [True, False]
    code, _, notes = outcomes[0]
    assert code == 0
    assert "invalid row" in notes
    assert "fraction" in notes
    assert "issued after 2026-03-31" in notes


@pytest.mark.parametrize("by_date", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_batched_runs_use_the_user_rates_and_report_a_missing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, by_date: bool
) -> None:
    """On 2026-12-31 the packaged ECB table has no rate for the half-year: without user
    tables the run exits 3 (two workers as one); with RECOUVREMENT_RATES_DIR the workers
    apply them, as one process does, and the run succeeds."""
    from recouvrement.rates import RateTable
    from recouvrement.ratesync import write_user_table

    path = tmp_path / "sorted.csv"
    order = (lambda c: (c.issued_on, c.id)) if by_date else (lambda c: c.debtor.id)
    claims = sorted(load_sample().claims, key=order)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    folder = tmp_path / "rates"
    write_user_table(
        RateTable.ecb().with_row("2026-06-10", "1.90", published_to="2027-06-30"), folder
    )
    write_user_table(
        RateTable.legal_interest().with_half_year(2026, 2, individual="6.5", other="2.5"), folder
    )
    used = _spy_batched(monkeypatch)
    for env, expected in ((None, 3), (str(folder), 0)):
        if env is None:
            monkeypatch.delenv("RECOUVREMENT_RATES_DIR", raising=False)
        else:
            monkeypatch.setenv("RECOUVREMENT_RATES_DIR", env)
        outcomes = []
        for workers in ("2", "1"):
            args = ["next-actions", str(path), "--as-of", "2026-12-31", "--all"]
            args += ["--workers", workers, "--format", fmt]
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main(args)
            outcomes.append((code, stdout.getvalue(), stderr.getvalue()))
        assert outcomes[0] == outcomes[1]
        assert outcomes[0][0] == expected
        assert ("not published" in outcomes[0][2]) is (expected == 3)
    # the two-worker runs went through the workers, with and without user tables (the
    # one-worker runs do not)
    assert used == [True, False, True, False]


def test_invalid_rows_outrank_a_missing_rate(tmp_path: Path) -> None:
    """Rows rejected beyond --max-invalid and a rate missing: the run exits 1, and every
    message says so (not "exits 1" then "exits 3")."""
    path = tmp_path / "messy.csv"
    _messy_ledger(path)
    for workers in ("2", "1"):
        args = ["next-actions", str(path), "--as-of", "2026-12-31", "--workers", workers]
        args += ["--format", "csv"]
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(args)
        notes = stderr.getvalue()
        assert code == 1
        assert "more than --max-invalid 0 (each is listed above): the run exits 1" in notes
        assert "the run exits 1 for the invalid rows above (3 without them)" in notes
        assert "the run exits 3" not in notes


@pytest.mark.parametrize("how", ["kernel", "partly", "refused", "no fileno", "cp1252"])
def test_spool_copies_its_text_whatever_the_target(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spooled rows reach the output byte for byte: copied by the kernel, by Python
    after the kernel copied part of them, or by Python alone (a target without a file, or
    a file of another encoding: its text, not the spool's UTF-8 bytes)."""
    import io
    import os
    from collections import Counter

    from recouvrement.cli._stream import Encoded, Spool

    text = "".join(f"C{i},é « ligne » {i}\r\n" for i in range(30_000))
    spool = Spool("csv")
    data = text.encode("utf-8")
    spool.add(Encoded(data=data, ids=("x",), actions=Counter(), due=Counter(), kept=1))
    real = os.sendfile
    if how == "partly":

        def half(out: int, source: int, offset: int, count: int) -> int:
            if offset:
                raise OSError("no more")
            return real(out, source, offset, count // 2)

        monkeypatch.setattr(os, "sendfile", half)
    elif how == "refused":

        def refuse(out: int, source: int, offset: int, count: int) -> int:
            raise OSError("not to this target")

        monkeypatch.setattr(os, "sendfile", refuse)
    try:
        if how == "no fileno":
            target: Any = io.StringIO(newline="")
            spool.write(target, {}, ["id"], None)
            written = target.getvalue()
        else:
            encoding = "cp1252" if how == "cp1252" else "utf-8"
            path = tmp_path / "out.csv"
            with path.open("w", encoding=encoding, newline="") as handle:
                spool.write(handle, {}, ["id"], None)
            written = path.read_bytes().decode(encoding)
    finally:
        spool.close()
    assert written == "id\r\n" + text


_AWKWARD = st.text(alphabet=st.sampled_from(list("ab ,;\"'\r\n=+-@\té€")), min_size=1, max_size=10)


@given(
    st.lists(claims(), min_size=1, max_size=6),
    st.lists(_AWKWARD.filter(lambda t: t.strip() != ""), min_size=6, max_size=6),
    st.sampled_from(["2024-06-30", "2027-01-15", "2031-03-01"]),
    st.booleans(),
    st.frozensets(st.sampled_from(["reminder", "wait", "close", "none", "formal_notice"])),
    st.booleans(),
    st.sampled_from(["csv", "json"]),
)
def test_decisions_encode_as_their_records(
    drawn: list[Claim],
    names: list[str],
    as_of: str,
    keep_closed: bool,
    actions: frozenset[str],
    due_now: bool,
    fmt: str,
) -> None:
    """`encode_decisions` writes what `encode_batch` writes for the records of the same
    decisions: names and ids with quotes, separators, line breaks, formula prefixes."""
    import attrs

    from recouvrement.cli._render import DECISION_COLUMNS
    from recouvrement.cli._stream import RecordFilter, encode_batch, encode_decisions
    from recouvrement.errors import RecouvrementError
    from recouvrement.reports import decision_record, is_open

    pairs = []
    for index, claim in enumerate(drawn):
        debtor = attrs.evolve(claim.debtor, name=names[index], id=names[-1 - index])
        mine = attrs.evolve(claim, debtor=debtor, id=f"{names[index]}-{index}")
        try:
            pairs.append((next_action(mine, as_of=as_of), mine))
        except RecouvrementError:
            continue
    assume(pairs)
    keep = RecordFilter(
        fmt=fmt, columns=DECISION_COLUMNS, keep_closed=keep_closed, actions=actions, due_now=due_now
    )
    records = []
    for decision, claim in pairs:
        record = decision_record(decision, claim)
        record["open"] = is_open(decision, claim)
        records.append(record)
    assert encode_decisions(pairs, keep) == encode_batch(records, keep)


_FACT_TEXT = st.text(
    alphabet=st.sampled_from(list('ab "\\/\x00\x1f\x7f\r\n\té€\u2028\U0001f600')), max_size=8
)
_FACT_VALUES = st.one_of(
    _FACT_TEXT,
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates().map(lambda day: pendulum.Date(day.year, day.month, day.day)),
    st.dates(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.sampled_from([*Segment, *InsolvencyKind]),
    st.decimals(min_value=0, max_value=10**6, places=2).map(lambda amount: Money(amount, "EUR")),
    st.lists(st.integers(), max_size=2),
)


@given(st.dictionaries(_FACT_TEXT, _FACT_VALUES, max_size=5))
def test_reason_json_is_the_records_json(facts: dict[str, Any]) -> None:
    """The reasons cell `encode_decisions` writes is the JSON the records path writes for
    `Reason.to_dict` (``list_cell``): texts with quotes, backslashes and control characters,
    decimals (non-finite too), days, big ints, enums, money, lists."""
    from recouvrement.cli._stream import _reasons_json
    from recouvrement.errors import RecouvrementError
    from recouvrement.io.export import list_cell

    reason = Reason("code.x", "A message", citation=Citation("C. com.", "L441-10"), facts=facts)
    try:
        expected = list_cell([reason.to_dict()], "reasons")
    except RecouvrementError:
        assume(False)
    assert _reasons_json([reason], {}) == expected


_SAMPLE_PAIRS: list[Any] = []


def _sample_pairs() -> list[Any]:
    if not _SAMPLE_PAIRS:
        sample = load_sample()
        _SAMPLE_PAIRS.extend((next_action(c, as_of=sample.as_of), c) for c in sample.claims[:60])
    return _SAMPLE_PAIRS


@given(
    order=st.permutations(range(60)),
    cuts=st.lists(st.integers(1, 59), max_size=5, unique=True),
    fmt=st.sampled_from(["csv", "json"]),
    keep_closed=st.booleans(),
    target=st.sampled_from(["text", "utf-8", "cp1252"]),
    block=st.integers(1, 70),
    shelf=st.integers(0, 7),
)
def test_a_spool_puts_batches_out_of_order_back_in_file_order(
    order: list[int],
    cuts: list[int],
    fmt: str,
    keep_closed: bool,
    target: str,
    block: int,
    shelf: int,
) -> None:
    """Batches in any order with each claim's place (a regrouped ledger): the spool writes
    what it writes for the same batches in file order, byte for byte (the first JSON item
    without its separator), with the first missing rate in file order; to a text target,
    as bytes to a UTF-8 file's buffer, or as text to a file of another encoding, whatever
    the number of records written at once and of lines shelved together."""
    from unittest import mock

    from recouvrement.cli import _stream
    from recouvrement.cli._render import DECISION_COLUMNS
    from recouvrement.cli._stream import RecordFilter, Spool, encode_decisions

    pairs = _sample_pairs()
    keep = RecordFilter(
        fmt=fmt,
        columns=DECISION_COLUMNS,
        keep_closed=keep_closed,
        actions=frozenset(),
        due_now=False,
    )
    bounds = [0, *sorted(cuts), 60]
    outputs = []
    for keyed in (False, True):
        spool = Spool(fmt)
        places = order if keyed else list(range(60))
        out: Any = io.StringIO()
        if keyed and target != "text":
            out = io.TextIOWrapper(io.BytesIO(), encoding=target, newline="")
        with (
            mock.patch.object(_stream, "_BLOCK", block),
            mock.patch.object(_stream, "_SHELF_BITS", shelf),
        ):
            for start, end in itertools.pairwise(bounds):
                mine = places[start:end]
                batch = encode_decisions([pairs[i] for i in mine], keep)
                spool.add(batch, mine if keyed else None)
            spool.write(out, {"command": "next-actions"}, DECISION_COLUMNS, None)
        spool.close()
        if isinstance(out, io.TextIOWrapper):
            out.flush()
            written = out.buffer.getvalue().decode(target)
        else:
            written = out.getvalue()
        outputs.append((written, spool.kept, spool.counts(), spool.missing_rate))
    assert outputs[0] == outputs[1]
    assert outputs[0][1] > 0


def _run_all(args: list[str]) -> tuple[str, str, int | str | None]:
    """stdout, stderr and the exit code of the command."""
    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code
    return out.getvalue(), err.getvalue(), code


EXPORTS = Path(__file__).parent / "fixtures" / "exports"


@pytest.mark.parametrize(
    ("export", "mapping"),
    [
        ("sap_fbl5n_partial_payments.txt", "sap_fbl5n_netted"),  # tab, 1.234,56-, netted
        ("sap_fbl5n_open_items.txt", "sap_fbl5n"),
        ("sage_balance_agee.csv", "sage"),  # cp1252, ';'
        ("odoo_account_move.csv", "odoo"),
        ("erpnext_sales_invoice.csv", "erpnext"),
    ],
)
def test_an_erp_export_with_detected_settings_takes_the_batch_path(
    monkeypatch: pytest.MonkeyPatch, export: str, mapping: str
) -> None:
    """A shipped mapping leaves the format to detection (``"auto"``): it is detected once,
    from the start of the file, as the one-process reader does, and every batch is read
    with it (tab and ``;`` files, cp1252 included): the same output, notes and exit code
    as one process, "detected in ..." included."""
    args = ["next-actions", str(EXPORTS / export), "--mapping", mapping, "--as-of", "2025-06-30"]
    args += ["--all", "--format", "csv", "--workers", "2"]
    used = _spy_batched(monkeypatch)
    new = _run_all(args)
    assert used == [True]
    monkeypatch.setattr(commands, "_batched", lambda *a, **k: None)
    assert new == _run_all(args)
    assert "detected in" in new[1]


def test_each_batch_reads_with_the_settings_detected_at_the_start(tmp_path: Path) -> None:
    """The start of the file shows a decimal comma (``"1.234,56"``); a later debtor's batch
    holds only ``150.000`` yen, which alone would read as 150: read as 150,000, as one
    process reads it."""
    import attrs

    from recouvrement.batch import CsvLedger, decide_batches
    from recouvrement.io import ColumnMapping, read_claims_csv

    head = "id,nature,amount,currency,issued_on,creditor_id,creditor_name,creditor_kind,"
    head += "debtor_id,debtor_name,debtor_kind\n"
    party = "C1,Acme,professional"
    rows = [
        f'A{i},commercial,"1.{i + 100},56",EUR,2026-01-05,{party},D1,Alpha,professional\n'
        for i in range(400)
    ]
    rows += [
        f"Z{i},commercial,150.000,JPY,2026-01-05,{party},D9,Yamada,professional\n" for i in range(3)
    ]
    path = tmp_path / "mixed.csv"
    path.write_text(head + "".join(rows), encoding="utf-8")
    mapping = attrs.evolve(
        ColumnMapping.standard(), decimal_separator="auto", thousands_separator="auto"
    )
    one = read_claims_csv(path, mapping=mapping)
    run = decide_batches(
        CsvLedger(path=path, mapping=mapping),
        as_of="2026-03-31",
        batch_size=50,
        output="rows",
    )
    records = [record for batch in run for record in batch]
    assert run.detected == one.detected
    assert [r["outstanding"] for r in records if r["currency"] == "JPY"] == ["150000"] * 3
    assert [str(c.amount.amount) for c in one.claims if c.currency == "JPY"] == ["150000"] * 3


def _french_excel(path: Path) -> None:
    """The sample ledger (by debtor) as French Excel saves it (`tests.french`), with ``;``
    and cp1252."""
    import csv

    buffer = io.StringIO(newline="")
    write_claims_csv(sorted(load_sample().claims, key=lambda c: c.debtor.id), buffer)
    rows = french_rows(list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))


@pytest.mark.parametrize(
    "options",
    [
        "--detect",
        "--encoding cp1252 --delimiter ; --decimal , --thousands space --date-format %d/%m/%Y",
        "--encoding auto --delimiter auto --decimal , --thousands auto --date-format auto",
    ],
)
def test_format_options_take_the_batch_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: str
) -> None:
    """A French Excel ledger read with the format options (given, or detected once from the
    start of the file): decided on the workers, batch by batch, with the output, notes and
    exit code of one process."""
    from recouvrement import batch

    path = tmp_path / "export.csv"
    _french_excel(path)
    args = ["next-actions", str(path), *options.split(), "--as-of", "2026-03-31", "--all"]
    args += ["--format", "csv", "--workers", "2"]
    units: list[int] = []
    cut = batch._units

    def spy(*a: Any, **k: Any) -> Any:
        for unit in cut(*a, **k):
            units.append(len(unit.debtors))
            yield unit

    monkeypatch.setattr(batch, "_units", spy)
    used = _spy_batched(monkeypatch)
    new = _run_all(args)
    assert used == [True]
    assert sum(units) == len({c.debtor.id for c in load_sample().claims})  # cut by debtor
    monkeypatch.setattr(commands, "_batched", lambda *a, **k: None)
    assert new == _run_all(args)
    assert new[2] == 0
    assert new[0].count("\n") > 200  # header, 200 claims, counts


@pytest.mark.parametrize(
    ("text", "options"),
    [("", ""), ("id,amount\n", ""), ("id;amount\n", "--detect"), ("id,amount\n\n\n", "")],
)
def test_a_ledger_without_rows_says_why_as_one_process(
    tmp_path: Path, text: str, options: str
) -> None:
    """No row, so no batch reads the header: the command says what one process says (no
    header row, the columns missing), not only that no claim was loaded."""
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")
    args = ["next-actions", str(path), *options.split(), "--as-of", "2026-01-01"]
    args += ["--format", "csv"]
    batched = _run_all([*args, "--workers", "2"])
    assert batched == _run_all(args)
    assert batched[2] == 1
    assert "no claim loaded" not in batched[1]


def _ledger_text(by_date: bool) -> str:
    buffer = io.StringIO(newline="")
    key = (lambda c: (c.issued_on, c.id)) if by_date else (lambda c: c.debtor.id)
    write_claims_csv(sorted(load_sample().claims, key=key), buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("by_date", [False, True])
def test_lines_in_the_messages_of_a_batch_are_the_files(tmp_path: Path, by_date: bool) -> None:
    """A message naming other lines (an id differing from another only by spaces, a record
    over several lines read again as rows) names the file's lines, not the batch's: the
    notes of the batch path are those of one process, whatever the order of the ledger."""
    import csv

    from recouvrement.batch import CsvLedger, _decide_regrouped, decide_batches
    from recouvrement.io import read_claims_csv

    records = list(csv.reader(io.StringIO(_ledger_text(by_date), newline="")))
    records.insert(152, [f"{records[151][0]} ", *records[151][1:]])  # the id and a space
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(records)
    path = tmp_path / "ledger.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    one = read_claims_csv(path, errors="collect", policy=None)
    near = [w for w in one.warnings if w.code == "near_duplicate"]
    assert near
    assert f"(line {near[0].line - 2})" in near[0].message  # the record just before
    if by_date:
        run = _decide_regrouped(
            CsvLedger(path=path),
            as_of="2026-03-31",
            policy=None,
            rates=None,
            workers=1,
            batch_size=20,
            output="rows",
            progress=None,
            transform=None,
        )
    else:
        run = decide_batches(CsvLedger(path=path), as_of="2026-03-31", batch_size=20)
    for _ in run:
        pass
    assert sorted(run.warnings, key=lambda w: w.line) == list(one.warnings)
    assert sorted(run.errors, key=lambda e: e.line) == list(one.errors)


@pytest.mark.parametrize("by_date", [False, True])
def test_a_broken_record_sends_the_command_to_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by_date: bool
) -> None:
    """A record cut short (its address's closing line lost): the cut by quotes and csv's
    reading part ways after it. The command sees it (`BatchRun.unreadable`) and reads the
    file in one process: the same rows, notes and exit code."""
    lines = _ledger_text(by_date).splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if i > 150 and line.count('"') % 2)
    del lines[broken + 1]  # "69002 Lyon",D00..., the rest of the record
    path = tmp_path / "ledger.csv"
    path.write_text("".join(lines), encoding="utf-8")
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--all", "--format", "csv"]
    args += ["--max-invalid", "10"]
    used = _spy_batched(monkeypatch)
    batched = _run_all([*args, "--workers", "2"])
    assert used == [False]
    assert batched == _run_all(args)
    assert "unreadable row" in batched[1] or "missing cells" in batched[1]


def test_a_ledger_of_one_debtor_by_constant_takes_the_batch_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mapping giving the debtor as a constant (an export for one customer): no column to
    cut by, one batch, the output of one process (not a broken record)."""
    import csv

    records = list(csv.reader(io.StringIO(_ledger_text(False), newline="")))
    header = records[0]
    drop = [header.index(name) for name in header if name.startswith("debtor_")]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(
        [[cell for i, cell in enumerate(row) if i not in drop] for row in records]
    )
    path = tmp_path / "one-customer.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    mapping = tmp_path / "one.toml"
    mapping.write_text(
        'unescape = true\n[constants]\ndebtor_id = "D1"\ndebtor_name = "Durand SA"\n'
        'debtor_kind = "professional"\n',
        encoding="utf-8",
    )
    args = ["next-actions", str(path), "--mapping", str(mapping), "--as-of", "2026-03-31"]
    args += ["--all", "--format", "csv"]
    used = _spy_batched(monkeypatch)
    batched = _run_all([*args, "--workers", "2"])
    assert used == [True]
    assert batched == _run_all(args)
    assert batched[2] == 0


@pytest.mark.parametrize("large", [True, False])
def test_without_workers_a_large_ledger_is_decided_on_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """No ``--workers``: a ledger of `_AUTO_WORKERS_BYTES` or more is decided on every core
    (the nightly run is fast by default), a smaller one in one process; the same output
    either way, and ``--workers 1`` keeps one process."""
    path = tmp_path / "ledger.csv"
    path.write_text(_ledger_text(False), encoding="utf-8")
    monkeypatch.setattr(commands, "_AUTO_WORKERS_BYTES", 1 if large else 2**40)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--all", "--format", "csv"]
    used = _spy_batched(monkeypatch)
    default = _run_all(args)
    one = _run_all([*args, "--workers", "1"])
    assert used == [large, False]
    assert default == one
    assert default[2] == 0


@pytest.mark.parametrize("order", ["debtor", "date"])
def test_an_output_in_another_encoding_gets_the_text_of_one_process(
    tmp_path: Path, order: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard output in Latin-1 (a terminal so set): the batch path writes what one
    process writes, in that encoding, not the spool's UTF-8; a text it cannot encode (œ)
    stops either path, in every format, with a message naming the character and the way
    out."""
    path = tmp_path / "ledger.csv"
    key = (lambda c: c.debtor.id) if order == "debtor" else (lambda c: (c.issued_on, c.id))
    claims = sorted(load_sample().claims, key=key)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_claims_csv(claims, handle)
    args = ["next-actions", str(path), "--as-of", "2026-03-31", "--all", "--quiet"]
    written = []
    for workers in ("1", "2"):  # (a file, as standard output is: the kernel could copy)
        target = tmp_path / f"out-{workers}.csv"
        with target.open("w", encoding="latin-1", newline="") as out:
            assert main([*args, "--format", "csv", "--workers", workers], out=out) == 0
        written.append(target.read_bytes())
    assert written[0] == written[1]
    assert "Bâtiment".encode("latin-1") in written[0]
    text = path.read_text(encoding="utf-8").replace("Bâtiment", "Cœur")
    path.write_text(text, encoding="utf-8", newline="")
    capsys.readouterr()
    for workers, fmt in (("1", "csv"), ("2", "csv"), ("2", "json"), ("1", "table")):
        out = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", newline="")
        assert main([*args, "--format", fmt, "--workers", workers], out=out) == 1
        message = capsys.readouterr().err
        assert "the output is in latin-1, which cannot write" in message
        # (œ; in the table, œ or the euro sign: its amounts' narrow space has a fallback)
        assert "U+0153" in message or (fmt == "table" and "U+20AC" in message)
        assert "--output FILE" in message


@pytest.mark.parametrize(
    "command", [["report"], ["kpis"], ["profiles"], ["notice", "--claim", "S-00003"]]
)
def test_a_table_in_cp1252_gets_a_no_break_space_in_its_amounts(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """cp1252 (a Windows output redirected to a file) has no byte for the narrow no-break
    space of French amounts: the table for people gets the no-break space instead, and
    is otherwise the UTF-8 table; in Latin-1, which has no euro sign either, the run still
    stops naming it."""
    path = tmp_path / "ledger.csv"
    write_claims_csv(load_sample().claims, path)
    args = [command[0], str(path), "--as-of", "2026-03-31", "--quiet", *command[1:]]
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    assert main(args, out=utf8) == 0
    utf8.flush()
    text = utf8.buffer.getvalue().decode("utf-8")
    assert "\u202f" in text
    cp1252 = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", newline="")
    assert main(args, out=cp1252) == 0
    cp1252.flush()
    written = cp1252.buffer.getvalue().decode("cp1252")
    assert written == text.replace("\u202f", "\u00a0")
    capsys.readouterr()
    latin1 = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", newline="")
    assert main(args, out=latin1) == 1
    assert "cannot write € (U+20AC)" in capsys.readouterr().err
