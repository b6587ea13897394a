"""The contract every registered jurisdiction passes (like `holidays`' common country tests).

Each test is parametrised over `recouvrement.jurisdictions.available()`: registering a
country (``REGISTRY``) is enough to run it against the whole contract. Country-specific
worked cases stay in the topic test files; what must hold under any law is here.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping

import attrs
import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recouvrement import jurisdictions
from recouvrement.claims import Claim, ClaimNature, Payment
from recouvrement.errors import (
    InvalidValue,
    RateNotPublished,
    RecouvrementError,
    UnsupportedJurisdiction,
)
from recouvrement.events import Acknowledgment, Event, FormalNotice
from recouvrement.interest import late_interest
from recouvrement.jurisdictions.base import Jurisdiction
from recouvrement.money import Money
from recouvrement.notices import NoticeKind, load_template, mandatory_mentions
from recouvrement.parties import Creditor, Debtor
from recouvrement.policy import EscalationPolicy
from recouvrement.prescription import prescription_deadline
from recouvrement.rates import RateTable

from .strategies import claims, events_for

CODES = jurisdictions.available()
LOCALE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")


def _law(code: str) -> Jurisdiction:
    return jurisdictions.get(code)


def _last_rate_day(code: str) -> dt.date:
    """The last day every packaged table of ``code`` covers (interest is computable to it)."""
    last = min(table.published_to for table in _law(code).rate_tables.values())
    return dt.date(last.year, last.month, last.day)


# -- the registry -------------------------------------------------------------------------------


def test_registry_lists_sorted_codes() -> None:
    assert tuple(sorted(jurisdictions.REGISTRY)) == CODES
    assert "FR" in CODES


def test_an_unknown_code_lists_the_available_ones() -> None:
    with pytest.raises(UnsupportedJurisdiction) as caught:
        jurisdictions.get("XZ")
    assert caught.value.available == CODES
    assert all(repr(code) in str(caught.value) for code in CODES)
    with pytest.raises(UnsupportedJurisdiction):
        jurisdictions.get(42)


# -- identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_the_protocol_is_implemented(code: str) -> None:
    law = _law(code)
    assert isinstance(law, Jurisdiction)
    assert law.code == code
    assert re.fullmatch(r"[A-Z]{2}", law.code)
    assert law is jurisdictions.get(code.lower())
    assert law.name.strip()
    assert law.locales
    assert all(LOCALE.match(locale) for locale in law.locales)
    assert len(set(law.locales)) == len(law.locales)
    assert law.holiday_regions
    assert isinstance(tuple(law.guards), tuple)


# -- terms --------------------------------------------------------------------------------------


def _commercial(code: str, **fields: object) -> Claim:
    values: dict[str, object] = {
        "id": "K-1",
        "creditor": Creditor(id="C", name="Seller", kind="professional"),
        "debtor": Debtor(id="D", name="Buyer", kind="professional"),
        "nature": "commercial",
        "amount": "1000",
        "issued_on": "2024-03-01",
        "due_on": "2024-03-31",
        "jurisdiction": code,
    }
    values.update(fields)
    return Claim(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", CODES)
def test_a_commercial_claim_has_a_legal_default_term(code: str) -> None:
    claim = _commercial(code)
    days = _law(code).default_term_days(claim)
    assert isinstance(days, int)
    assert 0 < days <= 120
    derived = _commercial(code, due_on=None)
    assert derived.due_basis == "legal_default"
    assert (derived.due_on - derived.issued_on).days == days


@pytest.mark.parametrize("code", CODES)
@given(
    nature=st.sampled_from(list(ClaimNature)),
    creditor_kind=st.sampled_from(["professional", "individual", "public_body"]),
    debtor_kind=st.sampled_from(["professional", "individual", "public_body"]),
    issued=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2150, 12, 31)),
    name=st.sampled_from(["A", "Martin SARL", "Zoë"]),
)
@settings(max_examples=25)
def test_the_legal_default_term_reads_kinds_not_names_nor_dates(
    code: str,
    nature: ClaimNature,
    creditor_kind: str,
    debtor_kind: str,
    issued: dt.date,
    name: str,
) -> None:
    """The contract of `default_term_days`: nature, jurisdiction and the parties' kinds,
    countries and public-buyer categories only (the vectorised CSV reader asks it once
    per such combination)."""
    law = _law(code)

    def days(ident: str, day: dt.date) -> int | None:
        claim = Claim(
            id=ident,
            creditor=Creditor(id=ident, name=name, kind=creditor_kind),
            debtor=Debtor(id=ident + "D", name=name, kind=debtor_kind),
            nature=nature,
            amount=Money("10.00", "EUR"),
            issued_on=pendulum.Date(day.year, day.month, day.day),
            due_on=pendulum.Date(day.year, day.month, day.day),
            jurisdiction=code,
        )
        return law.default_term_days(claim)

    assert days("F1", issued) == days("other", dt.date(2000, 1, 3))


@pytest.mark.parametrize("code", CODES)
def test_payment_terms_check_returns_cited_violations(code: str) -> None:
    from recouvrement.terms import PaymentTerms

    found = _law(code).check_payment_terms(
        PaymentTerms.net(365), nature="commercial", debtor_kind="professional"
    )
    assert found, "a one-year term between businesses breaks every B2B maximum"
    assert all(v.rule and v.message and v.citation for v in found)
    assert not _law(code).check_payment_terms(
        PaymentTerms.net(30), nature="commercial", debtor_kind="professional"
    )


# -- rate tables --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_rate_tables_raise_beyond_their_last_row(code: str) -> None:
    tables: Mapping[str, RateTable] = _law(code).rate_tables
    assert tables
    for name, table in tables.items():
        assert table.name == name
        assert table.sources, f"{name} has no provenance"
        after = table.published_to + dt.timedelta(days=1)
        categories = {row.category for row in table.rows}
        for category in categories:
            table.rate_on(table.published_to, category=category)
            with pytest.raises(RateNotPublished):
                table.rate_on(after, category=category)


# -- calendar -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("year", [1990, 2024, 2025, 2050])
def test_public_holidays_are_dates_of_the_year(code: str, year: int) -> None:
    law = _law(code)
    try:
        national = law.public_holidays(year)
    except InvalidValue:
        # A country may refuse a year its calendar does not cover (Germany's starts in
        # 1991), with the library's error naming the year: never a wrong list.
        with pytest.raises(InvalidValue, match="year"):
            law.public_holidays(year)
        assert year < 2000
        return
    assert 5 <= len(national) <= 25
    assert all(type(day) is dt.date and day.year == year for day in national)
    assert national == law.public_holidays(year, region=law.holiday_regions[0])
    for region in law.holiday_regions:
        assert law.public_holidays(year, region=region) >= national
    assert dt.date(year, 1, 1) in national


@pytest.mark.parametrize("code", CODES)
def test_holidays_refuse_an_unknown_region(code: str) -> None:
    with pytest.raises(RecouvrementError):
        _law(code).public_holidays(2025, region="atlantis")


# -- letters and policy -------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_templates_exist_for_each_locale_with_their_mandatory_mentions(code: str) -> None:
    law = _law(code)
    data = tomllib.loads(law.mandatory_mentions.read_text(encoding="utf-8"))
    assert {row["kind"] for row in data["mention"]} <= {k.value for k in NoticeKind}
    for locale in law.locales:
        folder = law.templates.joinpath(locale)
        assert folder.joinpath("labels.toml").is_file(), f"{code} {locale}: no labels.toml"
        for kind in NoticeKind:
            assert folder.joinpath(f"{kind.value}.toml").is_file(), f"{code} {locale} {kind}"
            template = load_template(kind, locale, jurisdiction=code)  # validates the mentions
            assert template.jurisdiction == code
            assert template.locale == locale
    assert all(m.basis for m in mandatory_mentions(jurisdiction=code))


@pytest.mark.parametrize("code", CODES)
def test_the_default_escalation_policy_reads(code: str) -> None:
    text = _law(code).escalation_policy.read_text(encoding="utf-8")
    policy = EscalationPolicy.from_toml(text)
    assert policy.to_dict()["steps"]


# -- properties of the money owed ---------------------------------------------------------------


@st.composite
def unpaid_claims(draw: st.DrawFn, code: str) -> Claim:
    """A claim under ``code``'s law whose dates stay inside its rate tables."""
    last = _last_rate_day(code)
    issued = draw(st.dates(dt.date(2016, 1, 1), last - dt.timedelta(days=200)))
    due = issued + dt.timedelta(days=draw(st.integers(0, 60)))
    nature = draw(st.sampled_from(list(ClaimNature)))
    events: list[Event] = []
    if draw(st.booleans()):
        events.append(FormalNotice(on=due + dt.timedelta(days=draw(st.integers(1, 100)))))
    return Claim(
        id="P",
        creditor=Creditor(
            id="C", name="C", kind=draw(st.sampled_from(["professional", "individual"]))
        ),
        debtor=Debtor(
            id="D",
            name="D",
            kind=draw(st.sampled_from(["professional", "individual", "public_body"])),
        ),
        nature=nature,
        amount=draw(st.decimals("1", "100000", places=2)),
        issued_on=issued,
        due_on=due,
        events=events,
        jurisdiction=code,
    )


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), days=st.lists(st.integers(0, 4000), min_size=2, max_size=4))
def test_interest_never_decreases_while_unpaid(
    code: str, data: st.DataObject, days: list[int]
) -> None:
    claim = data.draw(unpaid_claims(code))
    last = _last_rate_day(code)
    dates = sorted({min(claim.issued_on + dt.timedelta(days=d), last) for d in days})
    accrued = [late_interest(claim, as_of=day).accrued for day in dates]
    assert accrued == sorted(accrued)


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), allocation=st.sampled_from(["principal_first", "interest_first"]))
def test_a_partial_payment_never_increases_interest(
    code: str, data: st.DataObject, allocation: str
) -> None:
    claim = data.draw(unpaid_claims(code))
    last = _last_rate_day(code)
    horizon = (last - claim.issued_on).days
    paid = Payment(
        on=claim.issued_on + dt.timedelta(days=data.draw(st.integers(0, horizon))),
        amount=data.draw(st.decimals("0.01", str(claim.amount.amount), places=2)),
    )
    more = attrs.evolve(claim, payments=(paid,))
    before = late_interest(claim, as_of=last, allocation=allocation)
    after = late_interest(more, as_of=last, allocation=allocation)
    assert after.accrued <= before.accrued
    assert after.interest <= before.interest


