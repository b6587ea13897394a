"""Property tests of the decision engine: deterministic, blind to the future, settled claims
close, and no move back down the ladder without a plan or a promise."""

from __future__ import annotations

import itertools
import random

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement.claims import Claim, Payment
from recouvrement.decisions import Action, Decision, next_action, simulate
from recouvrement.events import PaymentPlan, PaymentPromise
from recouvrement.policy import EscalationPolicy
from recouvrement.segments import Segment
from tests.strategies import claims, dates, events_for

SEGMENTS = st.none() | st.sampled_from(list(Segment))


def _key(d: Decision) -> tuple[object, ...]:
    return (
        d.action,
        d.on,
        d.step,
        d.channel,
        d.tone,
        d.deadline,
        tuple((r.code, r.message) for r in d.reasons),
        d.amounts,
    )


@st.composite
def claim_and_day(draw: st.DrawFn) -> tuple[Claim, pendulum.Date]:
    claim = draw(claims(currency="EUR"))
    day = draw(dates(claim.issued_on, claim.issued_on.add(days=1200)))
    return claim, day


@settings(max_examples=60, deadline=None)
@given(claim_and_day(), SEGMENTS, st.randoms(use_true_random=False))
def test_decisions_are_deterministic_and_ignore_event_order(
    pair: tuple[Claim, pendulum.Date], segment: Segment | None, rng: random.Random
) -> None:
    claim, day = pair
    first = next_action(claim, as_of=day, profile=segment, with_amounts=False)
    assert _key(first) == _key(next_action(claim, as_of=day, profile=segment, with_amounts=False))
    events = list(claim.events)
    rng.shuffle(events)
    payments = list(claim.payments)
    rng.shuffle(payments)
    shuffled = Claim.from_dict(
        {
            **claim.to_dict(),
            "events": [e.to_dict() for e in events],
            "payments": [p.to_dict() for p in payments],
        }
    )
    assert _key(first) == _key(
        next_action(shuffled, as_of=day, profile=segment, with_amounts=False)
    )


@settings(max_examples=60, deadline=None)
@given(st.data(), SEGMENTS)
def test_an_event_after_as_of_changes_nothing(data: st.DataObject, segment: Segment | None) -> None:
    claim, day = data.draw(claim_and_day())
    later = data.draw(events_for(day.add(days=1), "EUR"))
    payment = Payment(on=day.add(days=data.draw(st.integers(1, 400))), amount="10")
    changed = Claim.from_dict(
        {
            **claim.to_dict(),
            "events": [*(e.to_dict() for e in claim.events), later.to_dict()],
            "payments": [*(p.to_dict() for p in claim.payments), payment.to_dict()],
        }
    )
    before = next_action(claim, as_of=day, profile=segment)
    after = next_action(changed, as_of=day, profile=segment)
    assert _key(before) == _key(after)


@settings(max_examples=60, deadline=None)
@given(claim_and_day(), SEGMENTS)
def test_a_settled_claim_always_closes(
    pair: tuple[Claim, pendulum.Date], segment: Segment | None
) -> None:
    claim, day = pair
    balance = claim.outstanding(as_of=day)
    if balance.amount > 0:
        claim = Claim.from_dict(
            {
                **claim.to_dict(),
                "payments": [
                    *(p.to_dict() for p in claim.payments),
                    Payment(on=day, amount=balance).to_dict(),
                ],
            }
        )
    # Principal paid: the claim closes, unless late-payment accessories are still owed
    # (then they alone are chased); waiving them always closes (#13 point 3).
    decision = next_action(claim, as_of=day, profile=segment, with_amounts=False)
    if decision.action is not Action.CLOSE:
        assert decision.action in (Action.REMINDER, Action.WAIT, Action.FORMAL_NOTICE, Action.NONE)
        first = decision.reasons[0].code
        assert first in ("guard.accessories_owed", "guard.accessories_unknown")
        assert decision.step == ("accessories" if first == "guard.accessories_owed" else None)
    waive = attrs.evolve(EscalationPolicy.default(), waive_accessories=True)
    waived = next_action(claim, as_of=day, profile=segment, with_amounts=False, policy=waive)
    assert waived.action is Action.CLOSE


@settings(max_examples=25, deadline=None)
@given(claims(currency="EUR", max_events=3), SEGMENTS)
def test_never_back_down_the_ladder_without_plan_or_promise(
    claim: Claim, segment: Segment | None
) -> None:
    if any(isinstance(e, PaymentPlan | PaymentPromise) for e in claim.events):
        claim = Claim.from_dict(
            {
                **claim.to_dict(),
                "events": [
                    e.to_dict()
                    for e in claim.events
                    if not isinstance(e, PaymentPlan | PaymentPromise)
                ],
            }
        )
    policy = EscalationPolicy.default()
    ladder = [s.id for s in policy.ladder(segment)]
    start = claim.due_on.add(days=-5)
    timeline = simulate(
        claim,
        start=start,
        end=start.add(days=400),
        policy=policy,
        profile=segment,
        with_amounts=False,
    )
    levels = [ladder.index(d.step) for d in timeline if d.step in ladder]
    assert levels == sorted(levels)
    assert all(a.on < b.on for a, b in itertools.pairwise(timeline) if a.action is not Action.CLOSE)
