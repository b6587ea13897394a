"""The row parser's events column: flat events read one distinct text at a time
(`csv_ledger._Reader._flat_events`) exactly as the JSON reader reads the history."""

from __future__ import annotations

import json
from typing import Any

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from recouvrement.errors import RecouvrementError
from recouvrement.events import event_from_dict
from recouvrement.io.csv_ledger import _json_list, _Reader
from recouvrement.io.mapping import CLAIM_FIELDS, ColumnMapping

from .strategies import events_for


def _reader() -> _Reader:
    return _Reader(list(CLAIM_FIELDS), ColumnMapping.standard(), "ledger.csv")


def _expected(text: str) -> Any:
    """What the JSON reader reads (``None`` where it refuses the text)."""
    try:
        data = json.loads(text)
        return [event_from_dict(item) for item in data] if isinstance(data, list) else None
    except (ValueError, RecouvrementError, TypeError, AttributeError):
        return None


_ISSUED = pendulum.Date(2024, 1, 15)


@given(st.lists(events_for(_ISSUED, "EUR"), min_size=1, max_size=5))
def test_written_histories_read_as_the_json_reader_reads_them(events: list[Any]) -> None:
    text = _json_list(events)
    found = _reader()._flat_events(text)
    if "{" not in text[2:-2]:  # every event flat (no nested amount): the fast path answers
        assert found is not None
    if found is not None:
        assert found == events == _expected(text)


_DAMAGE = st.sampled_from(["}", "{", '"', ",", " ", "\\", "},{", '"}', "]", "[", "\n"])


@given(
    st.lists(events_for(_ISSUED, "EUR"), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 400), _DAMAGE), max_size=3),
)
def test_damaged_histories_are_left_to_the_json_reader(
    events: list[Any], damage: list[tuple[int, str]]
) -> None:
    """Braces or quotes inside strings, spaces, broken items: either the fast path reads
    what JSON reads, or it leaves the text to the JSON reader (``None``)."""
    text = _json_list(events)
    for where, piece in damage:
        at = where % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    reader = _reader()
    found = reader._flat_events(text)
    if found is not None:
        assert found == _expected(text)
    again = reader._flat_events(text)  # the second time from the cache: the same events
    assert again == found


def test_a_brace_inside_a_string_is_not_an_item_boundary() -> None:
    text = '[{"type":"reminder","on":"2024-02-01","channel":"email","step":"a},{b"}]'
    expected = _expected(text)
    assert expected is not None
    assert expected[0].step == "a},{b"
    assert _reader()._flat_events(text) is None  # left to the JSON reader
