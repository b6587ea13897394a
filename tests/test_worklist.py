"""The collectors' worklist (recouvrement.worklists): one case per urgency, ranking, assignment."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement import (
    AgencyHandover,
    Claim,
    Creditor,
    Debtor,
    InsolvencyProceeding,
    Instalment,
    Judgment,
    LegalAction,
    Payment,
    PaymentPlan,
    PaymentPromise,
    Reminder,
)
from recouvrement.decisions import debtor_actions
from recouvrement.errors import InvalidType, InvalidValue
from recouvrement.policy import Action
from recouvrement.sample import load_sample
from recouvrement.worklists import DEFAULT_WEIGHTS, Worklist, worklist

CREDITOR = Creditor(id="C", name="Acme", kind="professional")


def claim(
    cid: str,
    issued: str,
    due: str,
    *,
    events: tuple[Any, ...] = (),
    payments: tuple[Payment, ...] = (),
    amount: str = "1000",
    debtor: str | None = None,
) -> Claim:
    return Claim(
        id=cid,
        creditor=CREDITOR,
        debtor=Debtor(id=debtor or f"D-{cid}", name=f"Debtor {cid}", kind="professional"),
        nature="commercial",
        amount=amount,
        issued_on=issued,
        due_on=due,
        events=events,
        payments=payments,
    )


def only(result: Worklist) -> Any:
    assert len(result) == 1
    return result.items[0]


# -- one case per urgency -------------------------------------------------------------------------


def test_prescription_close() -> None:
    # Commercial claim between traders: 5 years from the due date (C. com. L110-4).
    c = claim(
        "P",
        "2020-05-01",
        "2020-06-01",
        events=(Reminder(on="2020-07-01", channel="email", step="courteous"),),
    )
    item = only(worklist([c], as_of="2025-05-28", model=None))
    assert item.action is Action.INTERRUPT_PRESCRIPTION
    assert item.part("prescription") == DEFAULT_WEIGHTS["deadline_7"]
    assert [(u.kind, u.days_left) for u in item.urgencies] == [("prescription", 4)]
    assert "L110-4" in str(item.urgencies[0].citation)


def test_prescription_tiers_by_days_left() -> None:
    c = claim(
        "P",
        "2020-05-01",
        "2020-06-01",
        events=(Reminder(on="2020-07-01", channel="email", step="courteous"),),
    )
    assert only(worklist([c], as_of="2025-05-11", model=None)).part("prescription") == 60
    assert only(worklist([c], as_of="2025-03-15", model=None)).part("prescription") == 30


def test_claim_declaration_deadline() -> None:
    # Receivership published 10 May 2025: 2 months to declare (C. com. R622-24).
    proceeding = InsolvencyProceeding(
        kind="receivership", opened_on="2025-05-01", published_on="2025-05-10"
    )
    c = claim("I", "2025-03-01", "2025-03-31", events=(proceeding,))
    item = only(worklist([c], as_of="2025-06-30", model=None))
    assert item.action is Action.DECLARE_CLAIM
    assert item.part("claim_declaration") == DEFAULT_WEIGHTS["deadline_30"]
    assert item.urgencies[0].date == pendulum.Date(2025, 7, 10)


def test_payment_order_to_serve() -> None:
    # Order made on 20 January 2025: to serve within 6 months (CPC 1411).
    order = LegalAction(kind="payment_order", filed_on="2025-01-10", ordered_on="2025-01-20")
    c = claim("O", "2024-06-01", "2024-07-01", events=(order,))
    item = only(worklist([c], as_of="2025-07-10", model=None))
    assert item.part("payment_order_service") == DEFAULT_WEIGHTS["deadline_30"]
    assert item.urgencies[0].date == pendulum.Date(2025, 7, 20)
    assert "served by 2025-07-20" in item.task


def test_payment_order_to_serve_names_its_service_limit_whatever_the_decision() -> None:
    # The claim is with an agency: its decision waits, with the prescription as deadline.
    # The order's service limit is still 6 months from the order (CPC 1411), not that.
    order = LegalAction(kind="payment_order", filed_on="2026-01-05", ordered_on="2026-01-20")
    handed = claim(
        "A",
        "2024-01-10",
        "2024-02-09",
        events=(order, AgencyHandover(on="2026-03-01", agency="X")),
        debtor="D1",
    )
    promised = claim(
        "B",
        "2026-01-05",
        "2026-02-04",
        events=(PaymentPromise(on="2026-03-10", promised_for="2026-03-26"),),
        amount="300",
        debtor="D1",
    )
    item = only(worklist([handed, promised], as_of="2026-03-31", model=None))
    (service,) = [u for u in item.urgencies if u.kind == "payment_order_service"]
    assert service.date == pendulum.Date(2026, 7, 20)
    assert service.days_left == 111
    assert "served by 2026-07-20" in service.message


def test_an_amount_not_yet_due_is_not_called_overdue() -> None:
    # On the list for the claim declaration; the invoice itself falls due next month.
    proceeding = InsolvencyProceeding(
        kind="receivership", opened_on="2026-03-10", published_on="2026-03-15"
    )
    c = claim("N", "2026-03-01", "2026-04-30", events=(proceeding,), amount="2000")
    item = only(worklist([c], as_of="2026-03-31", model=None))
    (amount,) = [p for p in item.parts if p.name == "amount"]
    assert amount.detail == "2000 EUR at stake (open balance, not yet due)"
    overdue = only(worklist([c], as_of="2026-05-05", model=None))
    (amount,) = [p for p in overdue.parts if p.name == "amount"]
    assert amount.detail == "2000 EUR at stake (overdue balance)"


def test_judgment_by_default_to_serve() -> None:
    # A judgment by default not served within 6 months is void (CPC 478).
    summons = LegalAction(
        kind="summons", filed_on="2024-10-01", served_on="2024-10-05", ended_on="2025-01-15"
    )
    c = claim(
        "J",
        "2024-06-01",
        "2024-07-01",
        events=(summons, Judgment(on="2025-01-15", by_default=True)),
    )
    item = only(worklist([c], as_of="2025-07-10", model=None))
    assert item.part("judgment_service") == DEFAULT_WEIGHTS["deadline_7"]
    assert "serve_judgment" in item.task


def test_promise_due_today_brings_a_waiting_account_up() -> None:
    promise = PaymentPromise(on="2025-06-20", promised_for="2025-06-30")
    c = claim("R", "2025-04-01", "2025-05-01", events=(promise,))
    item = only(worklist([c], as_of="2025-06-30", model=None))
    assert item.action is Action.WAIT
    assert item.part("promise_due") == DEFAULT_WEIGHTS["promise_due"]
    assert "promised for today" in item.task
    # Paid on the day: nothing to check any more.
    paid = claim(
        "R",
        "2025-04-01",
        "2025-05-01",
        events=(promise,),
        payments=(Payment(on="2025-06-30", amount="1000"),),
    )
    assert all(i.part("promise_due") == 0 for i in worklist([paid], as_of="2025-06-30", model=None))


def test_broken_promise() -> None:
    promise = PaymentPromise(on="2025-06-10", promised_for="2025-06-25")
    c = claim("B", "2025-04-01", "2025-05-01", events=(promise,))
    item = only(worklist([c], as_of="2025-06-30", model=None))
    assert item.part("broken_promise") == DEFAULT_WEIGHTS["broken_promise"]
    assert item.urgencies[0].days_left == -5


def test_broken_plan_instalment() -> None:
    plan = PaymentPlan(
        agreed_on="2025-02-15",
        instalments=(
            Instalment(due_on="2025-03-01", amount="300"),
            Instalment(due_on="2025-04-01", amount="300"),
            Instalment(due_on="2025-05-01", amount="400"),
        ),
    )
    c = claim(
        "L",
        "2025-01-01",
        "2025-01-31",
        events=(plan,),
        payments=(Payment(on="2025-03-01", amount="300"),),
    )
    item = only(worklist([c], as_of="2025-04-10", model=None))
    assert item.part("broken_plan") == DEFAULT_WEIGHTS["broken_plan"]
    assert item.urgencies[0].date == pendulum.Date(2025, 4, 1)


def test_nothing_to_do_is_left_out() -> None:
    assert len(worklist([claim("N", "2025-06-01", "2025-07-01")], as_of="2025-06-10")) == 0


# -- priority -------------------------------------------------------------------------------------


def test_priority_is_the_sum_of_its_parts_and_orders_the_list() -> None:
    sample = load_sample()
    result = worklist(sample.claims, as_of=sample.as_of)
    assert len(result) > 5
    for item in result:
        assert item.priority == sum((p.points for p in item.parts), Decimal(0))
        assert item.reasons
    keys = [(-i.priority, -sum(m.amount for m in i.at_stake), i.debtor_id) for i in result]
    assert keys == sorted(keys)
    assert [i.rank for i in result] == list(range(1, len(result) + 1))
    assert any(i.part("chance_unpaid") > 0 for i in result)


def test_a_larger_amount_ranks_first_other_things_equal() -> None:
    small = claim("S", "2025-04-01", "2025-05-01", amount="100")
    large = claim("L", "2025-04-01", "2025-05-01", amount="100000")
    result = worklist([small, large], as_of="2025-05-10", model=None)
    assert [i.debtor_id for i in result] == ["D-L", "D-S"]
    assert result.items[0].part("amount") == Decimal("50.00")  # 10 x log10(100001)


def test_an_urgent_deadline_outranks_a_large_amount() -> None:
    large = claim("L", "2025-04-01", "2025-05-01", amount="1000000")
    old = claim(
        "P",
        "2020-05-01",
        "2020-06-01",
        amount="100",
        events=(Reminder(on="2020-07-01", channel="email", step="courteous"),),
    )
    result = worklist([large, old], as_of="2025-05-28", model=None)
    assert result.items[0].debtor_id == "D-P"


def test_claims_of_one_debtor_make_one_account() -> None:
    a = claim("A1", "2025-04-01", "2025-05-01", debtor="D")
    b = claim("A2", "2025-04-05", "2025-05-05", debtor="D")
    item = only(worklist([a, b], as_of="2025-05-20", model=None))
    assert set(item.claim_ids) == {"A1", "A2"}
    assert item.at_stake[0].amount == Decimal("2000")


def test_weights_can_be_changed() -> None:
    promise = PaymentPromise(on="2025-06-20", promised_for="2025-06-30")
    c = claim("R", "2025-04-01", "2025-05-01", events=(promise,))
    item = only(worklist([c], as_of="2025-06-30", model=None, weights={"promise_due": 5}))
    assert item.part("promise_due") == 5
    with pytest.raises(InvalidValue):
        worklist([c], as_of="2025-06-30", weights={"charm": 3})
    with pytest.raises(InvalidType):
        worklist([c], as_of="2025-06-30", weights={"amount": 1.5})


@settings(max_examples=20)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_order_does_not_depend_on_input_order(seed: int) -> None:
    sample = load_sample()
    shuffled = list(sample.claims)
    random.Random(seed).shuffle(shuffled)
    a = worklist(sample.claims, as_of=sample.as_of, model=None, capacity=4)
    b = worklist(shuffled, as_of=sample.as_of, model=None, capacity=4)
    assert [(i.debtor_id, i.priority, i.deferred) for i in a] == [
        (i.debtor_id, i.priority, i.deferred) for i in b
    ]


# -- assignment -----------------------------------------------------------------------------------


def _three() -> list[Claim]:
    return [
        claim(x, "2025-04-01", "2025-05-01", amount=a)
        for x, a in (("A", "900"), ("B", "500"), ("C", "100"))
    ]


def test_owners_and_capacity_per_collector() -> None:
    result = worklist(
        _three(),
        as_of="2025-05-10",
        model=None,
        capacity={"Ana": 1, "Bruno": 1},
        owners={"D-A": "Ana", "D-B": "Ana"},
    )
    got = [(i.debtor_id, i.assigned_to, i.deferred) for i in result]
    assert got == [("D-A", "Ana", False), ("D-B", "Ana", True), ("D-C", "Bruno", False)]
    assert [i.debtor_id for i in result.for_collector("Ana")] == ["D-A", "D-B"]


def test_team_capacity_defers_the_rest() -> None:
    result = worklist(_three(), as_of="2025-05-10", model=None, capacity=2)
    assert [i.deferred for i in result] == [False, False, True]
    assert all(i.assigned_to is None for i in result)


def test_owners_without_capacity() -> None:
    result = worklist(_three(), as_of="2025-05-10", model=None, owners={"D-C": "Chloé"})
    assert [i.assigned_to for i in result] == [None, None, "Chloé"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"capacity": -1}, InvalidValue),
        ({"capacity": "3"}, InvalidType),
        ({"capacity": {"Ana": -1}}, InvalidValue),
        ({"capacity": {"Ana": 1}, "owners": {"D-A": "Zoé"}}, InvalidValue),
        ({"owners": ["Ana"]}, InvalidType),
        ({"window": -1}, InvalidValue),
        ({"model": "yes"}, InvalidType),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        worklist(_three(), as_of="2025-05-10", **options)


def test_bad_claims_are_refused() -> None:
    with pytest.raises(InvalidType):
        worklist("claims", as_of="2025-05-10")  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        worklist([1], as_of="2025-05-10")  # type: ignore[list-item]


# -- output ---------------------------------------------------------------------------------------


def test_rows_dict_and_escaped_html() -> None:
    hostile = Claim(
        id="X",
        creditor=CREDITOR,
        debtor=Debtor(id="<img>", name="<script>alert(1)</script>", kind="professional"),
        nature="commercial",
        amount="500",
        issued_on="2025-04-01",
        due_on="2025-05-01",
    )
    result = worklist([hostile, *_three()], as_of="2025-05-10", model=None)
    json.dumps(result.to_dict())
    rows = result.rows()
    assert rows[0]["rank"] == 1
    assert "amount" in rows[0]
    html = result._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_profiles_and_a_given_model() -> None:
    from recouvrement.forecast import fit_payment_model

    sample = load_sample()
    model = fit_payment_model(sample.claims, as_of=sample.as_of, calibrate=False)
    result = worklist(sample.claims, as_of=sample.as_of, profiles="auto", model=model)
    assert result.reasons[0].code == "worklist.model"
    with_chance = [i for i in result if i.chance_paid is not None]
    assert with_chance
    for item in with_chance:
        chance = item.chance_paid
        assert chance is not None
        assert 0.0 <= chance <= 1.0
        expected = DEFAULT_WEIGHTS["chance_unpaid"] * Decimal(f"{1 - chance:.6f}")
        assert abs(item.part("chance_unpaid") - expected) <= Decimal("0.005")


def test_without_model_there_is_no_chance_part() -> None:
    result = worklist(_three(), as_of="2025-05-10", model=None)
    assert all(i.chance_paid is None and i.part("chance_unpaid") == 0 for i in result)
    # Nothing settled yet: "auto" cannot fit and says so.
    auto = worklist(_three(), as_of="2025-05-10")
    assert auto.reasons[0].code == "worklist.no_model"


@settings(max_examples=30)
@given(
    ana=st.integers(min_value=0, max_value=6),
    bruno=st.integers(min_value=0, max_value=6),
    owned=st.dictionaries(
        st.sampled_from([f"D{n:04d}" for n in range(40)]), st.sampled_from(["Ana", "Bruno"])
    ),
)
def test_assignment_respects_capacity_and_owners(
    ana: int, bruno: int, owned: dict[str, str]
) -> None:
    sample = load_sample()
    capacity = {"Ana": ana, "Bruno": bruno}
    result = worklist(
        sample.claims, as_of=sample.as_of, model=None, capacity=capacity, owners=owned
    )
    for name, room in capacity.items():
        assert len([i for i in result.for_collector(name) if not i.deferred]) <= room
    for item in result:
        if item.debtor_id in owned:
            assert item.assigned_to == owned[item.debtor_id]
        if item.deferred and item.debtor_id not in owned:
            # deferred only once every collector was full at its turn
            earlier = [i for i in result if i.rank < item.rank and not i.deferred]
            assert len(earlier) >= min(ana, bruno)
    assert sum(not i.deferred for i in result) <= ana + bruno


def test_the_worklist_reads_a_promise_as_the_decisions_do() -> None:
    """One rule of a kept promise (`history.promise_check`): a payment on the day of the
    promise counts, and a promise of the whole balance is not kept by a part payment."""
    import attrs as _attrs

    from recouvrement.claims import Payment as _Payment
    from recouvrement.events import PaymentPromise as _Promise
    from recouvrement.sample import sample_claim as _sample
    from recouvrement.worklists import _commitments

    base = _attrs.evolve(_sample(), events=())
    kept = _attrs.evolve(
        base,
        payments=(_Payment(on="2025-04-10", amount="500"),),
        events=(_Promise(on="2025-04-10", promised_for="2025-04-15", amount="500"),),
    )
    day = pendulum.Date(2025, 4, 25)
    assert [u.kind for u in _commitments(kept, day)] == []
    whole = _attrs.evolve(
        base,
        payments=(_Payment(on="2025-04-12", amount="10"),),
        events=(_Promise(on="2025-04-10", promised_for="2025-04-15"),),
    )
    assert [u.kind for u in _commitments(whole, day)] == ["broken_promise"]


def test_a_missing_rate_is_said_and_user_tables_remove_it() -> None:
    # On 2026-12-31 the packaged ECB table has no rate for the half-year: the decisions
    # lack their accessories, and the worklist says so (the CLI exits 3 on it).
    from recouvrement.rates import RateTable

    claims = load_sample().claims
    bare = worklist(claims, as_of="2026-12-31", model=None)
    (why,) = [r for r in bare.reasons if r.code == "worklist.rates_missing"]
    assert why.facts["first"].endswith(("table ecb_mro", "table fr_legal_interest"))
    assert "not published" in why.message
    tables = [
        RateTable.ecb().with_row("2026-06-10", "1.90", published_to="2027-06-30"),
        RateTable.legal_interest().with_half_year(2026, 2, individual="6.5", other="2.5"),
    ]
    full = worklist(claims, as_of="2026-12-31", model=None, rates=tables)
    assert not [r for r in full.reasons if r.code == "worklist.rates_missing"]
    assert len(full) >= len(bare)


def test_a_formal_notice_task_names_the_cure_period_not_a_sending_deadline() -> None:
    # The notice's deadline is the last day the debtor has to pay, not a day to send it by.
    c = claim(
        "F",
        "2025-01-15",
        "2025-02-14",
        events=(
            Reminder(on="2025-02-21", channel="email", step="courteous"),
            Reminder(on="2025-03-07", channel="phone", step="firm"),
            Reminder(on="2025-03-20", channel="letter", step="written"),
        ),
        amount="1500",
    )
    item = only(worklist([c], as_of="2025-03-30", model=None))
    assert item.action is Action.FORMAL_NOTICE
    assert "by 2025-04-07" not in item.task
    # the claims' own decisions (the path a task takes when no debtor action leads)
    from recouvrement.worklists import _lead

    group = attrs.evolve(debtor_actions([c], as_of="2025-03-30")[0], action=Action.NONE)
    _, _, task, _ = _lead(group, [c], pendulum.Date(2025, 3, 30))
    assert task.endswith("for F (its cure period to 2025-04-07)"), task
