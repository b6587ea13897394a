"""Credit policy: worked cases (a punctual payer, a habitually late one, a new customer, a
customer in difficulty, an insured one), the policy as data, exposure, terms, reviews, the
report, and the one delivery-hold rule shared with `next_action`.

The limits are practice (the default policy, ``data/credit_policy.toml``); the legal facts
checked come from the project's legal reference (/work/shared/reference/french-law.md):
the 60-day maximum between professionals (C. com. L441-10 I), the 30-day maximum for
transport (L441-11, ex-L441-6) and for the State as buyer (CCP R2192-10), and the ban on
paying pre-opening claims once an insolvency proceeding is open (C. com. L622-7 I).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import pytest

from recouvrement.claims import Claim, Payment
from recouvrement.credit import (
    Condition,
    CreditPolicy,
    Financials,
    LimitBasis,
    OrderOutcome,
    ReviewTrigger,
    check_order,
    credit_report,
    deliveries_held,
    exposure,
    ladder_suspensions,
    propose_terms,
    recommend_limit,
    review_of,
    reviews_due,
)
from recouvrement.decisions import next_action
from recouvrement.errors import (
    CurrencyMismatch,
    InvalidPolicy,
    InvalidType,
    InvalidValue,
    UnsupportedJurisdiction,
)
from recouvrement.events import (
    DeliverySuspension,
    InsolvencyKind,
    InsolvencyProceeding,
    PaymentPlan,
    PaymentPromise,
    Reminder,
    WriteOff,
)
from recouvrement.money import Money
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import Action
from recouvrement.profiling import profile_debtor
from recouvrement.sample import load_sample
from recouvrement.segments import Segment

ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
DATA = Path(__file__).resolve().parents[1] / "src" / "recouvrement" / "data"


def _debtor(debtor_id: str = "D1") -> Debtor:
    return Debtor(id=debtor_id, name="Martin SARL", kind="professional")


def _history(
    days_late: int, *, n: int = 12, debtor: str = "D1", amount: str = "1000.00"
) -> list[Claim]:
    """``n`` monthly invoices from 2024-01-10, due 30 days later, paid ``days_late`` late."""
    claims = []
    for i in range(n):
        month = 1 + i % 12
        year = 2024 + i // 12
        issued = f"{year}-{month:02d}-10"
        claim = Claim(
            id=f"{debtor}-F{i + 1:02d}",
            creditor=ACME,
            debtor=_debtor(debtor),
            nature="commercial",
            amount=amount,
            issued_on=issued,
            due_on=Claim(
                id="x",
                creditor=ACME,
                debtor=_debtor(debtor),
                nature="commercial",
                amount=amount,
                issued_on=issued,
            ).due_on,
        )
        paid = claim.due_on.add(days=days_late)
        claims.append(
            Claim.from_dict(
                {**claim.to_dict(), "payments": [Payment(on=paid, amount=amount).to_dict()]}
            )
        )
    return claims


AS_OF = "2025-03-31"


def _expected(volume: Decimal, factor: str, score: int) -> Decimal:
    value = volume * 2 * Decimal(factor) * (100 - Decimal(score) * Decimal("0.8")) / 100
    step = Decimal(10) ** (len(str(int(value))) - 2)  # two significant digits
    return (value / step).to_integral_value(rounding=ROUND_FLOOR) * step


# -- worked cases ---------------------------------------------------------------------------


def test_punctual_payer_gets_two_months_of_business_and_a_quarter_more() -> None:
    claims = _history(0)
    limit = recommend_limit(claims, as_of=AS_OF)
    profile = profile_debtor(claims, as_of=AS_OF)
    assert limit.segment is Segment.PUNCTUAL
    assert limit.score == 0
    volume = profile.metrics.monthly_volume.amount
    assert limit.amount == Money(_expected(volume, "1.25", 0), "EUR")
    assert limit.basis is LimitBasis.HISTORY
    assert limit.insured == limit.guaranteed == Money("0", "EUR")
    codes = [r.code for r in limit.reasons]
    assert codes[:3] == ["credit.volume", "credit.segment", "credit.score"]
    assert "credit.days_late" in codes
    assert all(
        "practice, not law" in r.message for r in limit.reasons if r.code != "credit.days_late"
    )
    # Terms: the longest the law allows between professionals, 60 days (L441-10 I).
    proposal = propose_terms(claims, as_of=AS_OF)
    assert proposal.terms.days == 60
    assert not proposal.capped
    decision = check_order("1000", claims, as_of=AS_OF)
    assert decision.outcome is OrderOutcome.RELEASE
    assert decision.conditions == ()


def test_habitually_late_payer_gets_half_less_its_score_and_shorter_terms() -> None:
    claims = _history(20)
    limit = recommend_limit(claims, as_of=AS_OF)
    punctual = recommend_limit(_history(0), as_of=AS_OF)
    assert limit.segment is Segment.HABITUALLY_LATE
    assert limit.score is not None
    assert limit.score > 0
    volume = profile_debtor(claims, as_of=AS_OF).metrics.monthly_volume.amount
    assert limit.amount.amount == _expected(volume, "0.5", limit.score)
    assert limit.amount < punctual.amount
    late = next(r for r in limit.reasons if r.code == "credit.days_late")
    assert late.facts["worst_days_late"] == 20
    assert "worst paid claim 20 days late; 0 claim(s) overdue now" in late.message
    assert propose_terms(claims, as_of=AS_OF).terms.days == 30
    decision = check_order("100", claims, as_of=AS_OF)
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.conditions == (Condition.SHORTER_TERMS,)
    assert decision.terms is not None
    assert decision.terms.days == 30


def test_new_customer_gets_the_starting_limit() -> None:
    limit = recommend_limit([], as_of=AS_OF)
    assert limit.amount == Money("3000", "EUR")
    assert limit.basis is LimitBasis.STARTING
    assert limit.segment is None
    assert limit.reasons[0].code == "credit.new_customer"
    assert limit.review_months == 3
    one = _history(0, n=1)
    limit = recommend_limit(one, as_of="2024-02-01")
    assert limit.segment is Segment.NEW
    assert limit.basis is LimitBasis.STARTING
    assert limit.amount == Money("3000", "EUR")
    decision = check_order("500", one, as_of="2024-02-01")
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.conditions == (Condition.RETENTION_OF_TITLE,)
    retention = next(r for r in decision.reasons if r.code == "order.retention_of_title")
    assert retention.citation is None
    assert "practice, not law" in retention.message
    assert propose_terms([], as_of=AS_OF).terms.days == 30


def _in_difficulty() -> list[Claim]:
    claims = _history(5)
    last = claims[-1]
    open_claim = Claim(
        id="D1-F13",
        creditor=ACME,
        debtor=_debtor(),
        nature="commercial",
        amount="3000.00",
        issued_on="2025-01-10",
        due_on="2025-02-09",
        events=[
            PaymentPlan.from_dict(
                {
                    "type": "payment_plan",
                    "agreed_on": "2025-02-20",
                    "instalments": [
                        {
                            "due_on": "2025-03-20",
                            "amount": {"amount": "1000.00", "currency": "EUR"},
                        },
                        {
                            "due_on": "2025-04-20",
                            "amount": {"amount": "2000.00", "currency": "EUR"},
                        },
                    ],
                }
            )
        ],
        payments=[Payment(on="2025-03-20", amount="1000.00")],
    )
    return [*claims[:-1], last, open_claim]


def test_customer_in_difficulty_gets_a_quarter_and_orders_on_deposit() -> None:
    claims = _in_difficulty()
    limit = recommend_limit(claims, as_of=AS_OF)
    assert limit.segment is Segment.FINANCIAL_DIFFICULTY
    assert limit.score is not None
    volume = profile_debtor(claims, as_of=AS_OF).metrics.monthly_volume.amount
    assert limit.amount.amount == _expected(volume, "0.25", limit.score)
    decision = check_order("200", claims, as_of=AS_OF, limit=Money("5000", "EUR"))
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.conditions == (Condition.DEPOSIT, Condition.RETENTION_OF_TITLE)
    assert decision.deposit == Money("60.00", "EUR")  # 30 % of 200
    assert decision.exposure_before == Money("2000.00", "EUR")


def test_insured_customer_limit_rises_to_the_cover_and_is_explained_as_insured() -> None:
    claims = _history(20)
    plain = recommend_limit(claims, as_of=AS_OF)
    cover = Financials(insured_cover=Money("50000", "EUR"), source="credit insurer")
    insured = recommend_limit(claims, as_of=AS_OF, financials=cover)
    assert insured.amount == Money("50000", "EUR")
    assert insured.basis is LimitBasis.INSURED
    assert insured.insured == Money("50000", "EUR")
    assert insured.unsecured == Money("0", "EUR")  # the cover exceeds the seller's own limit
    reason = next(r for r in insured.reasons if r.code == "credit.insured")
    assert "Credit insurance covers 50000 EUR" in reason.message
    assert plain.amount < insured.amount
    # A bank guarantee adds its amount, shown apart.
    both = recommend_limit(
        claims,
        as_of=AS_OF,
        financials=Financials(insured_cover="50000", bank_guarantee="60000"),
    )
    assert both.amount == Money("110000", "EUR")
    assert both.guaranteed == Money("60000", "EUR")
    assert both.basis is LimitBasis.GUARANTEED


def test_a_cover_below_the_limit_does_not_raise_it() -> None:
    claims = _history(0)
    plain = recommend_limit(claims, as_of=AS_OF)
    cover = (plain.amount.amount / 2).quantize(Decimal(1))
    small = recommend_limit(claims, as_of=AS_OF, financials=Financials(insured_cover=cover))
    assert small.amount == plain.amount
    assert small.unsecured.amount == plain.amount.amount - cover
    reason = next(r for r in small.reasons if r.code == "credit.insured")
    assert "rises" not in reason.message
    assert (
        f"the limit stays at {plain.amount.amount} EUR, {cover} EUR of it insured; "
        f"{plain.amount.amount - cover} EUR stays at the seller's risk"
    ) in reason.message


def test_insolvency_open_releases_against_prepayment_only_citing_l622_7() -> None:
    claims = _history(0)
    claims[-1] = Claim.from_dict(
        {
            **claims[-1].to_dict(),
            "events": [
                InsolvencyProceeding(
                    kind=InsolvencyKind.RECEIVERSHIP, opened_on="2025-03-01"
                ).to_dict()
            ],
        }
    )
    limit = recommend_limit(claims, as_of=AS_OF)
    assert limit.segment is Segment.INSOLVENT
    assert limit.amount == Money("0", "EUR")
    assert limit.basis is LimitBasis.NONE
    decision = check_order("100", claims, as_of=AS_OF)
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.conditions == (Condition.PREPAYMENT,)
    assert str(decision.reasons[0].citation) == "C. com. L622-7 I"
    review = review_of(claims, as_of=AS_OF, last_review="2025-02-01")
    assert ReviewTrigger.INSOLVENCY in review.triggers
    assert review.due


# -- financial data -------------------------------------------------------------------------


def test_financial_caps_and_rating() -> None:
    claims = _history(0)
    free = recommend_limit(claims, as_of=AS_OF)
    capped = recommend_limit(claims, as_of=AS_OF, financials=Financials(turnover="20000"))
    assert capped.amount == Money("1000", "EUR")  # 5 % of 20,000
    assert capped.basis is LimitBasis.FINANCIALS
    assert recommend_limit(
        claims, as_of=AS_OF, financials=Financials(equity="-5000")
    ).amount == Money("0", "EUR")
    rated = recommend_limit(claims, as_of=AS_OF, financials=Financials(rating="3"))
    assert rated.amount <= free.amount
    with pytest.raises(InvalidPolicy, match=r"ratings\.AAA"):
        recommend_limit(claims, as_of=AS_OF, financials=Financials(rating="AAA"))
    with pytest.raises(CurrencyMismatch):
        recommend_limit(claims, as_of=AS_OF, financials=Financials(equity=Money("10", "USD")))
    with pytest.raises(InvalidValue, match="bank_guarantee"):
        Financials(bank_guarantee="-1")
    with pytest.raises(InvalidType):
        Financials(rating=3)


def test_broken_promise_freezes_the_limit_at_the_current_one() -> None:
    claims = _history(0)
    broken = Claim(
        id="D1-OPEN",
        creditor=ACME,
        debtor=_debtor(),
        nature="commercial",
        amount="500.00",
        issued_on="2025-01-10",
        due_on="2025-02-09",
        events=[PaymentPromise(on="2025-02-15", promised_for="2025-02-28")],
    )
    current = Money("1000", "EUR")
    limit = recommend_limit([*claims, broken], as_of=AS_OF, current=current)
    assert limit.amount <= current
    assert any(r.code == "credit.frozen_broken_promise" for r in limit.reasons)
    # A review after the promise was broken does not freeze it again.
    later = recommend_limit(
        [*claims, broken], as_of=AS_OF, current=current, last_review="2025-03-15"
    )
    assert not any(r.code == "credit.frozen_broken_promise" for r in later.reasons)
    review = review_of([*claims, broken], as_of=AS_OF, last_review="2025-02-01")
    assert review.triggers == (ReviewTrigger.BROKEN_PROMISE,)


# -- orders against the limit ----------------------------------------------------------------


def test_order_within_tolerance_needs_a_deposit_beyond_it_is_held() -> None:
    claims = _history(0, n=1)
    within = check_order("2200", claims, as_of="2024-02-01", limit=Money("3000", "EUR"))
    # exposure 1000 + 2200 = 3200: 200 over, within 10 % of 3000.
    assert within.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert Condition.DEPOSIT in within.conditions
    assert within.deposit == Money("200.00", "EUR")
    held = check_order("2500", claims, as_of="2024-02-01", limit=Money("3000", "EUR"))
    assert held.outcome is OrderOutcome.HOLD
    assert held.unlock == (
        Condition.PREPAYMENT,
        Condition.BANK_GUARANTEE,
        Condition.LETTER_OF_CREDIT,
    )
    assert held.exposure_after == Money("3500.00", "EUR")
    with pytest.raises(InvalidValue, match="order"):
        check_order("0", claims, as_of="2024-02-01")
    with pytest.raises(CurrencyMismatch):
        check_order(Money("10", "USD"), claims, as_of="2024-02-01", limit=Money("3000", "EUR"))


def test_arrears_beyond_the_policy_days_ask_to_settle_them_first() -> None:
    claims = _history(0)
    overdue = Claim(
        id="D1-LATE",
        creditor=ACME,
        debtor=_debtor(),
        nature="commercial",
        amount="100.00",
        issued_on="2025-01-10",
        due_on="2025-02-09",
    )
    decision = check_order("100", [*claims, overdue], as_of=AS_OF, limit=Money("9000", "EUR"))
    assert Condition.SETTLE_ARREARS in decision.conditions


def test_bad_faith_payer_orders_on_prepayment_whatever_the_limit() -> None:
    sample = load_sample()
    claims = [c for c in sample.claims if c.debtor.id == "D0010"]
    decision = check_order("100", claims, as_of=sample.as_of, limit=Money("99999", "EUR"))
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.conditions == (Condition.PREPAYMENT,)
    assert any(r.code == "order.prepaid" for r in decision.reasons)


# -- the one delivery-hold rule ---------------------------------------------------------------


def _ladder_case(*, suspended: bool = False, paid: bool = False) -> list[Claim]:
    """A habitually late payer whose open invoice reached the 'suspend_deliveries' step of the
    default policy's habitually-late track (firm call at due + 3, registered letter 7 days
    later, suspension 7 days after that)."""
    claims = _history(20)
    events: list[Any] = [
        Reminder(on="2025-02-12", channel="phone", step="firm"),
        Reminder(on="2025-02-19", channel="registered_letter", step="registered"),
    ]
    if suspended:
        events.append(DeliverySuspension(on="2025-02-26"))
    payments = [Payment(on="2025-03-30", amount="800.00")] if paid else []
    open_claim = Claim(
        id="D1-OPEN",
        creditor=ACME,
        debtor=_debtor(),
        nature="commercial",
        amount="800.00",
        issued_on="2025-01-10",
        due_on="2025-02-09",
        events=events,
        payments=payments,
    )
    return [*claims, open_claim]


def test_order_hold_agrees_with_next_action_suspend_deliveries() -> None:
    claims = _ladder_case()
    profile = profile_debtor(claims, as_of="2025-02-26")
    assert profile.segment is Segment.HABITUALLY_LATE
    decision = next_action(claims[-1], as_of="2025-02-26", profile=profile)
    assert decision.action is Action.SUSPEND_DELIVERIES
    assert ladder_suspensions(claims, as_of="2025-02-26", profiles={"D1": profile}) == {"D1-OPEN"}
    order = check_order("10", claims, as_of="2025-02-26", limit=Money("99999", "EUR"))
    assert order.outcome is OrderOutcome.HOLD
    assert order.unlock == (Condition.SETTLE_ARREARS,)
    assert order.reasons[0].code == "hold.ladder_suspension"
    # The day before, the ladder has not reached it: no hold on that ground.
    before = check_order("10", claims, as_of="2025-02-25", limit=Money("99999", "EUR"))
    assert before.outcome is not OrderOutcome.HOLD
    assert next_action(claims[-1], as_of="2025-02-25", profile=profile).action is not (
        Action.SUSPEND_DELIVERIES
    )


def test_recorded_suspension_holds_until_paid_or_lifted() -> None:
    claims = _ladder_case(suspended=True)
    decision = check_order("10", claims, as_of="2025-03-10", limit=Money("99999", "EUR"))
    assert decision.outcome is OrderOutcome.HOLD
    assert decision.reasons[0].code == "hold.suspension_in_force"
    paid = _ladder_case(suspended=True, paid=True)
    assert deliveries_held(paid, as_of="2025-03-30") == ()
    assert check_order("10", paid, as_of="2025-03-30", limit=Money("99999", "EUR")).outcome is not (
        OrderOutcome.HOLD
    )
    lifted = [
        *claims[:-1],
        Claim.from_dict(
            {
                **claims[-1].to_dict(),
                "events": [
                    *(e.to_dict() for e in claims[-1].events[:2]),
                    DeliverySuspension(on="2025-02-26", lifted_on="2025-03-05").to_dict(),
                ],
            }
        ),
    ]
    assert deliveries_held(lifted, as_of="2025-03-10") == ()
    with pytest.raises(InvalidType, match="suspend_due"):
        deliveries_held(claims, as_of="2025-03-10", suspend_due="D1-OPEN")


# -- exposure ---------------------------------------------------------------------------------


def test_exposure_per_currency_with_orders_credits_and_write_offs() -> None:
    debtor = _debtor()

    def claim(cid: str, amount: Money, **kw: Any) -> Claim:
        return Claim(
            id=cid,
            creditor=ACME,
            debtor=debtor,
            nature="commercial",
            amount=amount,
            issued_on="2025-01-10",
            due_on="2025-02-09",
            **kw,
        )

    claims = [
        claim("E1", Money("1000.00", "EUR")),
        claim(
            "E2",
            Money("300.00", "EUR"),
            payments=[Payment(on="2025-01-20", amount=Money("350.00", "EUR"))],
        ),
        claim("E3", Money("400.00", "EUR"), events=[WriteOff(on="2025-03-01")]),
        claim("U1", Money("200.00", "USD")),
    ]
    seen = exposure(
        claims,
        as_of="2025-03-31",
        delivered_not_invoiced=[Money("100", "EUR"), Money("50", "USD")],
        open_orders=Money("250", "EUR"),
        limit={"EUR": "1500", "USD": "100"},
    )
    eur, usd = seen.lines
    assert (eur.currency, usd.currency) == ("EUR", "USD")
    assert eur.overdue == Money("1000.00", "EUR")
    assert eur.credit_balance == Money("-50.00", "EUR")
    assert eur.total == Money("1300.00", "EUR")
    assert not eur.over_limit
    assert usd.total == Money("250.00", "USD")
    assert usd.over_limit
    assert seen.over_limit
    assert [r.code for r in seen.reasons] == ["exposure.counted", "exposure.closed_left_out"]
    assert seen.to_dict()["lines"][1]["over_limit"] is True
    with pytest.raises(InvalidValue, match="several debtors"):
        exposure([*claims, *_history(0, n=1, debtor="D2")], as_of="2025-03-31")
    with pytest.raises(InvalidValue, match="open_orders"):
        exposure(claims, as_of="2025-03-31", open_orders=["-5"])


# -- terms ------------------------------------------------------------------------------------


def test_proposed_terms_are_cut_to_the_legal_maximum() -> None:
    policy = CreditPolicy.from_dict({"segments": {"punctual": {"terms_days": 90}}})
    proposal = propose_terms(_history(0), as_of=AS_OF, policy=policy)
    assert proposal.terms.days == 60
    assert proposal.capped
    assert str(proposal.reasons[-1].citation) == "C. com. L441-10 I al. 2"
    longer = CreditPolicy.from_dict({"segments": {"new": {"terms_days": 45}}})
    state = propose_terms(
        [], as_of=AS_OF, nature="public_procurement", debtor_kind="public_body", policy=longer
    )
    assert state.terms.days == 30
    assert state.capped
    consumer = propose_terms(
        [],
        as_of=AS_OF,
        nature="consumer",
        debtor_kind="individual",
        policy=CreditPolicy.from_dict({"segments": {"new": {"terms_days": 90}}}),
    )
    assert consumer.terms.days == 90
    assert consumer.reasons[-1].code == "terms.consumer"
    bad = CreditPolicy.from_dict({"segments": {"bad_faith": {"terms_days": 0}}})
    assert bad.terms_days_for("bad_faith") == 0
    foreign = Claim.from_dict({**_history(0, n=1)[0].to_dict(), "jurisdiction": "DE"})
    with pytest.raises(UnsupportedJurisdiction):
        propose_terms([foreign], as_of=AS_OF)


# -- the policy as data ------------------------------------------------------------------------


def test_default_policy_round_trips_and_every_setting_is_commented() -> None:
    policy = CreditPolicy.default()
    assert CreditPolicy.default() is policy
    assert CreditPolicy.from_dict(policy.to_dict()) == policy
    assert CreditPolicy.from_toml(DATA / "credit_policy.toml") == policy
    for segment in Segment:
        assert segment in policy.segments
    factors = [
        policy.factor(s)
        for s in (
            Segment.PUNCTUAL,
            Segment.OCCASIONALLY_LATE,
            Segment.HABITUALLY_LATE,
            Segment.FINANCIAL_DIFFICULTY,
            Segment.BAD_FAITH,
            Segment.INSOLVENT,
        )
    ]
    assert factors == sorted(factors, reverse=True)  # riskier never gets more
    for number, line in enumerate((DATA / "credit_policy.toml").read_text("utf-8").splitlines(), 1):
        if "=" in line and not line.lstrip().startswith("#"):
            assert "#" in line.split("=", 1)[1], f"line {number} has no comment: {line}"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"limits": {"starting_limit": "-1"}}, "limits.starting_limit"),
        ({"limits": {"significant_digits": 0}}, "limits.significant_digits"),
        ({"limits": {"volume_months": 1.5}}, "limits.volume_months"),
        ({"limits": {"equity_percent": "120"}}, "limits.equity_percent"),
        ({"limits": {"freeze_on_broken_promise": "yes"}}, "limits.freeze_on_broken_promise"),
        ({"limits": {"ceiling": "1"}}, "limits.ceiling"),
        ({"orders": {"overdue_conditions_days": "30"}}, "orders.overdue_conditions_days"),
        ({"terms": {"days": -1}}, "terms.days"),
        ({"review": {"months": 0}}, "review.months"),
        ({"review": {"triggers": ["moon"]}}, "review.triggers"),
        ({"ratings": {"A": "x"}}, "ratings.A"),
        ({"segments": {"new": {"factor": "-1"}}}, "segments.new.factor"),
        ({"segments": {"new": {"conditions": ["hostage"]}}}, "segments.new.conditions"),
        ({"segments": {"new": {"colour": "red"}}}, "segments.new.colour"),
        ({"segments": {"vip": {}}}, "segments.vip"),
        ({"extra": 1}, "policy.extra"),
        ({"name": 3}, "name"),
    ],
)
def test_policy_errors_name_the_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(InvalidPolicy) as info:
        CreditPolicy.from_dict(data)
    assert info.value.field == key


def test_policy_from_toml_errors() -> None:
    with pytest.raises(InvalidPolicy, match="not valid TOML"):
        CreditPolicy.from_toml("limits = [")
    with pytest.raises(InvalidType):
        CreditPolicy.from_toml(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicy, match="expected a table"):
        CreditPolicy.from_dict([])


# -- reviews and the report --------------------------------------------------------------------


def test_reviews_follow_the_segment_period() -> None:
    claims = _history(0)
    never = review_of(claims, as_of=AS_OF)
    assert never.due
    assert never.next_review.isoformat() == AS_OF
    recent = review_of(claims, as_of=AS_OF, last_review="2024-12-01")
    assert not recent.due
    assert recent.next_review.isoformat() == "2025-12-01"
    late = review_of(_history(20), as_of=AS_OF, last_review="2024-09-01")
    assert late.due
    assert late.period_months == 6
    over = review_of(
        _ladder_case(), as_of=AS_OF, last_review="2025-03-01", limit=Money("10", "EUR")
    )
    assert over.triggers == (ReviewTrigger.LIMIT_EXCEEDED,)
    quiet = CreditPolicy.from_dict({"review": {"triggers": []}})
    assert (
        review_of(
            _ladder_case(), as_of=AS_OF, last_review="2025-03-01", limit="10", policy=quiet
        ).triggers
        == ()
    )
    ledger = [*claims, *_history(20, debtor="D2")]
    due = reviews_due(ledger, as_of=AS_OF, last_reviews={"D1": "2025-01-01", "D2": "2024-01-01"})
    assert [r.debtor_id for r in due] == ["D2"]
    assert (
        len(
            reviews_due(
                ledger, as_of=AS_OF, last_reviews={"D1": "2025-01-01"}, include_not_due=True
            )
        )
        == 2
    )


def test_credit_report_on_the_sample_is_flat_and_deterministic() -> None:
    sample = load_sample()
    rows = credit_report(sample.claims, as_of=sample.as_of)
    again = credit_report(list(reversed(sample.claims)), as_of=sample.as_of)
    assert [r.to_dict() for r in rows] == [r.to_dict() for r in again]
    assert len(rows) == len({c.debtor.id for c in sample.claims})
    for row in rows:
        data = row.to_dict()
        assert all(v is None or isinstance(v, str | int | bool) for v in data.values())
        assert Decimal(data["limit"]) >= 0
    by_id = {r.debtor_id: r for r in rows}
    assert by_id["D0005"].limit.basis is LimitBasis.STARTING
    assert by_id["D0010"].limit.amount == Money("0", "EUR")


def test_html_cards_escape_what_they_show() -> None:
    claims = _history(0, n=1, debtor="<b>x</b>")
    limit = recommend_limit(claims, as_of="2024-02-01")
    html = limit._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html
    for record in (
        check_order("10", claims, as_of="2024-02-01"),
        exposure(claims, as_of="2024-02-01"),
        review_of(claims, as_of="2024-02-01"),
        propose_terms(claims, as_of="2024-02-01"),
        credit_report(claims, as_of="2024-02-01")[0],
    ):
        assert record._repr_html_().startswith("<div")
        assert isinstance(record.to_dict(), dict)


# -- the real ledger ----------------------------------------------------------------------------

REAL_LEDGER = (
    Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"
)


@pytest.mark.skipif(
    not REAL_LEDGER.exists(),
    reason=f"the real ledger is not here: {REAL_LEDGER} (CI has it at ../shared/realdata)",
)
def test_real_ledger_customers_all_get_a_limit_with_reasons() -> None:
    from recouvrement.io import ColumnMapping, read_claims_csv

    claims = read_claims_csv(REAL_LEDGER, mapping=ColumnMapping.shipped("ibm_ar")).claims
    rows = credit_report(claims, as_of="2013-11-30")
    assert len(rows) == 100
    for row in rows:
        assert row.currency == "USD"
        assert row.limit.amount.amount > 0
        assert row.limit.basis is LimitBasis.HISTORY
        assert [r.code for r in row.limit.reasons][:3] == [
            "credit.volume",
            "credit.segment",
            "credit.score",
        ]

    # Punctual payers never get less, on median, than habitually late ones.
    def median(segment: Segment) -> Decimal:
        values = sorted(r.limit.amount.amount for r in rows if r.profile.segment is segment)
        return values[len(values) // 2]

    assert (
        median(Segment.PUNCTUAL)
        > median(Segment.OCCASIONALLY_LATE)
        > median(Segment.HABITUALLY_LATE)
    )


# -- absurd input raises the library's errors -------------------------------------------------

ABSURD: list[Any] = [None, 3, 1.5, "x", b"x", ["x"], {"a": 1}, object(), -1]


@pytest.mark.parametrize("value", ABSURD, ids=repr)
def test_absurd_inputs_raise_library_errors(value: Any) -> None:
    from recouvrement.errors import RecouvrementError

    claims = _history(0, n=3)
    calls: list[Callable[[], object]] = [
        lambda: recommend_limit(value, as_of=AS_OF),
        lambda: recommend_limit(claims, as_of=value),
        lambda: recommend_limit(claims, as_of=AS_OF, policy=value),
        lambda: recommend_limit(claims, as_of=AS_OF, profile=value),
        lambda: recommend_limit(claims, as_of=AS_OF, financials=value),
        lambda: recommend_limit(claims, as_of=AS_OF, current=value, currency="EUR"),
        lambda: recommend_limit(claims, as_of=AS_OF, currency=value),
        lambda: check_order(value, claims, as_of=AS_OF),
        lambda: check_order("10", claims, as_of=AS_OF, limit=value),
        lambda: check_order("10", claims, as_of=AS_OF, profile=value),
        lambda: check_order("10", claims, as_of=AS_OF, suspend_due=value),
        lambda: check_order("10", claims, as_of=AS_OF, open_orders=value),
        lambda: exposure(claims, as_of=AS_OF, limit=value),
        lambda: exposure(claims, as_of=AS_OF, delivered_not_invoiced=value),
        lambda: propose_terms(claims, as_of=AS_OF, sector=value),
        lambda: propose_terms(claims, as_of=AS_OF, policy=value),
        lambda: review_of(claims, as_of=AS_OF, last_review=value),
        lambda: review_of(claims, as_of=AS_OF, limit=value),
        lambda: reviews_due(claims, as_of=AS_OF, last_reviews=value),
        lambda: credit_report(claims, as_of=AS_OF, financials=value),
        lambda: credit_report(value, as_of=AS_OF),
        lambda: CreditPolicy.from_dict(value),
        lambda: Financials(equity=value),
    ]
    for index, call in enumerate(calls):
        try:
            call()
        except RecouvrementError:
            pass
        except Exception as exc:  # pragma: no cover - the failure message names the call
            pytest.fail(f"call {index} raised {type(exc).__name__}: {exc}")


def test_credit_report_counts_the_orders_passed_per_customer() -> None:
    ledger = [*_history(0), *_history(0, debtor="D2")]
    rows = credit_report(
        ledger,
        as_of=AS_OF,
        open_orders={"D1": ["100", Money("5", "USD")]},
        delivered_not_invoiced={"D2": "40"},
        limits={"D1": "1"},
    )
    first, second = rows
    assert first.exposure.open_orders == Money("100", "EUR")  # the USD order is another line
    assert second.exposure.delivered_not_invoiced == Money("40", "EUR")
    assert first.review.triggers == (ReviewTrigger.LIMIT_EXCEEDED,)


def test_foreign_customer_orders_skip_the_french_ladder_and_terms_check() -> None:
    claims = [Claim.from_dict({**c.to_dict(), "jurisdiction": "DE"}) for c in _history(20)]
    decision = check_order("100", claims, as_of=AS_OF)
    assert decision.outcome is OrderOutcome.RELEASE_WITH_CONDITIONS
    assert decision.terms is not None
    assert decision.terms.days == 30
    assert any(r.code == "order.terms_unchecked" for r in decision.reasons)


def test_days_late_names_the_oldest_unpaid_claim_beside_the_worst_paid_one() -> None:
    # Paid early, then one invoice unpaid: its days past due are not "worst 0".
    claims = _history(-3, n=4)
    unpaid = Claim(
        id="D1-U1",
        creditor=ACME,
        debtor=_debtor("D1"),
        nature="commercial",
        amount="1000.00",
        issued_on="2024-06-01",
        due_on="2024-07-01",
    )
    limit = recommend_limit([*claims, unpaid], as_of="2024-12-31")
    late = next(r for r in limit.reasons if r.code == "credit.days_late")
    assert late.facts["worst_days_late"] == 0
    assert late.facts["oldest_days_past_due"] == 183
    assert "worst paid claim 0 days late; 1 claim(s) overdue now, the oldest 183 days" in (
        late.message
    )
