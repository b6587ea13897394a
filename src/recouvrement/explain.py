"""Citations and reasons: how every computation and decision explains itself.

A [`Citation`][recouvrement.Citation] names a legal source (a code and an article,
or a court decision). A [`Reason`][recouvrement.Reason] is one step of an
explanation: a stable machine-readable ``code``, a readable ``message``, the
citation it rests on, and the facts (dates, amounts, rates) it used.

Examples:
    >>> from recouvrement import Citation, Reason
    >>> basis = Citation("C. com.", "L441-10")
    >>> str(basis)
    'C. com. L441-10'
    >>> r = Reason("indemnity.fixed", "40 EUR fixed indemnity per invoice paid late",
    ...            citation=Citation("C. com.", "D441-5"))
    >>> str(r)
    '40 EUR fixed indemnity per invoice paid late [C. com. D441-5]'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .errors import InvalidType, InvalidValue

__all__ = ["Citation", "Reason"]


def _non_empty(field: str) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InvalidType(field, value, "str")
        if not value.strip():
            raise InvalidValue(field, value, "must not be empty")

    return check


@attrs.frozen(slots=True)
class Citation:
    """A legal source: a code (or court, or text) and an article (or decision reference).

    Attributes:
        code: ``"C. civ."``, ``"C. com."``, ``"C. consom."``, ``"CPC"``, ``"CPCE"``,
            ``"CCP"``, ``"C. mon. fin."``, ``"Cass. 2e civ."``, ``"loi 89-462"``...
        article: ``"L441-10"``, ``"2240"``, ``"7 Apr 2016, n° 15-12.960"``...
        note: An optional precision (``"al. 2"``, ``"II"``).

    Examples:
        >>> Citation("C. civ.", "2240")
        Citation('C. civ.', '2240')
        >>> str(Citation("C. com.", "L441-10", note="II"))
        'C. com. L441-10 II'
    """

    code: str = attrs.field(validator=_non_empty("code"))
    article: str = attrs.field(validator=_non_empty("article"))
    note: str | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        text = f"{self.code} {self.article}"
        return f"{text} {self.note}" if self.note else text

    def __repr__(self) -> str:
        extra = f", note={self.note!r}" if self.note else ""
        return f"Citation({self.code!r}, {self.article!r}{extra})"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict."""
        data: dict[str, Any] = {"code": self.code, "article": self.article}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Citation:
        """Read back what `to_dict` wrote."""
        from ._serde import check_keys

        check_keys(data, required=("code", "article"), optional=("note",), where="Citation")
        return cls(data["code"], data["article"], note=data.get("note"))


def _facts(value: Any) -> Mapping[str, Any]:
    return dict(value) if value else {}


@attrs.frozen(slots=True)
class Reason:
    """One step of an explanation.

    Attributes:
        code: A stable, dotted identifier a program can match on
            (``"interest.commercial.default_rate"``).
        message: A readable English sentence for a collections officer.
        citation: The legal source, if the step rests on one.
        facts: The values the step used (dates, amounts, rates), for display or audit.
    """

    code: str = attrs.field(validator=_non_empty("code"))
    message: str = attrs.field(validator=_non_empty("message"))
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    facts: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_facts, kw_only=True, eq=False, hash=False
    )

    def __str__(self) -> str:
        return f"{self.message} [{self.citation}]" if self.citation else self.message

    @classmethod
    def _unchecked(
        cls,
        code: str,
        message: str,
        *,
        citation: Citation | None = None,
        facts: Mapping[str, Any] | None = None,
    ) -> Reason:
        # Internal fast path for hot loops whose code and message are literals (like
        # Money._unchecked): the same object as Reason(...), without running validators.
        return _owned(code, message, citation, dict(facts) if facts else {})

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (facts rendered with `recouvrement.to_jsonable`)."""
        from ._serde import to_jsonable

        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.citation is not None:
            data["citation"] = self.citation.to_dict()
        if self.facts:
            data["facts"] = {key: to_jsonable(value) for key, value in self.facts.items()}
        return data


# The slot setters of the frozen class: what ``object.__setattr__`` ends up calling, looked
# up once (hot path).
_new_reason = object.__new__
_set_code = Reason.__dict__["code"].__set__
_set_message = Reason.__dict__["message"].__set__
_set_citation = Reason.__dict__["citation"].__set__
_set_facts = Reason.__dict__["facts"].__set__


def _owned(code: str, message: str, citation: Citation | None, facts: dict[str, Any]) -> Reason:
    """Internal: a `Reason` that takes ``facts`` as is (a fresh dict the caller gives away).

    For hot loops whose code and message are non-empty literals, like `Reason._unchecked`,
    without copying the facts.
    """
    reason: Reason = _new_reason(Reason)
    _set_code(reason, code)
    _set_message(reason, message)
    _set_citation(reason, citation)
    _set_facts(reason, facts)
    return reason
