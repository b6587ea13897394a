"""The payment model and the cash forecast (recouvrement.forecast)."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement import Claim, Creditor, Debtor, Dispute, Money, Payment
from recouvrement.errors import InsufficientHistory, InvalidType, InvalidValue
from recouvrement.forecast import (
    PaymentModel,
    _kaplan_meier,
    cash_forecast,
    fit_payment_model,
)
from recouvrement.sample import generate_claims

CREDITOR = Creditor(id="C", name="Acme", kind="professional")
AS_OF = pendulum.Date(2025, 6, 30)


def ledger(seed: int = 7, debtors: int = 12, currency: str = "EUR") -> list[Claim]:
    """Two years of invoices: each debtor pays about ``mu`` days late, disputes add 15 days."""
    rng = random.Random(seed)
    claims: list[Claim] = []
    start = pendulum.Date(2023, 7, 1)
    for d in range(debtors):
        debtor = Debtor(id=f"D{d:02d}", name=f"Debtor {d}", kind="professional")
        mu = rng.choice([-3, 0, 5, 12, 25])
        day = start.add(days=rng.randint(0, 20))
        n = 0
        while day <= AS_OF.add(days=60):
            disputed = rng.random() < 0.2
            due = day.add(days=30)
            late = max(-20, round(rng.gauss(mu + (15 if disputed else 0), 4)))
            settled = due.add(days=late)
            if settled < day:
                settled = day
            amount = Money(str(rng.randint(50, 5000)), currency)
            claims.append(
                Claim(
                    id=f"{currency}-{d:02d}-{n:03d}",
                    creditor=CREDITOR,
                    debtor=debtor,
                    nature="commercial",
                    amount=amount,
                    issued_on=day,
                    due_on=due,
                    payments=[Payment(on=settled, amount=amount)],
                    events=[Dispute(opened_on=day, closed_on=settled)] if disputed else [],
                )
            )
            n += 1
            day = day.add(days=rng.randint(7, 20))
    return claims


def as_known(claims: list[Claim], day: pendulum.Date) -> list[Claim]:
    """The ledger as an ERP would export it on ``day``: later payments and invoices unknown."""
    known = []
    for c in claims:
        if c.issued_on > day:
            continue
        payments = [p for p in c.payments if p.on <= day]
        events = [
            attrs.evolve(e, closed_on=None)
            if isinstance(e, Dispute) and e.closed_on is not None and e.closed_on > day
            else e
            for e in c.events
        ]
        known.append(attrs.evolve(c, payments=payments, events=events))
    return known


# -- Kaplan-Meier ---------------------------------------------------------------------------------


def test_kaplan_meier_textbook_example() -> None:
    # Times 1, 2+ (censored), 3, 4: S(1) = 3/4, S(3) = 3/4 x 1/2, S(4) = 0.
    curve = _kaplan_meier([(1, True), (2, False), (3, True), (4, True)])
    assert curve.survival(0) == 1.0
    assert curve.survival(1) == pytest.approx(0.75)
    assert curve.survival(2.5) == pytest.approx(0.75)
    assert curve.survival(3) == pytest.approx(0.375)
    assert curve.survival(4) == 0.0
    assert (curve.events, curve.censored) == (3, 1)


def test_kaplan_meier_without_censoring_is_the_empirical_distribution() -> None:
    curve = _kaplan_meier([(t, True) for t in (5, 1, 3, 3)])
    assert [curve.survival(t) for t in (1, 3, 5)] == pytest.approx([0.75, 0.25, 0.0])


def test_kaplan_meier_keeps_a_censored_tail() -> None:
    curve = _kaplan_meier([(1, True), (9, False)])
    assert curve.survival(9) == pytest.approx(0.5)


# -- nothing after as_of --------------------------------------------------------------------------


def test_future_payments_and_invoices_change_nothing() -> None:
    full = ledger()
    exported = as_known(full, AS_OF)
    a = fit_payment_model(full, as_of=AS_OF)
    b = fit_payment_model(exported, as_of=AS_OF)
    assert a.coefficients == b.coefficients
    assert a.interval_scale == b.interval_scale
    assert [p.to_dict() for p in a.predictions()] == [p.to_dict() for p in b.predictions()]
    assert cash_forecast(a).to_dict() == cash_forecast(b).to_dict()


@given(
    shift=st.integers(min_value=1, max_value=400),
    picks=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8),
)
def test_moving_future_payments_changes_no_prediction(shift: int, picks: list[int]) -> None:
    full = ledger(seed=3, debtors=6)
    base = fit_payment_model(full, as_of=AS_OF, calibrate=False)
    changed = list(full)
    paid_later = [i for i, c in enumerate(full) if any(p.on > AS_OF for p in c.payments)]
    for pick in picks:  # a payment after as_of moves further away
        i = paid_later[pick % len(paid_later)]
        c = changed[i]
        moved = [
            attrs.evolve(p, on=p.on.add(days=shift)) if p.on > AS_OF else p for p in c.payments
        ]
        changed[i] = attrs.evolve(c, payments=moved)
    assert changed != full
    other = fit_payment_model(changed, as_of=AS_OF, calibrate=False)
    assert [p.to_dict() for p in base.predictions()] == [p.to_dict() for p in other.predictions()]


# -- predictions ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> PaymentModel:
    return fit_payment_model(ledger(), as_of=AS_OF)


def test_open_invoices_are_predicted_after_as_of(model: PaymentModel) -> None:
    predictions = model.predictions()
    assert predictions
    for p in predictions:
        assert AS_OF < p.low <= p.median <= p.high
        assert p.probability_paid_by(AS_OF) == 0.0
        assert p.probability_paid_by(p.high) >= 0.9 - 1e-9
        assert p.probability_paid_by(p.median) >= 0.5 - 1e-9
        values = [f for _, f in p.cdf]
        assert values == sorted(values)
        assert values[-1] == pytest.approx(1.0)


def test_dispute_effect_is_learnt_within_debtors(model: PaymentModel) -> None:
    effects = dict(zip(model.feature_names, model.coefficients, strict=True))
    assert 10 < effects["disputed"] < 20  # the ledger adds 15 days
    assert abs(effects["log_amount"]) < 3  # amount has no effect in this ledger


def test_a_late_payer_is_predicted_later_than_a_punctual_one(model: PaymentModel) -> None:
    fresh = {
        p.debtor_id: p
        for p in model.predictions()
        if p.due_on > AS_OF and not any(r.code == "forecast.features" for r in p.reasons)
    }
    lateness = sorted(fresh.values(), key=lambda p: p.days_late)
    assert lateness[-1].days_late - lateness[0].days_late > 15


def test_a_new_debtor_leans_on_its_segment(model: PaymentModel) -> None:
    newcomer = Claim(
        id="NEW-1",
        creditor=CREDITOR,
        debtor=Debtor(id="NEW", name="Nouveau SAS", kind="professional"),
        nature="commercial",
        amount="1000",
        issued_on=AS_OF.add(days=2),
        due_on=AS_OF.add(days=32),
    )
    p = model.predict(newcomer)
    assert p.debtor_invoices == 0
    assert p.debtor_weight == 0.0
    assert p.segment == "professional"
    assert any("Leaned 100%" in r.message for r in p.reasons)
    veteran = model.predictions()[0]
    n = veteran.debtor_invoices
    assert veteran.debtor_weight == pytest.approx(n / (n + 4.0))


def test_segments_are_taken_from_a_mapping() -> None:
    claims = ledger(seed=11, debtors=6)
    segments = {f"D{d:02d}": ("north" if d % 2 else "south") for d in range(6)}
    fitted = fit_payment_model(claims, as_of=AS_OF, segments=segments, calibrate=False)
    assert {p.segment for p in fitted.predictions()} == {"north", "south"}


def test_channels_become_features() -> None:
    claims = ledger(seed=5, debtors=6)
    channels = {c.id: ("paper" if i % 3 else "electronic") for i, c in enumerate(claims)}
    fitted = fit_payment_model(claims, as_of=AS_OF, channels=channels, calibrate=False)
    assert fitted.feature_names == ("disputed", "log_amount", "channel=paper")


def test_interval_is_calibrated_on_the_history(model: PaymentModel) -> None:
    calibration = next(r for r in model.reasons if r.code == "forecast.calibrated")
    assert 0.7 <= calibration.facts["coverage"] <= 0.9
    assert calibration.facts["outcomes"] >= 30


def test_calibration_names_its_outcomes_as_they_are() -> None:
    # Of the 72 outcomes of this fold, 2 are invoices still open past their interval
    # (counted as misses): they are not settlements.
    claims = generate_claims(800, seed=2, as_of="2025-12-31")
    fitted = fit_payment_model(claims, as_of="2025-12-31")
    calibration = next(r for r in fitted.reasons if r.code == "forecast.calibrated")
    assert (calibration.facts["outcomes"], calibration.facts["settled"]) == (72, 70)
    assert "of 72 outcomes known by 2025-12-31 (70 settled, 2 still open past their " in (
        calibration.message
    )
    assert "72 settlements" not in calibration.message


def test_calibrated_interval_covers_about_80_percent_out_of_sample() -> None:
    full = ledger(seed=21, debtors=20)
    cutoff = pendulum.Date(2025, 3, 31)
    fitted = fit_payment_model(full, as_of=cutoff)
    hits = total = 0
    for c in full:
        if (c.issued_on <= cutoff and not c.is_settled(as_of=cutoff)) or (
            cutoff < c.issued_on <= cutoff.add(days=60)
        ):
            p = fitted.predict(c)
            settled = c.settled_on()
            assert settled is not None
            total += 1
            hits += p.low <= settled <= p.high
    assert total > 80
    assert 0.7 <= hits / total <= 0.9


def test_predicting_a_settled_claim_is_refused(model: PaymentModel) -> None:
    settled = next(c for c in ledger() if c.is_settled(as_of=AS_OF.subtract(days=200)))
    with pytest.raises(InvalidValue):
        model.predict(settled)
    with pytest.raises(InvalidType):
        model.predict("F-1")  # type: ignore[arg-type]


def test_no_settled_invoice_is_insufficient_history() -> None:
    early = ledger()[0].issued_on
    with pytest.raises(InsufficientHistory):
        fit_payment_model(ledger(), as_of=early)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"level": 1.2}, InvalidValue),
        ({"level": "0.8"}, InvalidType),
        ({"debtor_weight": 0}, InvalidValue),
        ({"segment_weight": True}, InvalidType),
        ({"channels": ["paper"]}, InvalidType),
        ({"segments": "north"}, InvalidType),
        ({"calibrate": "yes"}, InvalidType),
        ({"calibration_days": 1}, InvalidValue),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        fit_payment_model(ledger(debtors=2), as_of=AS_OF, **options)  # type: ignore[arg-type]


def test_bad_claims_are_refused() -> None:
    with pytest.raises(InvalidType):
        fit_payment_model("claims", as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidType):
        fit_payment_model([object()], as_of=AS_OF)  # type: ignore[list-item]


# -- cash forecast --------------------------------------------------------------------------------


def test_weekly_forecast_adds_up_to_the_open_balance(model: PaymentModel) -> None:
    cf = cash_forecast(model, horizon=13)
    assert len(cf.periods) == 13
    assert cf.periods[0].start == AS_OF.add(days=1)
    assert all(p.end.weekday() == 6 for p in cf.periods)  # ISO weeks end on Sunday
    open_total = sum((p.outstanding.amount for p in model.predictions()), Decimal(0))
    forecast = sum((p.expected.amount for p in cf.periods), Decimal(0)) + cf.later[0].amount
    assert abs(forecast - open_total) <= Decimal("0.01") * 14
    for p in cf.periods:
        assert Money(0) <= p.low <= p.expected <= p.high
        assert p.expected.is_rounded


def test_monthly_forecast_follows_calendar_months(model: PaymentModel) -> None:
    cf = cash_forecast(model, horizon=3, freq="month")
    assert [(str(p.start), str(p.end)) for p in cf.periods] == [
        ("2025-07-01", "2025-07-31"),
        ("2025-08-01", "2025-08-31"),
        ("2025-09-01", "2025-09-30"),
    ]


def test_forecast_is_per_currency() -> None:
    claims = ledger(seed=1, debtors=4) + ledger(seed=2, debtors=3, currency="USD")
    cf = cash_forecast(claims, as_of=AS_OF, horizon=4, calibrate=False)
    assert {p.currency for p in cf.periods} == {"EUR", "USD"}
    assert [m.currency for m in cf.later] == ["EUR", "USD"]
    json.dumps(cf.to_dict())
    assert len(cf.rows()) == len(cf.periods)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"horizon": 0}, InvalidValue),
        ({"horizon": 2.0}, InvalidType),
        ({"freq": "day"}, InvalidValue),
        ({"freq": 7}, InvalidType),
        ({"as_of": "2025-07-01"}, InvalidValue),
        ({"level": 0.9}, InvalidValue),
    ],
)
def test_bad_forecast_options_are_refused(
    model: PaymentModel, options: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        cash_forecast(model, **options)  # type: ignore[arg-type]


def test_claims_need_an_as_of() -> None:
    with pytest.raises(InvalidValue):
        cash_forecast(ledger(debtors=2))


# -- output ---------------------------------------------------------------------------------------


def test_outputs_are_json_and_escaped_html() -> None:
    claims = ledger(seed=4, debtors=3)
    hostile = Debtor(id="<script>", name="<b>x</b>", kind="professional")
    claims = [attrs.evolve(c, debtor=hostile) if i % 2 else c for i, c in enumerate(claims)]
    fitted = fit_payment_model(claims, as_of=AS_OF)
    json.dumps(fitted.to_dict())
    p = next(p for p in fitted.predictions() if p.debtor_id == "<script>")
    json.dumps(p.to_dict())
    assert "<script>" not in p._repr_html_()
    assert "&lt;script&gt;" in p._repr_html_()
    html = cash_forecast(fitted, horizon=6)._repr_html_()
    assert html.count("<svg") == 1
    assert "<rect" in html
    assert "<table>" in fitted._repr_html_()


# -- the real ledger ------------------------------------------------------------------------------

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ibm-accounts-receivable.csv"


@pytest.mark.skipif(not REAL.exists(), reason="the real ledger is not beside the repository")
def test_on_the_real_ledger_the_model_beats_the_due_date() -> None:
    from recouvrement.io import ColumnMapping, read_claims_csv

    claims = list(read_claims_csv(REAL, mapping=ColumnMapping.shipped("ibm_ar")).claims)
    cutoff = pendulum.Date(2013, 4, 1)
    fitted = fit_payment_model(claims, as_of=cutoff)
    tests = [c for c in claims if c.issued_on <= cutoff and not c.is_settled(as_of=cutoff)]
    tests += [c for c in claims if cutoff < c.issued_on <= cutoff.add(days=60)]
    model_err = due_err = hits = 0
    for c in tests:
        settled = c.settled_on()
        assert settled is not None
        p = fitted.predict(c)
        model_err += abs(p.median.toordinal() - settled.toordinal())
        due_err += abs(max(c.due_on, cutoff.add(days=1)).toordinal() - settled.toordinal())
        hits += p.low <= settled <= p.high
    assert model_err < 0.7 * due_err
    assert 0.72 <= hits / len(tests) <= 0.88


def test_an_invoice_later_than_any_history_gets_a_pareto_tail() -> None:
    # Unpaid 300 days after its due date, when nobody in the ledger paid later than ~60:
    # an even chance within 300 more days, 90 % within ten times as many (1 - late / t).
    old = Claim(
        id="OLD-1",
        creditor=CREDITOR,
        debtor=Debtor(id="D00", name="Debtor 0", kind="professional"),
        nature="commercial",
        amount="800",
        issued_on=AS_OF.subtract(days=330),
        due_on=AS_OF.subtract(days=300),
    )
    fitted = fit_payment_model([*ledger(), old], as_of=AS_OF)
    p = fitted.predict(old)
    assert any(r.code == "forecast.beyond_history" for r in p.reasons)
    assert p.median == p.due_on.add(days=600)
    assert p.probability_paid_by(AS_OF.add(days=30)) < 0.1
    assert p.cdf[-1][1] < 1.0  # the last 1 % is never placed
    cf = cash_forecast(fitted, horizon=4)
    assert cf.later[0].amount >= Decimal("700")


@settings(max_examples=15)
@given(offset=st.integers(min_value=0, max_value=300))
def test_predictions_are_ordered_distributions_at_any_date(offset: int) -> None:
    day = AS_OF.subtract(days=offset)
    fitted = fit_payment_model(ledger(seed=9, debtors=5), as_of=day, calibrate=False)
    predictions = fitted.predictions()
    assume(predictions)
    for p in predictions:
        assert day < p.low <= p.median <= p.high
        values = [f for _, f in p.cdf]
        assert values == sorted(values)
        dates = [d for d, _ in p.cdf]
        assert dates == sorted(dates)
        assert 0.0 < values[-1] <= 1.0 + 1e-9
