"""Issue #13, points 5, 6 and 7: agency mandates, one procedure per debtor, other currencies."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim
from recouvrement.decisions import Action, Decision, debtor_actions, next_action
from recouvrement.errors import CurrencyMismatch, InvalidMoney, InvalidPolicy, InvalidType
from recouvrement.events import AgencyHandover, LegalAction
from recouvrement.fx import ExchangeRates
from recouvrement.interest import amounts_due
from recouvrement.jurisdictions.fr.procedures import choose_legal_route, procedure_rule
from recouvrement.money import Money
from recouvrement.parties import Creditor
from recouvrement.policy import AgencyFee, EscalationPolicy
from recouvrement.sample import sample_claim

from .strategies import claims

# The sample claim: 1,500 EUR due 2025-02-14, reminders and a formal notice of 2025-04-02
# whose cure period has passed; on 2025-05-15 the ladder takes the legal route.
DAY = "2025-05-15"


def _codes(decision: Decision) -> list[str]:
    return [r.code for r in decision.reasons]


def _reason(decision: Decision, code: str) -> str:
    found = [r.message for r in decision.reasons if r.code == code]
    assert found, (code, _codes(decision))
    return found[0]


def _handed(claim: Claim, **fields: object) -> Claim:
    return attrs.evolve(claim, events=(*claim.events, AgencyHandover(**fields)))  # type: ignore[arg-type]


def _with_fee(fee: AgencyFee) -> EscalationPolicy:
    return attrs.evolve(EscalationPolicy.default(), agency_fee=fee)


# -- 5. an agency mandate holds in-house chasing -------------------------------------------


def test_without_a_mandate_the_ladder_goes_to_court() -> None:
    assert next_action(sample_claim(), as_of=DAY).action is Action.SMALL_CLAIMS_PROCEDURE


def test_a_running_mandate_makes_in_house_actions_wait_with_the_fee() -> None:
    # The scenario: a manual handover to an agency; the in-house formal notice,
    # calls and court must not go on in parallel. Fee: 12 % of what the claim owes.
    claim = _handed(sample_claim(), on="2025-04-10", agency="Recouvra SA", until="2025-07-31")
    policy = _with_fee(AgencyFee(rate=Decimal(12), minimum=Decimal(50)))
    decision = next_action(claim, as_of=DAY, policy=policy)
    assert decision.action is Action.WAIT
    assert decision.on == pendulum.Date(2025, 8, 1)
    assert "Recouvra SA" in _reason(decision, "guard.agency_mandate")
    owed = amounts_due(claim, as_of=DAY).total
    fee = next(r for r in decision.reasons if r.code == "guard.agency_mandate.fee")
    assert fee.facts["fee"] == (owed * Decimal(12) / 100).round()
    assert isinstance(fee.facts["fee"], Money)
    assert str(fee.citation) == "CPCE L111-8"
    assert "12% (the policy's agency_fee)" in fee.message


def test_the_fee_floor_and_the_mandates_own_rate() -> None:
    claim = _handed(sample_claim(), on="2025-04-10", until="2025-07-31", fee_rate=Decimal(5))
    policy = _with_fee(AgencyFee(rate=Decimal(12), minimum=Decimal(200), maximum=Decimal(900)))
    fee = next(
        r
        for r in next_action(claim, as_of=DAY, policy=policy).reasons
        if r.code == "guard.agency_mandate.fee"
    )
    # 5 % (the mandate's rate) of about 1,550 EUR is below the 200 EUR floor.
    assert fee.facts["fee"] == Money("200.00")
    assert fee.facts["rate"] == Decimal(5)
    assert "minimum 200 EUR" in fee.message


def test_no_fee_schedule_says_the_fee_is_not_estimated() -> None:
    claim = _handed(sample_claim(), on="2025-04-10")
    assert "not estimated" in _reason(next_action(claim, as_of=DAY), "guard.agency_mandate.fee")


def test_a_mandate_without_end_runs_for_the_policys_agency_days() -> None:
    claim = _handed(sample_claim(), on="2025-04-10")
    decision = next_action(claim, as_of=DAY)
    assert decision.action is Action.WAIT
    assert decision.on == pendulum.Date(2025, 4, 10).add(days=91)
    assert "agency_days" in _reason(decision, "guard.agency_mandate")


def test_a_returned_claim_resumes_in_house_chasing() -> None:
    claim = _handed(sample_claim(), on="2025-04-10", returned_on="2025-05-01")
    decision = next_action(claim, as_of=DAY)
    assert "guard.agency_mandate" not in _codes(decision)
    assert decision.action is not Action.WAIT
    # before the return, it waited until the mandate's end as known that day: the return,
    # dated later, had not happened (only what is dated on or before as_of counts)
    before = next_action(claim, as_of="2025-04-20")
    assert before.action is Action.WAIT
    # (the day after its last day, 90 days after the handover: the policy's agency_days)
    assert before.on == pendulum.Date(2025, 4, 10).add(days=91)


def test_an_ended_mandate_resumes_in_house_chasing() -> None:
    claim = _handed(sample_claim(), on="2025-04-10", until="2025-05-10")
    assert "guard.agency_mandate" not in _codes(next_action(claim, as_of=DAY))


def test_mandate_dates_are_validated() -> None:
    with pytest.raises(ValueError, match="until"):
        AgencyHandover(on="2025-04-10", until="2025-04-01")
    with pytest.raises(ValueError, match="returned_on"):
        AgencyHandover(on="2025-04-10", returned_on="2025-04-01")
    event = AgencyHandover(on="2025-04-10", until="2025-07-31", returned_on="2025-05-01")
    assert AgencyHandover.from_dict(event.to_dict()) == event


def test_the_fee_schedule_is_validated_and_round_trips() -> None:
    with pytest.raises(InvalidPolicy, match="rate"):
        AgencyFee(rate=Decimal(120))
    with pytest.raises(InvalidPolicy, match="maximum"):
        AgencyFee(rate=Decimal(10), minimum=Decimal(100), maximum=Decimal(50))
    with pytest.raises(InvalidPolicy, match="unknown"):
        attrs.evolve(EscalationPolicy.default(), agency_fee={"rate": "10", "cap": "5"})
    policy = _with_fee(AgencyFee(rate=Decimal("12.5"), maximum=Decimal(2000)))
    assert EscalationPolicy.from_dict(policy.to_dict()) == policy


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 112))
def test_no_in_house_step_while_a_mandate_runs(offset: int) -> None:
    # Any day of the mandate (2025-04-10 to 2025-07-31): never a reminder, notice or route.
    claim = _handed(sample_claim(), on="2025-04-10", until="2025-07-31")
    day = pendulum.Date(2025, 4, 10).add(days=offset)
    decision = next_action(claim, as_of=day)
    assert decision.action is Action.WAIT
    assert "guard.agency_mandate" in _codes(decision)


# -- 6. one procedure per debtor, chosen on its total ---------------------------------------


def _invoices(*amounts: str, creditor: Creditor | None = None) -> list[Claim]:
    base = sample_claim()
    return [
        attrs.evolve(
            base,
            id=f"F-{i}",
            amount=Money(amount),
            creditor=creditor if creditor is not None and i == len(amounts) else base.creditor,
        )
        for i, amount in enumerate(amounts, 1)
    ]


def test_four_invoices_of_7622_eur_get_one_payment_order() -> None:
    # The scenario: one debtor owing 7,622 EUR over four invoices got four
    # small-claims procedures on the same day. The small-claims limit is 5,000 EUR in
    # principal and interest (CPCE L125-1, R125-1): on the total, a payment order (CPC 1405).
    invoices = _invoices("2000.00", "1900.00", "1822.00", "1900.00")
    assert sum((c.amount for c in invoices), Money.zero()) == Money("7622.00")
    alone = [next_action(c, as_of=DAY).action for c in invoices]
    assert alone == [Action.SMALL_CLAIMS_PROCEDURE] * 4
    threshold = procedure_rule("small_claims_max", on=DAY)
    assert threshold is not None
    assert threshold.amount == Decimal(5000)

    (grouped,) = debtor_actions(invoices, as_of=DAY)
    (procedure,) = grouped.procedures
    assert procedure.action is Action.PAYMENT_ORDER
    assert procedure.claim_ids == ("F-1", "F-2", "F-3", "F-4")
    assert procedure.principal == Money("7622.00")
    owed = sum((amounts_due(c, as_of=DAY).total for c in invoices), Money.zero())
    assert procedure.total == owed
    both = (procedure.principal + procedure.interest).round()
    assert f"principal and interest {both}" in next(
        r.message for r in procedure.reasons if r.code == "route.payment_order"
    )
    for decision in grouped.decisions:
        assert decision.action is Action.PAYMENT_ORDER
        message = _reason(decision, "grouped.procedure")
        assert "Grouped with 3 other claim(s)" in message
        assert f"total {owed.round()}" in message
        assert "route.small_claims" not in _codes(decision)


def test_a_group_within_the_threshold_is_one_small_claims_procedure() -> None:
    (grouped,) = debtor_actions(_invoices("1000.00", "1500.00"), as_of=DAY)
    (procedure,) = grouped.procedures
    assert procedure.action is Action.SMALL_CLAIMS_PROCEDURE
    assert procedure.principal == Money("2500.00")


def test_the_routes_cost_is_weighed_on_the_total() -> None:
    # A 700 EUR route against 50 % of each 1,000 EUR claim: too dear claim by claim, not
    # for the debtor's 2,000 EUR.
    policy = attrs.evolve(
        EscalationPolicy.default(),
        route_costs={**EscalationPolicy.default().route_costs, "small_claims": "700"},
    )
    invoices = _invoices("1000.00", "1000.00")
    assert next_action(invoices[0], as_of=DAY, policy=policy).action is Action.AGENCY_HANDOVER
    (grouped,) = debtor_actions(invoices, as_of=DAY, policy=policy)
    assert [p.action for p in grouped.procedures] == [Action.SMALL_CLAIMS_PROCEDURE]


def test_other_creditor_or_a_route_already_taken_is_not_grouped() -> None:
    other = Creditor(id="OTHER", name="Autre SAS", kind="professional")
    (grouped,) = debtor_actions(_invoices("2000.00", "1900.00", creditor=other), as_of=DAY)
    assert grouped.procedures == ()
    invoices = _invoices("2000.00", "1900.00", "1822.00")
    sued = LegalAction(kind="small_claims", filed_on="2025-04-20")
    invoices[2] = attrs.evolve(invoices[2], events=(*invoices[2].events, sued))
    (grouped,) = debtor_actions(invoices, as_of=DAY)
    (procedure,) = grouped.procedures
    assert procedure.claim_ids == ("F-1", "F-2")
    assert procedure.action is Action.SMALL_CLAIMS_PROCEDURE  # 3,900 EUR


# -- 7. amounts in another currency ---------------------------------------------------------

_YEN = attrs.evolve(sample_claim(), amount=Money(100000, "JPY"))
_RATE = {"JPY": Decimal("0.0060")}  # 1 JPY = 0.0060 EUR: 100,000 JPY is about 600 EUR


def test_a_yen_claim_without_rate_is_not_told_it_is_above_the_threshold() -> None:
    decision = next_action(_YEN, as_of=DAY)
    assert decision.action is Action.PAYMENT_ORDER
    messages = " ".join(r.message for r in decision.reasons)
    assert "above the small-claims threshold" not in messages
    assert "no exchange rate for JPY" in _reason(decision, "route.threshold.no_rate")
    assert "not applied" in _reason(decision, "policy.currency.no_rate")
    assert "guard.cost" not in _codes(decision)


def test_a_yen_claim_with_a_rate_gets_the_small_claims_procedure() -> None:
    decision = next_action(_YEN, as_of=DAY, exchange_rates=_RATE)
    assert decision.action is Action.SMALL_CLAIMS_PROCEDURE
    message = _reason(decision, "route.small_claims")
    assert "EUR at the exchange rate supplied" in message
    assert "1 JPY = 0.006 EUR" in _reason(decision, "policy.currency.converted")


def test_a_yen_claim_above_the_threshold_through_the_rate() -> None:
    big = attrs.evolve(_YEN, amount=Money(1000000, "JPY"))  # about 6,000 EUR
    decision = next_action(big, as_of=DAY, exchange_rates=_RATE)
    assert decision.action is Action.PAYMENT_ORDER
    assert "above the small-claims threshold of 5000 EUR" in _reason(
        decision, "route.payment_order"
    )


def test_the_policy_minimum_in_euros_is_converted_not_applied_in_yen() -> None:
    # 900 JPY is 4.50 EUR at 0.0050: below the default policy's 5.00 EUR minimum.
    small = attrs.evolve(_YEN, amount=Money(900, "JPY"))
    decision = next_action(small, as_of=DAY, exchange_rates={"JPY": Decimal("0.0050")})
    assert decision.action is Action.NONE
    assert "5.00 EUR (1000 JPY at the rate supplied)" in _reason(decision, "guard.below_minimum")
    unknown = next_action(small, as_of=DAY)
    assert "guard.below_minimum" not in _codes(unknown)
    assert "policy.currency.no_rate" in _codes(unknown)


def test_a_policy_without_currency_reads_its_amounts_in_the_claims_currency() -> None:
    policy = attrs.evolve(EscalationPolicy.default(), currency=None)
    small = attrs.evolve(_YEN, amount=Money(4, "JPY"))
    assert next_action(small, as_of=DAY, policy=policy).action is Action.NONE


def test_choose_legal_route_takes_the_rates_too() -> None:
    route = choose_legal_route(_YEN, as_of=DAY, principal=Decimal(100000), exchange_rates=_RATE)
    assert route.kind is not None
    assert route.kind.value == "small_claims"


def test_exchange_rates_are_validated() -> None:
    with pytest.raises(InvalidType):
        ExchangeRates.of({"JPY": 0.006})
    with pytest.raises(InvalidMoney):
        ExchangeRates.of({"JPY": Decimal(0)})
    with pytest.raises(InvalidMoney):
        ExchangeRates.of({"XYZ": Decimal(1)})
    with pytest.raises(InvalidMoney):
        ExchangeRates.of({"EUR": Decimal(2)})
    with pytest.raises(InvalidType):
        next_action(_YEN, as_of=DAY, exchange_rates=[("JPY", Decimal(1))])
    with pytest.raises(InvalidPolicy):
        attrs.evolve(EscalationPolicy.default(), currency="euro")


def test_money_refuses_to_compare_two_currencies() -> None:
    with pytest.raises(CurrencyMismatch):
        assert Money(100000, "JPY") <= Money(5000, "EUR")


#: A route reason comparing the claim with a threshold ("above", "within", "or less").
# A comparison of an amount with a threshold ("... 1132.37 EUR are within the small-claims
# threshold", "above the small-claims threshold", "... or less"), not a period ("within one
# month") nor a pointer ("see above").
_COMPARES = re.compile(r"\b(above the|within the|or less)\b")


@settings(max_examples=60, deadline=None)
@given(
    claims(currency="JPY") | claims(currency="USD") | claims(currency="EUR"),
    st.integers(0, 900),
    st.booleans(),
)
def test_thresholds_are_compared_in_one_currency_only(claim: Claim, days: int, rated: bool) -> None:
    # Thresholds are compared as Money (which raises CurrencyMismatch across currencies):
    # a decision never fails on that, and a claim outside the euro states a comparison with
    # a euro threshold only through a rate supplied, saying so.
    day = claim.due_on.add(days=days)
    assume(day.year <= 2030)
    rates = {"JPY": Decimal("0.0061"), "USD": Decimal("0.92")} if rated else None
    decision = next_action(claim, as_of=day, exchange_rates=rates)
    notes = [r for r in decision.reasons if r.code.startswith("policy.currency")]
    if claim.amount.currency == "EUR":
        assert notes == []
    else:
        assert len(notes) <= 1
    for reason in decision.reasons:
        compares = reason.code.startswith("route.") and _COMPARES.search(reason.message)
        if claim.amount.currency != "EUR" and compares:
            assert rated
            assert "at the exchange rate supplied" in reason.message
        if claim.amount.currency != "EUR" and not rated:
            assert reason.code not in {"guard.below_minimum", "guard.small_balance"}
