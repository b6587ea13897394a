"""The shape of next_action: the guard chain, its documented order, the jurisdiction's part,
the action table, the shared plan and promise rules, and the history index."""

from __future__ import annotations

import ast
import datetime as _dt
import inspect
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import recouvrement.decisions as decisions
from recouvrement.actions import ACTIONS, COST_KEYS, Action, for_route
from recouvrement.claims import Claim, Payment
from recouvrement.decisions import next_action, simulate
from recouvrement.decisions.engine import (
    CollectionRules,
    Facts,
    collection_rules,
    decide,
)
from recouvrement.decisions.guards import guard_chain
from recouvrement.events import (
    Cancellation,
    Instalment,
    LegalAction,
    LegalActionKind,
    PaymentPlan,
    PaymentPromise,
    Reminder,
)
from recouvrement.explain import Reason
from recouvrement.history import (
    ClaimHistory,
    PromiseState,
    plan_check,
    plan_ever_broken,
    promise_check,
)
from recouvrement.jurisdictions.fr import collection as fr_collection
from recouvrement.jurisdictions.fr import procedures as fr_procedures
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import COMMUNICATIONS, LADDER_ACTIONS, LEGAL_ACTIONS, EscalationPolicy
from recouvrement.sample import load_sample, sample_claim

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "recouvrement"
ACME = Creditor(id="ACME", name="Acme SAS", kind="professional")
MARTIN = Debtor(id="MARTIN", name="Martin SARL", kind="professional")


def _claim(**changes: Any) -> Claim:
    base: dict[str, Any] = {
        "id": "F-1",
        "creditor": ACME,
        "debtor": MARTIN,
        "nature": "commercial",
        "amount": "1000",
        "issued_on": "2025-01-01",
        "due_on": "2025-01-31",
    }
    base.update(changes)
    return Claim(**base)


def _day(iso: str) -> int:
    return _dt.date.fromisoformat(iso).toordinal()


# -- the chain and its documented order --------------------------------------------------------


def test_documented_order_is_the_chain() -> None:
    documented = re.findall(r"^\s*\d+\. `(\w+)`", decisions.__doc__ or "", re.M)
    chain = [g.__name__ for g in guard_chain(collection_rules("FR"))]
    assert documented == chain


def test_the_guide_lists_the_chain_in_order() -> None:
    guide = (ROOT / "docs" / "guides" / "next-action.md").read_text("utf-8")
    listed = re.findall(r"^\| \d+ \| `(\w+)`", guide, re.M)
    assert listed == [g.__name__ for g in guard_chain(collection_rules("FR"))]


def test_the_chain_starts_closed_and_ends_with_the_ladder() -> None:
    chain = guard_chain(collection_rules("FR"))
    assert chain[0] is decisions.guards.closed
    assert chain[-1] is decisions.ladder.ladder
    assert chain[-2] is fr_collection.legal_next_route
    assert len(set(chain)) == len(chain)


def _guard_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in (
        *sorted((SRC / "decisions").glob("*.py")),
        SRC / "jurisdictions" / "fr" / "collection.py",
    ):
        tree = ast.parse(path.read_text("utf-8"))
        found += [(path.name, node) for node in tree.body if isinstance(node, ast.FunctionDef)]
    return found


def test_every_guard_is_short_and_documented() -> None:
    names = {g.__name__ for g in guard_chain(collection_rules("FR"))}
    seen = set()
    for _, node in _guard_functions():
        if node.name in names:
            seen.add(node.name)
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno + 1 < 60, node.name
            assert ast.get_docstring(node), node.name
    assert seen == names


