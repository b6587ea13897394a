"""Tests of the aging balance (recouvrement.kpi.aging)."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, CreditNote, Payment
from recouvrement.errors import InvalidType, InvalidValue
from recouvrement.events import WriteOff
from recouvrement.kpi.aging import AgingBalance, aging, aging_by_currency, bucket_labels
from recouvrement.kpi.figures import provision_matrix
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from tests.test_portfolio import ledgers

ACME = Creditor(id="C1", name="Acme SAS", kind="professional")
CLIENT = Debtor(id="D1", name="Martin SARL", kind="professional")


def claim(cid: str, amount: str, due: str, currency: str = "EUR", **extra: object) -> Claim:
    return Claim(
        id=cid,
        creditor=ACME,
        debtor=CLIENT,
        nature="commercial",
        amount=Money(amount, currency),
        issued_on="2025-01-01",
        due_on=due,
        **extra,  # type: ignore[arg-type]
    )


def test_bucket_boundaries_are_inclusive() -> None:
    # kpi-conventions: due today is not overdue; 30 days past due is in 1-30, 31 in 31-60,
    # 90 in 61-90, 91 in >90 (the ERPNext bug of anchors.md: an invoice due today was
    # treated as overdue).
    as_of = pendulum.Date(2025, 6, 30)
    claims = [
        claim("today", "1", "2025-06-30"),
        claim("d1", "2", "2025-06-29"),
        claim("d30", "4", "2025-05-31"),
        claim("d31", "8", "2025-05-30"),
        claim("d90", "16", "2025-04-01"),
        claim("d91", "32", "2025-03-31"),
    ]
    balance = aging(claims, as_of=as_of)
    assert isinstance(balance, AgingBalance)
    assert balance.not_due == Money(1)
    assert [(label, m.amount) for label, m in balance.buckets] == [
        ("1-30", Decimal(6)),
        ("31-60", Decimal(8)),
        ("61-90", Decimal(16)),
        (">90", Decimal(32)),
    ]
    assert balance.total == Money(63)
    assert balance.past_due == Money(62)


def test_remaining_balances_and_negative_amounts() -> None:
    as_of = "2025-06-30"
    partly_paid = claim("p", "100", "2025-06-10", payments=[Payment(on="2025-06-01", amount="40")])
    overpaid = claim("o", "100", "2025-06-10", payments=[Payment(on="2025-06-01", amount="130")])
    credited = claim(
        "c", "50", "2025-07-15", credit_notes=[CreditNote(on="2025-06-01", amount="50")]
    )
    future_payment = claim(
        "f", "10", "2025-07-15", payments=[Payment(on="2025-07-01", amount="10")]
    )
    balance = aging([partly_paid, overpaid, credited, future_payment], as_of=as_of)
    assert isinstance(balance, AgingBalance)
    assert balance.bucket("1-30") == Money(60 - 30)
    assert balance.not_due == Money(10)
    assert balance.total == Money(40)


def test_written_off_and_future_claims_are_off_the_ledger() -> None:
    gone = claim("w", "70", "2025-02-01", events=[WriteOff(on="2025-05-01")])
    assert aging([gone], as_of="2025-04-30").total == Money(70)  # type: ignore[union-attr]
    assert aging([gone], as_of="2025-05-01").total == Money(0)  # type: ignore[union-attr]
    assert aging([gone], as_of="2024-12-31").total == Money(0)  # type: ignore[union-attr]


def test_one_balance_per_currency() -> None:
    claims = [claim("e", "10", "2025-01-31"), claim("u", "5", "2025-01-31", currency="USD")]
    result = aging(claims, as_of="2025-03-01")
    assert isinstance(result, dict)
    assert sorted(result) == ["EUR", "USD"]
    assert result["USD"].total == Money(5, "USD")
    assert aging_by_currency(claims[:1], as_of="2025-03-01")["EUR"].bucket("1-30") == Money(10)
    empty = aging([], as_of="2025-03-01")
    assert isinstance(empty, AgingBalance)
    assert empty.total == Money(0)


def test_custom_bounds_and_errors() -> None:
    assert bucket_labels((15, 45)) == ("1-15", "16-45", ">45")
    balance = aging([claim("a", "3", "2025-01-31")], as_of="2025-03-01", bounds=(15, 45))
    assert isinstance(balance, AgingBalance)
    assert balance.bucket("16-45") == Money(3)
    with pytest.raises(InvalidValue):
        bucket_labels((30, 30))
    with pytest.raises(InvalidValue):
        bucket_labels(())
    with pytest.raises(InvalidType):
        aging(["not a claim"], as_of="2025-03-01")  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        balance.bucket("old")


def test_aging_feeds_the_provision_matrix() -> None:
    # IFRS 9 IE Example 12 loss rates (0.3 / 1.6 / 3.6 / 6.6 / 10.6 %) on an aging.
    balance = AgingBalance.from_amounts(
        as_of="2025-12-31",
        currency="EUR",
        not_due=15_000_000,
        past_due=[7_500_000, 4_000_000, 2_500_000, 1_000_000],
    )
    rates = {"not_due": "0.3", "1-30": "1.6", "31-60": "3.6", "61-90": "6.6", ">90": "10.6"}
    assert provision_matrix(balance.as_dict(), rates) == 580_000


@settings(max_examples=60, deadline=None)
@given(ledgers(), st.integers(0, 760), st.sampled_from([(30, 60, 90), (15,), (7, 14, 30, 60)]))
def test_buckets_sum_to_the_total_in_any_order(
    claims: list[Claim], offset: int, bounds: tuple[int, ...]
) -> None:
    as_of = pendulum.Date(2024, 1, 1).add(days=offset)
    forward = aging_by_currency(claims, as_of=as_of, bounds=bounds)
    assert forward == aging_by_currency(list(reversed(claims)), as_of=as_of, bounds=bounds)
    for balance in forward.values():
        assert balance.not_due + sum(m for _, m in balance.buckets) == balance.total
        expected = sum(
            (
                c.outstanding(as_of=as_of)
                for c in claims
                if c.issued_on <= as_of
                and not any(
                    isinstance(e, WriteOff) or type(e).__name__ == "Cancellation"
                    for e in c.events
                    if e.date <= as_of
                )
            ),
            Money(0),
        )
        assert balance.total == expected
