"""Open-item lists whose payments and credit memos name their invoice (``applies_to``):
SAP's partial-payment method, set against the invoice instead of chased in full."""

from __future__ import annotations

import io
import random
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvrement.claims import CreditNote, Payment
from recouvrement.decisions import next_action
from recouvrement.io import ColumnMapping, LedgerError, LoadResult, read_claims_csv
from recouvrement.io.errors import InvalidMapping
from recouvrement.io.mapping import APPLIED_FIELDS
from recouvrement.money import Money

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
NETTED = ColumnMapping.shipped("sap_fbl5n_netted")
HEAD = (
    "Account\tName 1\tCompany Code\tDocument Number\tReference\tDocument Type\t"
    "Document Date\tNet due date\tAmount in local currency\tLocal Currency\tInvoice reference\n"
)


def _row(
    number: str,
    kind: str,
    on: str,
    amount: str,
    applies_to: str = "",
    account: str = "100017",
    currency: str = "EUR",
) -> str:
    return (
        f"{account}\tBecker Berlin GmbH\t1010\t{number}\t\t{kind}\t{on}\t{on}\t{amount}\t"
        f"{currency}\t{applies_to}\n"
    )


def _read(*rows: str) -> LoadResult:
    return read_claims_csv(io.StringIO(HEAD + "".join(rows), newline=""), mapping=NETTED)


def test_a_partial_payment_and_a_credit_memo_are_set_against_their_invoices() -> None:
    result = read_claims_csv(EXPORTS / "sap_fbl5n_partial_payments.txt", mapping=NETTED)
    first, second = result.claims
    # the payment (line 2) comes before its invoice (line 3): still set against it
    assert first.id == "1800000012"
    assert first.amount == Money("12345.67")
    assert first.payments == (
        Payment(on=pendulum.Date(2025, 2, 20), amount=Money("4000.00"), reference="1400000007"),
    )
    assert second.credit_notes == (
        CreditNote(on=pendulum.Date(2025, 3, 3), amount=Money("80.00"), reference="1600000002"),
    )
    assert first.outstanding(as_of=pendulum.Date(2025, 3, 31)) == Money("8345.67")
    # a payment naming no invoice, and one naming another account's invoice: credits
    assert [(c.line, c.claim_id, c.amount) for c in result.credits] == [
        (6, "1400000003", Money("1500.00")),
        (7, "1400000004", Money("200.00")),
    ]
    netted = [w for w in result.warnings if w.code == "filtered"]
    assert [w.line for w in netted] == [2, 5]
    assert "set against claim '1800000012' (line 3)" in netted[0].message
    (refused,) = [w for w in result.warnings if w.code == "not_netted"]
    assert refused.line == 7
    assert "account '100023'" in refused.message
    counts = result.counts()
    assert (counts["rows"], counts["loaded"], counts["filtered"], counts["credits"]) == (6, 2, 2, 2)


def test_the_invoice_is_chased_for_what_is_left() -> None:
    """The letter asks for the balance after the partial payment, with interest on the full
    amount only until the payment's day."""
    result = read_claims_csv(EXPORTS / "sap_fbl5n_partial_payments.txt", mapping=NETTED)
    decision = next_action(result.claims[0], as_of=pendulum.Date(2025, 3, 31))
    assert decision.amounts is not None
    assert decision.amounts.principal == Money("8345.67")
    shipped = read_claims_csv(
        EXPORTS / "sap_fbl5n_open_items.txt", mapping=ColumnMapping.shipped("sap_fbl5n")
    )
    full = next_action(shipped.claims[0], as_of=pendulum.Date(2025, 3, 31))
    assert full.amounts is not None
    assert decision.amounts.interest < full.amounts.interest


