"""Real exports: French Excel files, ERP mappings, format detection, suspect data."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from recouvrement.errors import InvalidData
from recouvrement.io import (
    ColumnMapping,
    LedgerError,
    ReadPolicy,
    check_output_path,
    neutralise_text,
    read_claims_csv,
    read_claims_json,
    read_claims_jsonl,
    split_issued_after,
    write_claims_csv,
)
from recouvrement.io.detect import (
    delimiter_hint,
    detect_date_format,
    detect_delimiter,
    detect_encoding,
    detect_numbers,
)
from recouvrement.io.errors import InvalidMapping
from recouvrement.money import Money
from recouvrement.parties import PartyKind
from recouvrement.sample import sample_claim

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
HEADER = (
    "id;nature;amount;currency;issued_on;due_on;creditor_id;creditor_name;creditor_kind;"
    "debtor_id;debtor_name;debtor_kind"
)
PARTIES = "ACME;Acme SAS;professional;D1;Durand SA;professional"
AUTO = ColumnMapping.standard().with_format(
    encoding="auto",
    delimiter="auto",
    decimal_separator="auto",
    thousands_separator="auto",
    date_format="auto",
)


def _french(rows: list[str], header: str = HEADER) -> io.BytesIO:
    return io.BytesIO("\r\n".join([header, *rows, ""]).encode("cp1252"))


# -- the French Excel export ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["excel_fr_utf8.csv", "excel_fr_cp1252.csv"])
def test_a_french_excel_export_reads_with_auto_settings(name: str) -> None:
    result = read_claims_csv(EXPORTS / name, mapping=AUTO)
    assert [c.amount.amount for c in result.claims] == [Decimal("1234.56"), Decimal("98.10")]
    assert str(result.claims[0].issued_on) == "2025-01-15"
    assert result.claims[1].debtor.name == "Bâti Nord"
    detected = result.detected
    assert detected is not None
    assert (detected.delimiter, detected.decimal_separator, detected.date_format) == (
        ";",
        ",",
        "%d/%m/%Y",
    )
    assert detected.encoding == ("utf-8-sig" if "utf8" in name else "cp1252")
    assert "spaces" in str(detected)


def test_explicit_french_settings_read_the_same_file() -> None:
    mapping = ColumnMapping.standard().with_format(
        encoding="cp1252",
        delimiter=";",
        decimal_separator=",",
        thousands_separator=" \u00a0\u202f",
        date_format="%d/%m/%Y",
    )
    result = read_claims_csv(EXPORTS / "excel_fr_cp1252.csv", mapping=mapping)
    assert result.loaded == 2
    assert result.detected is None


def test_a_semicolon_file_read_as_comma_says_so() -> None:
    with pytest.raises(LedgerError) as refused:
        read_claims_csv(EXPORTS / "excel_fr_utf8.csv")
    first = refused.value.errors[0].message
    assert "';'-separated file read with ','" in first
    assert "delimiter=';'" in first


def test_a_cp1252_file_read_as_utf8_is_refused_with_a_hint_not_a_traceback() -> None:
    with pytest.raises(LedgerError) as refused:
        read_claims_csv(EXPORTS / "excel_fr_cp1252.csv")
    assert "encoding='cp1252'" in str(refused.value)


def test_a_decoding_error_late_in_the_file_names_its_line() -> None:
    good = "F1;commercial;10,00;EUR;15/01/2025;14/02/2025;" + PARTIES
    data = "\r\n".join([HEADER] + [good.replace("F1", f"F{i}") for i in range(3)]) + "\r\n"
    raw = data.encode("utf-8") + "F9;commercial;10,00;EUR;15/01/2025;;ACME;Bâti".encode("cp1252")
    mapping = AUTO.with_format(encoding="utf-8")
    with pytest.raises(LedgerError) as refused:
        read_claims_csv(io.BytesIO(raw), mapping=mapping, errors="collect")
    assert refused.value.errors[0].line == 5
    assert "not read" in refused.value.errors[0].message


def test_binary_and_text_streams_and_paths_read_alike(tmp_path: Path) -> None:
    raw = (EXPORTS / "excel_fr_cp1252.csv").read_bytes()
    copy = tmp_path / "export.csv"
    copy.write_bytes(raw)
    by_path = read_claims_csv(copy, mapping=AUTO).claims
    by_bytes = read_claims_csv(io.BytesIO(raw), mapping=AUTO).claims
    text = io.StringIO(raw.decode("cp1252"), newline="")
    by_text = read_claims_csv(text, mapping=AUTO).claims
    assert by_path == by_bytes == by_text


def test_thousands_separators_must_group_by_three() -> None:
    rows = [
        "F1;commercial;1 234,56;EUR;15/01/2025;14/02/2025;" + PARTIES,
        "F2;commercial;12 34,56;EUR;15/01/2025;14/02/2025;" + PARTIES,
    ]
    result = read_claims_csv(_french(rows), mapping=AUTO, errors="collect")
    assert [c.id for c in result.claims] == ["F1"]
    assert "grouping digits by three" in result.errors[0].message


# -- detection ---------------------------------------------------------------------------


def test_detection_units() -> None:
    assert detect_encoding("é".encode("cp1252"))[0] == "utf-8"  # maybe a cut character
    assert detect_encoding("é".encode("cp1252"), complete=True)[0] == "cp1252"
    assert detect_encoding("Société\n".encode("cp1252"))[0] == "cp1252"
    assert detect_encoding("é".encode())[0] == "utf-8"
    assert detect_encoding("é".encode()[:1])[0] == "utf-8"  # a sample cut mid-character
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter('"a;b",c') == ","
    assert detect_numbers(["1.234,56", "12,00"]) == (",", ".")
    assert detect_numbers(["1,234"]) == (".", ",")  # ambiguous: a thousands comma
    assert detect_numbers(["1,234"], prefer_comma=True) == (",", None)  # unless ';' file
    assert detect_date_format(["2025-01-15"])[0] == "iso"
    assert detect_date_format(["15/01/25"])[0] == "%d/%m/%y"
    assert delimiter_hint(["a|b|c"], ",") is not None
    assert delimiter_hint(["a", "b", "c"], ",") is None


# -- shipped mappings, each on a sample export of its shape ----------------------------------


def test_odoo_export_end_to_end() -> None:
    result = read_claims_csv(
        EXPORTS / "odoo_account_move.csv", mapping=ColumnMapping.shipped("odoo")
    )
    assert [c.id for c in result.claims] == ["INV/2025/00001", "INV/2025/00002"]
    first, second = result.claims
    assert first.amount == Money("1500.00")
    assert first.reference == "PO-4471"
    assert first.debtor.kind is PartyKind.PROFESSIONAL
    assert second.debtor.kind is PartyKind.INDIVIDUAL  # is_company False
    assert second.amount == Money("90.00")  # the open balance (amount_residual)
    assert second.creditor.name == "My Company (San Francisco)"
    # The open credit note (out_refund, amount_residual written unsigned) is a credit the
    # customer can use: reported beside the invoices, not left out.
    (credit,) = result.credits
    assert (credit.claim_id, credit.amount) == ("RINV/2025/00001", Money("100.00"))
    counts = result.counts()
    assert (counts["rows"], counts["loaded"], counts["credits"], counts["filtered"]) == (
        5,
        2,
        1,
        2,
    )
    reasons = [w.message for w in result.warnings]
    assert any("settled" in r for r in reasons)
    assert not any("out_refund" in r for r in reasons)
    assert any("draft" in r for r in reasons)


def test_negate_when_is_checked_and_round_trips() -> None:
    from recouvrement.io.errors import InvalidMapping

    with pytest.raises(InvalidMapping, match="negate_when"):
        ColumnMapping(negate_when="out_refund")
    odoo = ColumnMapping.shipped("odoo")
    assert ColumnMapping.from_dict(odoo.to_dict()).negate_when == {"move_type": ("out_refund",)}


def test_erpnext_export_end_to_end() -> None:
    mapping = ColumnMapping.shipped("erpnext")
    result = read_claims_csv(EXPORTS / "erpnext_sales_invoice.csv", mapping=mapping)
    assert [(c.id, c.amount.amount) for c in result.claims] == [
        ("ACC-SINV-2025-00001", Decimal("1180.00")),
        ("ACC-SINV-2025-00002", Decimal("290.00")),
    ]
    assert str(result.claims[0].due_on) == "2025-02-14"
    assert result.detected is not None
    assert result.detected.date_format == "%d-%m-%Y"
    (credit,) = result.credits
    assert (credit.claim_id, credit.amount, credit.debtor_id) == (
        "ACC-SINV-2025-00004",
        Money("50.00"),
        "CUST-0002",
    )
    assert result.filtered == 2
    assert result.skipped == 3


def test_erpnext_outstanding_amount_is_in_the_receivable_accounts_currency(
    tmp_path: Path,
) -> None:
    # An invoice in USD on a customer whose receivable account is in EUR: ERPNext's
    # outstanding_amount is in the party account's currency (920 EUR), not in USD.
    head = (
        "name,customer,customer_name,company,posting_date,due_date,currency,"
        "party_account_currency,grand_total,outstanding_amount,status,is_return,po_no\n"
    )
    row = (
        "ACC-SINV-2025-00010,CUST-0009,Acme Inc.,Wind Power LLC,15-01-2025,14-02-2025,USD,"
        "EUR,1000.00,920.00,Overdue,0,\n"
    )
    path = tmp_path / "usd.csv"
    path.write_text(head + row, encoding="utf-8")
    (claim,) = read_claims_csv(path, mapping=ColumnMapping.shipped("erpnext")).claims
    assert claim.amount == Money("920.00", "EUR")


def test_a_german_sap_logon_reads_yen_in_thousands(tmp_path: Path) -> None:
    # German logon: dates 15.01.2025 and 150.000 for 150,000 JPY (no decimals in yen). With
    # every amount ambiguous, the dotted dates say the point groups thousands.
    head = (
        "Account\tName 1\tCompany Code\tDocument Number\tReference\tDocument Type\t"
        "Document Date\tNet due date\tAmount in local currency\tLocal Currency\n"
    )
    rows = [
        "200001\tYamada KK\t3010\t1800000101\tINV-1\tRV\t15.01.2025\t14.02.2025\t150.000\tJPY\n",
        "200001\tYamada KK\t3010\t1800000102\tINV-2\tRV\t20.01.2025\t19.02.2025\t980.000\tJPY\n",
    ]
    path = tmp_path / "sap_jpy.txt"
    path.write_text(head + "".join(rows), encoding="utf-8")
    result = read_claims_csv(path, mapping=ColumnMapping.shipped("sap_fbl5n"))
    assert [c.amount for c in result.claims] == [Money("150000", "JPY"), Money("980000", "JPY")]
    from recouvrement.io.detect import detect_numbers

    assert detect_numbers(["150.000", "980.000"], dotted_dates=True) == (",", ".")
    assert detect_numbers(["150.000", "980.000"]) == (".", None)  # ISO dates: undecided


def test_sage_export_end_to_end() -> None:
    result = read_claims_csv(
        EXPORTS / "sage_balance_agee.csv", mapping=ColumnMapping.shipped("sage")
    )
    assert [(c.id, c.amount) for c in result.claims] == [
        ("FA000123", Money("1234.56")),
        ("FA000124", Money("7500.00")),
    ]
    assert result.claims[1].debtor.name == "Société Martin & Fils"
    assert result.detected is not None
    assert result.detected.encoding == "cp1252"
    assert [c.claim_id for c in result.credits] == ["AV000007"]
    assert result.filtered == 1


def test_sap_fbl5n_export_end_to_end() -> None:
    mapping = ColumnMapping.shipped("sap_fbl5n")
    result = read_claims_csv(EXPORTS / "sap_fbl5n_open_items.txt", mapping=mapping)
    assert [(c.id, c.amount.amount) for c in result.claims] == [
        ("1800000012", Decimal("12345.67")),
        ("1800000019", Decimal("980.00")),
    ]
    assert result.claims[0].reference == "90000041"
    assert str(result.claims[0].issued_on) == "2025-01-15"
    assert [c.amount for c in result.credits] == [Money("1500.00")]  # 1.500,00- (trailing minus)


@pytest.mark.parametrize(
    "name", ["odoo", "erpnext", "sage", "sap_fbl5n", "sap_fbl5n_netted", "ibm_ar"]
)
def test_shipped_mappings_round_trip_through_dicts(name: str) -> None:
    mapping = ColumnMapping.shipped(name)
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping


# -- value maps, skip_when, defaults -----------------------------------------------------------


def test_a_cell_missing_from_a_value_map_is_an_error_naming_the_known_cells() -> None:
    mapping = ColumnMapping.shipped("odoo")
    text = (EXPORTS / "odoo_account_move.csv").read_text("utf-8").replace('"False"', '"Maybe"')
    result = read_claims_csv(io.StringIO(text), mapping=mapping, errors="collect")
    (error,) = result.errors
    assert error.column == "partner_id/is_company"
    assert error.value == "Maybe"
    assert "'True'" in error.message


def test_mapping_checks() -> None:
    with pytest.raises(InvalidMapping):
        ColumnMapping(values={"amout": {"a": "b"}})
    with pytest.raises(InvalidMapping):
        ColumnMapping(constants={"currency": "EUR"}, defaults={"currency": "EUR"})
    with pytest.raises(InvalidMapping):
        ColumnMapping(delimiter=";;")
    with pytest.raises(InvalidMapping):
        ColumnMapping(encoding="ebcdic")
    with pytest.raises(InvalidMapping):
        ColumnMapping(decimal_separator=",", thousands_separator=" ,")
    with pytest.raises(InvalidMapping):
        ColumnMapping.standard().with_format(columns={})
    assert ColumnMapping(thousands_separator=" \u00a0").thousands_separator == " \u00a0"


# -- suspect data --------------------------------------------------------------------------------


def _rows(*rows: str) -> io.BytesIO:
    return _french(list(rows))


ROW = "{id};commercial;{amount};{currency};15/01/2025;14/02/2025;" + PARTIES


def _row(ident: str, amount: str = "100,00", currency: str = "EUR") -> str:
    return ROW.format(id=ident, amount=amount, currency=currency)


def test_duplicate_ids_are_an_error_by_default() -> None:
    source = _rows(_row("F1"), _row("F2"), _row("F1", "5,00"))
    result = read_claims_csv(source, mapping=AUTO, errors="collect")
    assert [c.id for c in result.claims] == ["F1", "F2"]
    (error,) = result.errors
    assert (error.line, error.column, error.value) == (4, "id", "F1")
    assert "first on line 2" in error.message
    with pytest.raises(LedgerError):
        read_claims_csv(_rows(_row("F1"), _row("F1")), mapping=AUTO)


@pytest.mark.parametrize(("policy", "kept"), [("keep_first", "100.00"), ("keep_last", "5.00")])
def test_duplicate_policies_keep_one_and_report_the_other(policy: str, kept: str) -> None:
    source = _rows(_row("F1"), _row("F2"), _row("F1", "5,00"))
    result = read_claims_csv(source, mapping=AUTO, policy=ReadPolicy(duplicates=policy))  # type: ignore[arg-type]
    amounts = {c.id: str(c.amount.amount) for c in result.claims}
    assert amounts == {"F1": kept, "F2": "100.00"}
    assert result.duplicates == 1
    assert result.rows == 3
    assert result.skipped == 1
    assert [w.code for w in result.warnings] == ["duplicate"]


def test_ids_differing_only_by_spaces_are_reported() -> None:
    result = read_claims_csv(_rows(_row("F1"), _row(" F1 ")), mapping=AUTO)
    assert result.loaded == 2  # kept as read: a lossless reader
    codes = sorted(w.code for w in result.warnings)
    assert codes == ["id_spaces", "near_duplicate"]


@pytest.mark.parametrize(
    ("policy", "amount", "code"),
    [("warn", "100.005", "fraction"), ("round", "100.01", "rounded")],
)
def test_fractions_of_a_cent_are_warned_or_rounded(policy: str, amount: str, code: str) -> None:
    source = _rows(_row("F1", "100,005"))
    result = read_claims_csv(source, mapping=AUTO, policy=ReadPolicy(fractions=policy))  # type: ignore[arg-type]
    assert str(result.claims[0].amount.amount) == amount
    assert [w.code for w in result.warnings] == [code]


def test_fractions_of_a_yen_can_be_refused() -> None:
    source = _rows(_row("F1", "100,5", "JPY"), _row("F2", "100", "JPY"))
    result = read_claims_csv(
        source, mapping=AUTO, policy=ReadPolicy(fractions="refuse"), errors="collect"
    )
    assert [c.id for c in result.claims] == ["F2"]
    assert "JPY" in result.errors[0].message
    assert result.errors[0].column == "amount"


def test_overpayments_are_credits_not_negative_claims() -> None:
    mapping = attrs.evolve(AUTO, open_balance=True)
    result = read_claims_csv(_rows(_row("F1", "-12,50"), _row("F2")), mapping=mapping)
    (credit,) = result.credits
    assert credit.amount == Money("12.50")
    assert credit.debtor_name == "Durand SA"
    assert credit.line == 2
    assert result.counts()["credits"] == 1
    assert result.loaded == 1


def test_negative_amounts_stay_invalid_in_the_standard_layout() -> None:
    result = read_claims_csv(_rows(_row("F1", "-12,50")), mapping=AUTO, errors="collect")
    assert result.credits == ()
    assert len(result.errors) == 1


def test_invoices_issued_after_as_of_are_split_out_with_a_note() -> None:
    early = sample_claim()
    late = attrs.evolve(
        early, id="LATE", issued_on="2031-01-01", due_on=None, events=(), payments=()
    )
    current, later, note = split_issued_after([early, late], as_of="2030-12-31")
    assert current == (early,)
    assert later == (late,)
    assert note is not None
    assert "LATE" in note
    assert "2030-12-31" in note
    assert split_issued_after([early], as_of="2030-12-31")[2] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mRed\x1b[0m", "\\x1b[31mRed\\x1b[0m"),
        ("abc\u202edcba", "abc\\u202edcba"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("tab\there", "tab\\there"),
        ("Zoë Müller – Ltd", "Zoë Müller – Ltd"),
        ("\x9b31m", "\\x9b31m"),  # the C1 control sequence introducer
    ],
)
def test_neutralise_text_shows_controls_visibly(text: str, expected: str) -> None:
    assert neutralise_text(text) == expected
    assert neutralise_text(expected) != expected or "\\" not in expected


def test_neutralise_text_is_unambiguous() -> None:
    assert neutralise_text("\\x1b") != neutralise_text("\x1b")


# -- never a traceback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "column"),
    [("31/12/9999", "issued_on"), ("01/01/0001", "issued_on"), ("9" * 30, "amount")],
)
def test_absurd_cells_are_row_errors_naming_field_and_value(cell: str, column: str) -> None:
    row = _row("F1", cell) if column == "amount" else _row("F1").replace("15/01/2025", cell)
    result = read_claims_csv(_rows(row), mapping=AUTO, errors="collect")
    (error,) = result.errors
    assert error.column == column
    assert error.value == cell


def test_claim_dates_out_of_range_raise_a_library_error() -> None:
    from recouvrement.errors import InvalidClaim

    with pytest.raises(InvalidClaim, match="9999-12-31"):
        attrs.evolve(sample_claim(), issued_on="9999-12-31", due_on=None, terms=None)


def test_huge_amounts_raise_a_library_error() -> None:
    from recouvrement.errors import InvalidMoney

    with pytest.raises(InvalidMoney, match="9" * 30):
        Money("9" * 30)
    assert Money("999999999999999.99").round() == Money("999999999999999.99")


def test_deeply_nested_json_is_refused_cleanly() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(LedgerError, match="nested deeper"):
        read_claims_json(io.StringIO(deep))
    result = read_claims_jsonl(io.StringIO(deep + "\n"), errors="collect")
    assert "nested deeper" in result.errors[0].message


def test_a_json_file_in_cp1252_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_bytes('{"claims": [], "note": "é"}'.encode("cp1252"))
    with pytest.raises(LedgerError, match="not UTF-8"):
        read_claims_json(path)


def test_standard_round_trip_still_exact() -> None:
    buffer = io.StringIO()
    write_claims_csv([sample_claim()], buffer)
    buffer.seek(0)
    result = read_claims_csv(buffer)
    assert result.claims == (sample_claim(),)
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("key", "item"),
    [
        ("payments", {"on": "9999-12-31", "amount": {"amount": "1", "currency": "EUR"}}),
        ("events", {"type": "payment_promise", "on": "2025-02-01", "promised_for": "9999-12-31"}),
    ],
)
def test_history_dates_out_of_range_are_row_errors(key: str, item: dict[str, object]) -> None:
    data = sample_claim().to_dict()
    data[key] = [item]
    result = read_claims_json(io.StringIO(json.dumps({"claims": [data]})), errors="collect")
    (error,) = result.errors
    assert "9999-12-31" in error.message
    assert "2199-12-31" in error.message


# -- what an unattended run needs: acceptance and safe outputs ---------------------------------


def test_accepts_counts_invalid_rows_against_a_limit() -> None:
    rows = [_row("F1"), _row("F2"), _row("F3", "x"), _row("F4")]
    result = read_claims_csv(_rows(*rows), mapping=AUTO, errors="collect")
    assert result.counts()["invalid"] == 1
    assert not result.accepts()
    assert result.accepts(1)
    assert result.accepts("1")
    assert result.accepts("25%")
    assert not result.accepts("24.9%")
    for bad in ("-1", "many", "101%", "nan%"):
        with pytest.raises(InvalidData):
            result.accepts(bad)


def test_a_load_with_no_claim_is_never_accepted() -> None:
    result = read_claims_csv(_rows(_row("F1", "x")), mapping=AUTO, errors="collect")
    assert not result.accepts("100%")


def test_filtered_rows_and_credits_are_not_invalid() -> None:
    mapping = ColumnMapping.shipped("erpnext")
    result = read_claims_csv(EXPORTS / "erpnext_sales_invoice.csv", mapping=mapping)
    assert result.skipped == 3
    assert result.accepts()


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("id\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="input file"):
        check_output_path(tmp_path / "." / "ledger.csv", inputs=[str(ledger)])
    link = tmp_path / "link.csv"
    link.symlink_to(ledger)
    with pytest.raises(InvalidData, match="input file"):
        check_output_path(link, inputs=[ledger])
    assert check_output_path(tmp_path / "out.csv", inputs=[ledger]) == tmp_path / "out.csv"


def test_an_output_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="folder"):
        check_output_path(tmp_path)
    with pytest.raises(InvalidData, match="does not exist"):
        check_output_path(tmp_path / "missing" / "out.csv")


def test_an_unreadable_mapping_file_is_a_mapping_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidMapping, match="cannot read"):
        ColumnMapping.from_toml(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "é"'.encode("cp1252"))
    with pytest.raises(InvalidMapping, match="cannot read"):
        ColumnMapping.from_toml(latin)


def test_a_bom_left_in_a_text_stream_is_skipped() -> None:
    raw = (EXPORTS / "excel_fr_utf8.csv").read_bytes().decode("utf-8")  # keeps the BOM
    assert raw.startswith("\ufeff")
    result = read_claims_csv(io.StringIO(raw, newline=""), mapping=AUTO)
    assert result.loaded == 2