def test_no_function_in_the_engine_is_longer_than_100_lines() -> None:
    for path in [*(SRC / "decisions").glob("*.py"), SRC / "history.py", SRC / "actions.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno is not None
                assert node.end_lineno - node.lineno < 100, f"{path.name}:{node.name}"


_FRENCH = re.compile(
    r"C\. com\.|C\. civ\.|\bCPCE?\b|C\. consom\.|\bLPF\b|Cass\.|BODACC|commissaire"
)


def _code_strings(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_engine_holds_no_french_article() -> None:
    for path in (SRC / "decisions").glob("*.py"):
        for text in _code_strings(path):
            assert not _FRENCH.search(text), f"{path.name}: {text!r}"


def test_the_engine_does_not_import_french_law() -> None:
    for path in (SRC / "decisions").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "fr" not in (node.module or "").split("."), path.name


# -- the engine ---------------------------------------------------------------------------------


def test_decide_runs_the_guards_in_order_and_passes_new_facts() -> None:
    seen: list[str] = []
    note = decisions.Reason("test.note", "carried")

    def first(facts: Facts) -> Facts:
        seen.append("first")
        return facts.noted(note)

    def second(facts: Facts) -> None:
        seen.append("second")
        assert facts.notes == (note,)

    def last(facts: Facts) -> decisions.Decision:
        seen.append("last")
        return facts.decide(Action.NONE, [])

    facts = Facts.of(sample_claim(), as_of="2025-06-30")
    decision = decide(facts, (first, second, last))
    assert seen == ["first", "second", "last"]
    assert decision.reasons == (note,)
    assert facts.notes == ()  # the facts are immutable: the first guard made a copy


def test_decide_needs_a_deciding_guard() -> None:
    with pytest.raises(RuntimeError):
        decide(Facts.of(sample_claim(), as_of="2025-06-30"), ())


def test_amounts_and_prescription_are_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import recouvrement.decisions.engine as engine

    calls = {"amounts": 0, "prescription": 0}
    real_amounts = getattr(engine, "amounts_due")  # noqa: B009 - the engine's own binding
    real_default = getattr(engine, "_default_amounts_due")  # noqa: B009 - its fast path
    real_prescription = getattr(engine, "prescription_deadline")  # noqa: B009

    def amounts(*args: Any, **kwargs: Any) -> Any:
        calls["amounts"] += 1
        return real_amounts(*args, **kwargs)

    def default_amounts(*args: Any, **kwargs: Any) -> Any:
        calls["amounts"] += 1
        return real_default(*args, **kwargs)

    def prescription(*args: Any, **kwargs: Any) -> Any:
        calls["prescription"] += 1
        return real_prescription(*args, **kwargs)

    monkeypatch.setattr(engine, "amounts_due", amounts)
    monkeypatch.setattr(engine, "_default_amounts_due", default_amounts)
    monkeypatch.setattr(engine, "prescription_deadline", prescription)
    sample = load_sample()
    # costs on every route and step: the cost guard reads the amounts before the decision does
    policy = EscalationPolicy.default()
    costly = attrs.evolve(
        policy,
        route_costs=dict.fromkeys(COST_KEYS, "10"),
        steps=[attrs.evolve(step, cost=Decimal(5)) for step in policy.steps],
        tracks={},
    )
    computed = 0
    for claim in sample.claims:
        calls.update(amounts=0, prescription=0)
        next_action(claim, as_of=sample.as_of, policy=costly)
        assert calls["amounts"] <= 1, claim.id
        assert calls["prescription"] <= 1, claim.id
        computed += calls["amounts"]
    assert computed > 10  # not vacuous: many decisions needed the amounts


def test_a_jurisdiction_with_plain_guards_gets_generic_rules() -> None:
    def never(facts: Facts) -> None:
        return None

    rules = CollectionRules.of_guards("XX", (never,))
    assert list(rules) == [never]
    assert len(rules) == 1
    claim = sample_claim()
    facts = Facts.of(claim, as_of="2025-06-30")._replace(rules=rules)
    decision = decide(facts, guard_chain(rules))
    # the ladder reaches its legal step: with no legal route known, nothing is started
    assert decision.action is Action.NONE
    assert decision.reasons[-1].code == "route.none"
    assert all(r.citation is None for r in decision.reasons if r.code.startswith("ladder."))


def test_french_rules_are_the_jurisdictions_guards() -> None:
    rules = collection_rules("FR")
    assert rules is fr_collection.RULES
    assert list(rules) == [*rules.stay_guards, *rules.legal_guards]


# -- one rule, one place ----------------------------------------------------------------------


def test_holds_clock_is_one_definition() -> None:
    assert fr_collection.RULES.holds_clock is fr_procedures.holds_clock
    filed = LegalAction(kind="payment_order", filed_on="2025-03-01")
    served = attrs.evolve(filed, served_on="2025-04-01")
    small = LegalAction(kind="small_claims", filed_on="2025-03-01")
    agreed = attrs.evolve(small, debtor_agreed_on="2025-03-20")
    day = _day("2025-05-01")
    assert not fr_procedures.holds_clock(filed, day)
    assert fr_procedures.holds_clock(served, day)
    assert not fr_procedures.holds_clock(served, _day("2025-03-31"))
    assert not fr_procedures.holds_clock(small, day)
    assert fr_procedures.holds_clock(agreed, day)


def test_the_action_table_covers_every_action_and_derives_the_policy_sets() -> None:
    assert set(ACTIONS) == set(Action)
    assert {a for a, s in ACTIONS.items() if s.ladder} == LADDER_ACTIONS
    assert {a for a, s in ACTIONS.items() if s.legal} == LEGAL_ACTIONS
    assert {a for a, s in ACTIONS.items() if s.communication} == COMMUNICATIONS
    assert COST_KEYS == ("small_claims", "payment_order", "summons", "enforcement")
    for kind in LegalActionKind:
        assert ACTIONS[for_route(kind)].legal
    for action, spec in ACTIONS.items():
        assert spec.action is action
        assert spec.acting == (action not in (Action.NONE, Action.WAIT, Action.CLOSE))
        if spec.communication:
            assert spec.rank > 0
            assert spec.ladder


def test_simulated_events_are_the_tables() -> None:
    claim = _claim(amount="3000")
    timeline = simulate(claim, start="2025-01-15", end="2026-01-31", with_amounts=False)
    assert timeline
    for decision in timeline:
        spec = ACTIONS[decision.action]
        assert spec.acting


# -- plans and promises: the one definition, read by decisions and profiling ------------------


def _plan() -> PaymentPlan:
    return PaymentPlan(
        agreed_on="2025-02-15",
        instalments=[
            Instalment(due_on="2025-03-01", amount="300"),
            Instalment(due_on="2025-04-01", amount="300"),
            Instalment(due_on="2025-05-01", amount="400"),
        ],
    )


def test_plan_check_catches_up_and_plan_ever_broken_remembers() -> None:
    plan = _plan()
    late = [(_day("2025-03-01"), Decimal(300)), (_day("2025-04-20"), Decimal(300))]
    # broken on 2025-04-10 (second instalment 9 days late, 5 days of grace)
    assert plan_check(plan, late, _day("2025-04-10"), 5).broken_on == _day("2025-04-01")
    # on track again once the arrears are paid
    assert plan_check(plan, late, _day("2025-04-25"), 5).on_track
    # but it *was* broken: profiling counts it
    assert plan_ever_broken(plan, late, _day("2025-04-25"), 5) == _day("2025-04-07")
    on_time = [(_day("2025-03-01"), Decimal(300)), (_day("2025-04-03"), Decimal(300))]
    assert plan_ever_broken(plan, on_time, _day("2025-04-25"), 5) is None


def test_decisions_and_profiling_agree_on_a_broken_plan() -> None:
    from recouvrement.decisions import plan_status
    from recouvrement.profiling import profile_debtor

    claim = _claim(
        payments=[Payment(on="2025-03-01", amount="300")],
        events=[_plan()],
    )
    status = plan_status(claim, as_of="2025-04-10", tolerance_days=5)
    assert status is not None
    assert not status.on_track
    profile = profile_debtor([claim], as_of="2025-04-10", tolerance_days=5)
    assert profile.metrics.plans_broken == 1
    ok = attrs.evolve(claim, payments=(*claim.payments, Payment(on="2025-04-02", amount="300")))
    status = plan_status(ok, as_of="2025-04-10", tolerance_days=5)
    assert status is not None
    assert status.on_track
    assert profile_debtor([ok], as_of="2025-04-10", tolerance_days=5).metrics.plans_broken == 0


@given(
    paid_day=st.integers(0, 40),
    amount=st.integers(1, 800),
    promised=st.integers(1, 20),
    tolerance=st.integers(0, 5),
    looked=st.integers(0, 60),
)
def test_promise_states_partition_time(
    paid_day: int, amount: int, promised: int, tolerance: int, looked: int
) -> None:
    start = _day("2025-03-01")
    promise = PaymentPromise(
        on="2025-03-01",
        promised_for=pendulum.Date(2025, 3, 1).add(days=promised),
        amount="500",
    )
    payments = [(start + paid_day, Decimal(amount))]
    check = promise_check(promise, payments, start + looked, tolerance)
    kept = amount >= 500 and paid_day <= looked
    if kept:
        assert check.state is PromiseState.KEPT
    elif looked <= promised + tolerance:
        assert check.state is PromiseState.PENDING
    else:
        assert check.state is PromiseState.BROKEN


# -- the history index ------------------------------------------------------------------------


def test_history_is_cut_at_the_day_and_indexed_by_type() -> None:
    claim = _claim(
        payments=[Payment(on="2025-02-10", amount="100"), Payment(on="2025-02-05", amount="50")],
        events=[
            Reminder(on="2025-02-07", channel="email"),
            Reminder(on="2025-02-20", channel="email"),
            Cancellation(on="2025-03-01"),
        ],
    )
    history = ClaimHistory(claim, as_of="2025-02-15")
    assert history.payments == (
        (_day("2025-02-05"), Decimal(50)),
        (_day("2025-02-10"), Decimal(100)),
    )
    assert history.outstanding == Decimal(850)
    assert len(history.of(Reminder)) == 1
    assert not history.has(Cancellation)
    assert history.paid_between(_day("2025-02-06"), _day("2025-02-15")) == Decimal(100)
    assert history.first_day([Reminder, Cancellation]) == _day("2025-02-07")


def test_guards_read_only_their_arguments() -> None:
    # A guard is a function of the facts: no module state, no clock.
    for _, node in _guard_functions():
        source = ast.unparse(node)
        assert "global " not in source
        assert "today()" not in source
        assert "now()" not in source


def test_public_names_keep_working() -> None:
    for name in decisions.__all__:
        assert hasattr(decisions, name)
    assert inspect.isfunction(decisions.next_action)
    from recouvrement.policy import Action as PolicyAction

    assert PolicyAction is Action is decisions.Action


def test_two_plans_agreed_the_same_day_give_one_answer_in_any_order() -> None:
    """Found by the determinism property: the plan in force must not depend on the order
    the events were recorded in."""
    from recouvrement.events import Instalment, PaymentPlan
    from recouvrement.history import latest_plan

    one = PaymentPlan(
        agreed_on="2015-01-01", instalments=[Instalment(due_on="2015-01-31", amount="1.00")]
    )
    two = PaymentPlan(
        agreed_on="2015-01-01",
        instalments=[
            Instalment(due_on="2015-01-31", amount="1.00"),
            Instalment(due_on="2015-03-02", amount="1.00"),
        ],
    )
    assert latest_plan([one, two]) is latest_plan([two, one])
    later = PaymentPlan(
        agreed_on="2015-01-02", instalments=[Instalment(due_on="2015-02-28", amount="2.00")]
    )
    assert latest_plan([later, one, two]) is later


def test_no_accessories_shortcut_gives_the_decision_computed_with_the_amounts() -> None:
    # The FR rules close a claim paid late without computing its amounts due when no
    # accessory can be owed (fr.interest.no_accessories): the decision is the very one the
    # computation through amounts_due gives (every field, every reason and fact).
    from recouvrement.jurisdictions.fr.interest import no_accessories
    from recouvrement.sample import generate_claims

    rules = collection_rules("FR")
    assert rules.no_accessories is no_accessories
    plain = attrs.evolve(rules, no_accessories=None)
    shortcut = 0
    for seed, as_of in ((3, "2026-03-31"), (5, "2025-06-30"), (8, "2027-02-01")):
        for claim in generate_claims(1500, seed=seed, as_of=as_of):
            if claim.issued_on.isoformat() > as_of or not no_accessories(claim):
                continue
            fast = decide(Facts.of(claim, as_of=as_of), guard_chain(rules))
            slow = decide(Facts.of(claim, as_of=as_of)._replace(rules=plain), guard_chain(plain))
            assert repr(fast) == repr(slow)
            assert [r.facts for r in fast.reasons] == [r.facts for r in slow.reasons]
            shortcut += fast.reasons[0].code == "guard.settled" and claim.due_on < fast.as_of
    assert shortcut > 50  # the shortcut was taken (claims paid late under the legal rate)
    guard_chain(rules)  # the chain of the registered rules back in the cache


def test_history_outstanding_and_settled_day_agree_with_the_claim() -> None:
    # ClaimHistory reads the balance and the day it reached zero from its own index: the
    # same figures as Claim.outstanding and Claim.settled_on (credit notes included).
    from recouvrement.sample import generate_claims

    settled = 0
    for seed, as_of in ((2, "2026-03-31"), (9, "2025-03-01")):
        for claim in generate_claims(800, seed=seed, as_of=as_of):
            if claim.issued_on.isoformat() > as_of:
                continue
            history = ClaimHistory(claim, as_of=as_of)
            assert history.outstanding == claim.outstanding(as_of=as_of).amount
            day = history.settled_day()
            if history.outstanding <= 0:
                found = claim.settled_on()
                assert found is not None
                assert day == found.toordinal()
                settled += 1
            else:
                assert day is None
    assert settled > 100


# -- shared values on the hot path ---------------------------------------------------------------


@given(
    changes=st.dictionaries(
        st.sampled_from(["force_now", "disputed_rejected", "amount", "with_amounts"]),
        st.integers(min_value=0, max_value=10),
    ),
    notes=st.integers(min_value=0, max_value=3),
)
def test_noted_is_replace_with_the_notes_added(changes: dict[str, Any], notes: int) -> None:
    facts = Facts.of(sample_claim(), as_of="2025-06-30")
    reasons = tuple(Reason(f"note.{i}", f"Note {i}") for i in range(notes))
    expected = facts._replace(notes=facts.notes + reasons, **changes)
    found = facts.noted(*reasons, **changes)
    assert found == expected
    assert type(found) is Facts


def test_noted_refuses_an_unknown_field() -> None:
    facts = Facts.of(sample_claim(), as_of="2025-06-30")
    with pytest.raises(ValueError, match="unexpected field names"):
        facts.noted(bogus=1)


def test_settled_claims_share_one_reason_per_balance_text() -> None:
    paid = [Payment(on="2025-01-20", amount=amount) for amount in ("1000", "1000.00")]
    first, second, other = (
        next_action(_claim(id=f"F-{i}", payments=(p,)), as_of="2025-03-01")
        for i, p in enumerate((paid[0], paid[0], paid[1]))
    )
    assert first.action is Action.CLOSE
    assert first.reasons[0] is second.reasons[0]
    # 0 and 0.00 are equal but read differently: each keeps its own text
    assert first.reasons[0].message.endswith("(0 EUR)")
    assert other.reasons[0].message.endswith("(0.00 EUR)")
    assert str(other.reasons[0].facts["outstanding"]) == "0.00"
