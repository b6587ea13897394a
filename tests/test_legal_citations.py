"""Citations and sentences naming national law come from the claim's jurisdiction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import pytest

from recouvrement.errors import UnsupportedJurisdiction
from recouvrement.explain import Citation
from recouvrement.jurisdictions import _registry, citation
from recouvrement.retention import RetentionSchedule, retention_schedule


class _Bare:
    """A jurisdiction without a ``citations`` member."""

    code = "XX"


class _Some:
    code = "XY"
    citations: ClassVar[Mapping[str, Citation]] = {"insolvency_payment_ban": Citation("InsO", "21")}


def test_french_citations_by_generic_key() -> None:
    assert str(citation("FR", "insolvency_payment_ban")) == "C. com. L622-7 I"
    assert str(citation("fr", "payment_order_service")) == "CPC 1411"
    assert str(citation("FR", "default_judgment_service")) == "CPC 478"
    assert citation("FR", "no_such_rule") is None


def test_a_jurisdiction_without_citations_gets_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(_registry._LOADED, "XX", _Bare())
    monkeypatch.setitem(_registry._LOADED, "XY", _Some())
    assert citation("XX", "insolvency_payment_ban") is None
    assert str(citation("XY", "insolvency_payment_ban")) == "InsO 21"
    assert citation("XY", "payment_order_service") is None


def test_unknown_jurisdiction_raises() -> None:
    with pytest.raises(UnsupportedJurisdiction):
        citation("XZ", "insolvency_payment_ban")


def test_retention_messages_come_from_the_schedule() -> None:
    french = retention_schedule("FR")
    text = french.message("payment_plans.evidence", "default {kind}", kind="payment plan")
    assert "C. civ. 2240" in text
    bare = RetentionSchedule(jurisdiction="XX", version="0", rules=french.rules)
    assert bare.message("payment_plans.evidence", "default {kind}", kind="plan") == "default plan"
    assert bare.message("litigation.choose.code") == ""