@pytest.mark.parametrize(
    ("row", "why"),
    [
        (_row("1400000009", "DZ", "20.02.2025", "10,00-", "1800000099"), "not among the open"),
        (_row("1400000009", "DZ", "20.02.2025", "10,00-", "1800000012", currency="USD"), "in USD"),
        (_row("1400000009", "DZ", "10.01.2025", "10,00-", "1800000012"), "dated before"),
        (_row("1400000009", "DZ", "20.02.2025", "12.345,68-", "1800000012"), "still owes"),
    ],
)
def test_a_payment_that_cannot_be_set_against_its_invoice_stays_a_credit(
    row: str, why: str
) -> None:
    invoice = _row("1800000012", "RV", "15.01.2025", "12.345,67")
    result = _read(invoice, row)
    (claim,) = result.claims
    assert claim.payments == ()
    (credit,) = result.credits
    assert credit.line == 3
    (refused,) = [w for w in result.warnings if w.code == "not_netted"]
    assert why in refused.message


def test_payments_up_to_the_invoice_settle_it_and_one_more_cent_does_not() -> None:
    invoice = _row("1800000012", "RV", "15.01.2025", "100,00")
    paid = [
        _row("1400000001", "DZ", "20.02.2025", "60,00-", "1800000012"),
        _row("1400000002", "DG", "21.02.2025", "40,00-", "1800000012"),
        _row("1400000003", "DZ", "22.02.2025", "0,01-", "1800000012"),
    ]
    result = _read(invoice, *paid)
    (claim,) = result.claims
    assert claim.outstanding(as_of=pendulum.Date(2025, 3, 1)) == Money("0.00")
    assert [c.claim_id for c in result.credits] == ["1400000003"]


def test_a_row_of_another_type_or_without_an_invoice_reference_is_a_credit() -> None:
    invoice = _row("1800000012", "RV", "15.01.2025", "100,00")
    other = _row("1700000001", "AB", "20.02.2025", "10,00-", "1800000012")
    result = _read(invoice, other)
    assert [c.claim_id for c in result.credits] == ["1700000001"]
    assert not [w for w in result.warnings if w.code == "not_netted"]


def test_a_positive_item_naming_an_invoice_is_a_claim_of_its_own() -> None:
    """A residual item (SAP's residual-item method) names the invoice it comes from, which
    is cleared: it is what is owed, read as a claim."""
    residual = _row("1800000031", "RV", "15.02.2025", "50,00", "1800000012")
    (claim,) = _read(residual).claims
    assert (claim.id, claim.amount, claim.payments) == ("1800000031", Money("50.00"), ())


def test_a_netted_payment_needs_its_date() -> None:
    invoice = _row("1800000012", "RV", "15.01.2025", "100,00")
    undated = _row("1400000001", "DZ", "", "10,00-", "1800000012")
    result = read_claims_csv(
        io.StringIO(HEAD + invoice + undated, newline=""), mapping=NETTED, errors="collect"
    )
    (error,) = result.errors
    assert (error.line, error.column) == (3, "Document Date")


def test_mapping_settings_that_cannot_net_are_refused() -> None:
    with pytest.raises(InvalidMapping, match="open_balance"):
        ColumnMapping(payment_when={"Type": ["DZ"]}, columns={"applies_to": "Ref"})
    with pytest.raises(InvalidMapping, match="expected a column"):
        ColumnMapping(
            open_balance=True, payment_when={"Type": ["DZ"]}, constants={"applies_to": "X"}
        )
    plain = ColumnMapping.shipped("sap_fbl5n")
    with pytest.raises(LedgerError, match="payment_when or credit_note_when"):
        read_claims_csv(
            io.StringIO(HEAD, newline=""),
            mapping=ColumnMapping.from_dict(
                {**plain.to_dict(), "columns": {**plain.columns, "applies_to": "Invoice reference"}}
            ),
        )
    without = {**NETTED.to_dict(), "columns": dict(NETTED.columns)}
    del without["columns"]["applies_to"]
    without["ignore"] = ["Document Type", "Invoice reference"]
    with pytest.raises(LedgerError, match="need the applies_to column"):
        read_claims_csv(io.StringIO(HEAD, newline=""), mapping=ColumnMapping.from_dict(without))
    assert ColumnMapping.from_dict(NETTED.to_dict()) == NETTED
    assert APPLIED_FIELDS == ("applies_to",)
    assert NETTED.columns["applies_to"] == "Invoice reference"


