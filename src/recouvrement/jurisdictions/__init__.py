"""Rules by jurisdiction: a registry of countries, each behind the same `Jurisdiction` interface.

Every engine reaches a country's law through this registry, by the claim's
``jurisdiction`` code: ``get("FR")`` imports ``recouvrement.jurisdictions.fr`` on first
use (the import is lazy, so importing the library loads no national package) and
returns its ``JURISDICTION`` object, cached. The registry imports no engine module, so
any module of the library may use it.

Examples:
    >>> from recouvrement import jurisdictions
    >>> "FR" in jurisdictions.available()
    True
    >>> jurisdictions.get("fr").code
    'FR'
    >>> jurisdictions.get("XZ")
    Traceback (most recent call last):
    ...
    recouvrement.errors.UnsupportedJurisdiction: jurisdiction='XZ': no rules available (supported: 'BE', 'DE', 'FR')
"""

from __future__ import annotations

from ._registry import REGISTRY, available, citation, get

__all__ = ["REGISTRY", "available", "citation", "get"]
