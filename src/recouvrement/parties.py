"""Parties: who is owed (the creditor) and who owes (the debtor).

Who is who drives the law: the legal interest rate has a category for creditors who
are natural persons not acting for professional needs; the 40 EUR fixed indemnity
is due only by a professional debtor (C. com. L441-10 II, D441-5); a professional
against a consumer has 2 years to act (C. consom. L218-2).

Examples:
    >>> from recouvrement import Debtor, PartyKind
    >>> Debtor(id="D1", name="Boulangerie Martin", kind="professional", siren="732829320")
    Debtor(id='D1', name='Boulangerie Martin', kind=<PartyKind.PROFESSIONAL: 'professional'>, siren='732829320', country='FR', address=None, public_buyer=None)
    >>> Debtor(id="D2", name="X", kind=PartyKind.PROFESSIONAL, siren="123456789")
    Traceback (most recent call last):
    ...
    recouvrement.errors.InvalidParty: siren='123456789': not a valid SIREN (9 digits) or SIRET (14 digits): The number's checksum or check digit is invalid.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import attrs
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from ._convert import to_enum
from ._serde import check_keys
from .errors import InvalidParty, InvalidType

__all__ = ["Creditor", "Debtor", "PartyKind", "PublicBuyer"]


class PartyKind(str, Enum):
    """What kind of person a party is, for the law.

    Attributes:
        INDIVIDUAL: A natural person acting outside any trade or profession (a consumer
            when the other side is a professional).
        PROFESSIONAL: A company, a sole trader or any person acting for professional needs.
        PUBLIC_BODY: The State, a local authority, a public establishment or undertaking.
    """

    INDIVIDUAL = "individual"
    PROFESSIONAL = "professional"
    PUBLIC_BODY = "public_body"


class PublicBuyer(str, Enum):
    """The category of a public buyer, which sets its maximum payment term.

    Attributes:
        STATE: The State, local authorities and their public establishments:
            30 days (CCP R2192-10).
        HEALTH_ESTABLISHMENT: Public health establishments and armed-forces health
            establishments: 50 days (CCP R2192-11 1°).
        PUBLIC_UNDERTAKING: Public undertakings (ord. 2004-503), except local public
            establishments: 60 days (CCP R2192-11 2°).
    """

    STATE = "state"
    HEALTH_ESTABLISHMENT = "health_establishment"
    PUBLIC_UNDERTAKING = "public_undertaking"


def _text(field: str, *, optional: bool = False) -> Any:
    def check(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise InvalidType(field, value, "str")
        if not value.strip():
            raise InvalidParty(field, value, "must not be empty")

    return check


def _company_number(value: Any) -> str | None:
    """Validate a SIREN (9 digits) or a SIRET (14 digits) with python-stdnum."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidType("siren", value, "a SIREN or SIRET string")
    compact = _siren.compact(value)
    module = _siret if len(compact) == 14 else _siren
    try:
        return str(module.validate(compact))
    except _StdnumError as exc:
        raise InvalidParty(
            "siren", value, f"not a valid SIREN (9 digits) or SIRET (14 digits): {exc}"
        ) from None


def _country(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise InvalidParty("country", value, "expected an ISO 3166-1 alpha-2 code such as 'FR'")
    return value.upper()


def _check_public_buyer(instance: Any, _: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and instance.kind is not PartyKind.PUBLIC_BODY:
        raise InvalidParty(
            "public_buyer",
            value,
            f"only a public body has a public-buyer category, not {instance.kind.value}",
        )


_PARTY_FIELDS = ("id", "name", "kind")
_PARTY_OPTIONAL = ("siren", "country", "address")


def _to_kind(value: Any) -> PartyKind:
    return to_enum(PartyKind, value, "kind")


def _to_public_buyer(value: Any) -> PublicBuyer | None:
    return None if value is None else to_enum(PublicBuyer, value, "public_buyer")


@attrs.frozen(slots=True, kw_only=True)
class Creditor:
    """The party owed the money.

    Attributes:
        id: Your identifier for the creditor (non-empty).
        name: Its name or company name, as printed on letters.
        kind: A [`PartyKind`][recouvrement.PartyKind] (or its value).
        siren: An optional SIREN or SIRET, checked with python-stdnum.
        country: ISO 3166-1 alpha-2 country code, ``"FR"`` by default.
        address: An optional postal address (lines separated by newlines), for letters.

    Examples:
        >>> Creditor(id="C1", name="Acme SAS", kind="professional").kind
        <PartyKind.PROFESSIONAL: 'professional'>
    """

    id: str = attrs.field(validator=_text("id"))
    name: str = attrs.field(validator=_text("name"))
    kind: PartyKind = attrs.field(converter=_to_kind)
    siren: str | None = attrs.field(default=None, converter=_company_number)
    country: str = attrs.field(default="FR", converter=_country)
    address: str | None = attrs.field(default=None, validator=_text("address", optional=True))

    def to_dict(self) -> dict[str, Any]:
        """Return a lossless JSON-compatible dict."""
        return _party_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Creditor:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`."""
        check_keys(data, required=_PARTY_FIELDS, optional=_PARTY_OPTIONAL, where="Creditor")
        return cls(**data)


@attrs.frozen(slots=True, kw_only=True)
class Debtor:
    """The party that owes the money.

    Attributes:
        id: Your identifier for the debtor (non-empty).
        name: Its name or company name, as printed on letters.
        kind: A [`PartyKind`][recouvrement.PartyKind] (or its value).
        siren: An optional SIREN or SIRET, checked with python-stdnum.
        country: ISO 3166-1 alpha-2 country code, ``"FR"`` by default. A debtor outside
            metropolitan France gets longer procedural deadlines (CPC 643).
        address: An optional postal address (lines separated by newlines), for letters.
        public_buyer: For a public body, its [`PublicBuyer`][recouvrement.PublicBuyer]
            category (sets its maximum payment term).

    Examples:
        >>> Debtor(id="D9", name="Hôpital Nord", kind="public_body",
        ...        public_buyer="health_establishment").public_buyer
        <PublicBuyer.HEALTH_ESTABLISHMENT: 'health_establishment'>
    """

    id: str = attrs.field(validator=_text("id"))
    name: str = attrs.field(validator=_text("name"))
    kind: PartyKind = attrs.field(converter=_to_kind)
    siren: str | None = attrs.field(default=None, converter=_company_number)
    country: str = attrs.field(default="FR", converter=_country)
    address: str | None = attrs.field(default=None, validator=_text("address", optional=True))
    public_buyer: PublicBuyer | None = attrs.field(
        default=None,
        converter=_to_public_buyer,
        validator=_check_public_buyer,
    )

    def to_dict(self) -> dict[str, Any]:
        """Return a lossless JSON-compatible dict."""
        data = _party_dict(self)
        if self.public_buyer is not None:
            data["public_buyer"] = self.public_buyer.value
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Debtor:
        """Read back what `to_dict` wrote; unknown or missing keys raise `InvalidData`."""
        check_keys(
            data,
            required=_PARTY_FIELDS,
            optional=(*_PARTY_OPTIONAL, "public_buyer"),
            where="Debtor",
        )
        return cls(**data)


def _party_dict(party: Creditor | Debtor) -> dict[str, Any]:
    data: dict[str, Any] = {"id": party.id, "name": party.name, "kind": party.kind.value}
    if party.siren is not None:
        data["siren"] = party.siren
    if party.country != "FR":
        data["country"] = party.country
    if party.address is not None:
        data["address"] = party.address
    return data