def test_parquet_nets_as_csv(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from recouvrement.io import read_claims_parquet

    text = (EXPORTS / "sap_fbl5n_partial_payments.txt").read_text("utf-8").splitlines()
    header, rows = text[0].split("\t"), [line.split("\t") for line in text[1:]]
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(header)})
    pq.write_table(table, tmp_path / "sap.parquet")
    mapping = ColumnMapping.from_dict(
        {
            **NETTED.to_dict(),
            "decimal_separator": ",",
            "thousands_separator": ".",
            "date_format": "%d.%m.%Y",
            "delimiter": ",",
            "encoding": "utf-8",
        }
    )
    from_parquet = read_claims_parquet(tmp_path / "sap.parquet", mapping=mapping)
    from_csv = read_claims_csv(EXPORTS / "sap_fbl5n_partial_payments.txt", mapping=NETTED)
    assert from_parquet.claims == from_csv.claims
    assert [c.claim_id for c in from_parquet.credits] == [c.claim_id for c in from_csv.credits]


_AMOUNTS = st.integers(1, 10_000)


@given(
    st.lists(_AMOUNTS, min_size=1, max_size=4),
    st.lists(
        st.tuples(st.integers(0, 5), _AMOUNTS, st.sampled_from(["DZ", "DG", "AB"])), max_size=8
    ),
    st.randoms(use_true_random=False),
)
def test_nothing_is_lost_or_counted_twice(
    invoices: list[int], payments: list[tuple[int, int, str]], order: random.Random
) -> None:
    """Whatever the payments name, in any order: what the claims still owe minus the
    credits equals the open items' sum, and every row is a claim, a netted row or a
    credit."""
    rows = [
        _row(f"18{i:08d}", "RV", "15.01.2025", f"{cents // 100},{cents % 100:02d}")
        for i, cents in enumerate(invoices)
    ]
    rows += [
        _row(f"14{j:08d}", kind, "20.02.2025", f"{cents // 100},{cents % 100:02d}-", f"18{i:08d}")
        for j, (i, cents, kind) in enumerate(payments)
    ]
    order.shuffle(rows)
    result = _read(*rows)
    owed = sum(
        (c.outstanding(as_of=pendulum.Date(2025, 3, 1)).amount for c in result.claims),
        Decimal(0),
    )
    credits = sum((c.amount.amount for c in result.credits), Decimal(0))
    total = Decimal(sum(invoices) - sum(cents for _, cents, _ in payments)) / 100
    assert owed - credits == total
    counts = result.counts()
    assert counts["loaded"] + counts["filtered"] + counts["credits"] == len(rows)
    assert counts["loaded"] == len(invoices)


def test_the_batch_readers_net_as_one_process(tmp_path: Path) -> None:
    """A payment far from its invoice (another account's rows between them): the batch
    readers keep the file in one batch for such a mapping, and read what one process
    reads, whatever the batch size."""
    from recouvrement.batch import CsvLedger, decide_batches, read_batches

    rows = [
        _row("1800000012", "RV", "15.01.2025", "100,00"),
        _row("1800000020", "RV", "16.01.2025", "70,00", account="100023"),
        _row("1400000001", "DZ", "20.02.2025", "60,00-", "1800000012"),
    ]
    path = tmp_path / "sap.txt"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    one = read_claims_csv(path, mapping=NETTED)
    ledger = CsvLedger(path=path, mapping=NETTED)
    run = read_batches(ledger, batch_size=1)
    assert [claim for batch in run for claim in batch] == list(one.claims)
    assert run.filtered == 1
    assert run.credits == []
    decided = decide_batches(ledger, as_of="2025-03-31", batch_size=1, profiles=None)
    records = [r for batch in decided for r in batch.to_pylist()]
    assert [r["outstanding"] for r in records] == ["40.00", "70.00"]