# -- properties of prescription -----------------------------------------------------------------

AS_OF = st.dates(dt.date(2016, 1, 1), dt.date(2040, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=60, deadline=None)
@given(claim=claims(currency="EUR"), as_of=AS_OF, offset=st.integers(0, 4000))
def test_an_acknowledgment_never_moves_the_deadline_earlier(
    code: str, claim: Claim, as_of: pendulum.Date, offset: int
) -> None:
    claim = attrs.evolve(claim, jurisdiction=code)
    acknowledged = attrs.evolve(
        claim, events=(*claim.events, Acknowledgment(on=claim.issued_on.add(days=offset)))
    )
    before = prescription_deadline(claim, as_of=as_of)
    after = prescription_deadline(acknowledged, as_of=as_of)
    assert after.deadline >= before.deadline
    assert after.time_barred <= before.time_barred


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=40, deadline=None)
@given(claim=claims(), as_of=AS_OF)
def test_prescription_is_deterministic(code: str, claim: Claim, as_of: pendulum.Date) -> None:
    claim = attrs.evolve(claim, jurisdiction=code)
    first = prescription_deadline(claim, as_of=as_of)
    again = prescription_deadline(Claim.from_dict(claim.to_dict()), as_of=as_of)
    assert first == again
    assert first.time_barred == (as_of > first.deadline)


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=40, deadline=None)
@given(claim=claims(currency="EUR"), as_of=AS_OF, data=st.data())
def test_prescription_is_blind_to_the_future(
    code: str, claim: Claim, as_of: pendulum.Date, data: st.DataObject
) -> None:
    assume(claim.issued_on <= as_of)
    claim = attrs.evolve(claim, jurisdiction=code)
    later = max(as_of, claim.issued_on).add(days=1)
    extra = data.draw(events_for(later, "EUR"))
    before = prescription_deadline(claim, as_of=as_of)
    after = prescription_deadline(attrs.evolve(claim, events=(*claim.events, extra)), as_of=as_of)
    assert after.to_dict() == before.to_dict()


@pytest.mark.parametrize("code", CODES)
def test_money_owed_is_in_the_claims_currency(code: str) -> None:
    claim = _commercial(code, amount=Money("500", "EUR"))
    result = late_interest(claim, as_of="2025-06-30")
    assert result.interest.currency == result.indemnity.currency == "EUR"
    assert result.total == result.interest + result.indemnity
