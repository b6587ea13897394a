"""The registry of jurisdictions (re-exported by `recouvrement.jurisdictions`).

It imports no engine and no national package at import time: any module of the
library may use it, and ``recouvrement.jurisdictions.<code>`` is imported on first use.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from ..errors import RecouvrementError, UnsupportedJurisdiction

if TYPE_CHECKING:
    from ..explain import Citation
    from .base import Jurisdiction

__all__ = ["REGISTRY", "available", "citation", "get"]

REGISTRY: dict[str, str] = {
    "BE": "recouvrement.jurisdictions.be",
    "DE": "recouvrement.jurisdictions.de",
    "FR": "recouvrement.jurisdictions.fr",
}
"""Country code (ISO 3166-1 alpha-2) -> the module exposing its ``JURISDICTION``."""

_LOADED: dict[str, Jurisdiction] = {}
_LOCK = threading.Lock()


def available() -> tuple[str, ...]:
    """The codes of the registered jurisdictions, sorted.

    Examples:
        >>> from recouvrement.jurisdictions import available
        >>> "FR" in available()
        True
    """
    return tuple(sorted(REGISTRY))


def get(code: Any) -> Jurisdiction:
    """Return the jurisdiction of ``code`` (case-insensitive), importing it on first use.

    Raises:
        UnsupportedJurisdiction: No jurisdiction is registered under ``code``; the error
            lists `available`.
        RecouvrementError: The registered module exposes no ``JURISDICTION`` with the
            same code (a packaging error).

    Examples:
        >>> from recouvrement.jurisdictions import get
        >>> get("FR") is get("fr")
        True
    """
    found = _LOADED.get(code)
    if found is not None:
        return found
    key = code.upper() if isinstance(code, str) else code
    found = _LOADED.get(key)
    if found is not None:
        return found
    module_name = REGISTRY.get(key) if isinstance(key, str) else None
    if module_name is None:
        raise UnsupportedJurisdiction(str(code), available=available())
    with _LOCK:
        found = _LOADED.get(key)
        if found is None:
            found = _load(key, module_name)
            _LOADED[key] = found
    return found


def citation(code: Any, key: str) -> Citation | None:
    """The article of jurisdiction ``code`` behind the generic rule ``key``, or ``None``.

    A jurisdiction may expose ``citations`` (a mapping of generic keys such as
    ``"insolvency_payment_ban"`` to a `Citation`); one without it, or without ``key``,
    has no such rule modelled, and the caller omits the citation or says why.

    Raises:
        UnsupportedJurisdiction: No jurisdiction is registered under ``code``.

    Examples:
        >>> from recouvrement.jurisdictions import citation
        >>> str(citation("FR", "payment_order_service")), citation("FR", "no_such_rule")
        ('CPC 1411', None)
    """
    table = getattr(get(code), "citations", None)
    found: Citation | None = None if table is None else table.get(key)
    return found


def _load(code: str, module_name: str) -> Jurisdiction:
    module = importlib.import_module(module_name)
    found: Jurisdiction | None = getattr(module, "JURISDICTION", None)
    if found is None or getattr(found, "code", None) != code:
        raise RecouvrementError(
            f"{module_name} exposes no JURISDICTION with code {code!r}",
            field="jurisdiction",
            value=code,
        )
    return found
