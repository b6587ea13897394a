"""The public API: what `recouvrement` exports, and that each export is typed and documented."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

import recouvrement

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"

# Names fixed by the public API contract (DESIGN.md) that must stay importable.
CONTRACT = {
    "Money",
    "format_money",
    "RecouvrementError",
    "PartyKind",
    "Creditor",
    "Debtor",
    "ClaimNature",
    "Reminder",
    "FormalNotice",
    "Acknowledgment",
    "Dispute",
    "PaymentPromise",
    "PaymentPlan",
    "Mediation",
    "LegalAction",
    "Judgment",
    "EnforcementAct",
    "InsolvencyProceeding",
    "OverIndebtedness",
    "AgencyHandover",
    "WriteOff",
    "InsolvencyKind",
    "LegalActionKind",
    "PaymentTerms",
    "Claim",
    "Payment",
}


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 enforces: CONSTANTS, then Classes, then functions and modules.
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_unique() -> None:
    names = list(recouvrement.__all__)
    assert names == sorted(names, key=_isort_key)
    assert len(names) == len(set(names))


def test_every_exported_name_exists() -> None:
    missing = [name for name in recouvrement.__all__ if not hasattr(recouvrement, name)]
    assert missing == []


def test_contract_names_are_exported() -> None:
    assert sorted(CONTRACT - set(recouvrement.__all__)) == []


def test_no_public_name_is_left_unexported() -> None:
    exported = set(recouvrement.__all__)
    modules = {
        "errors",
        "money",
        "explain",
        "parties",
        "claims",
        "events",
        "terms",
        "sample",
        "calendar",
        "rates",
        "interest",
        "profiling",
        "segments",
    }
    for module_name in modules:
        module = getattr(recouvrement, module_name)
        for name in getattr(module, "__all__", ()):
            if not name.startswith("_"):
                assert name in exported, f"{module_name}.{name} is public but not exported"


@pytest.mark.parametrize("name", [n for n in recouvrement.__all__ if n != "__version__"])
def test_every_callable_export_has_a_docstring(name: str) -> None:
    obj = getattr(recouvrement, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        doc = inspect.getdoc(obj)
        assert doc, f"{name} has no docstring"
        assert len(doc.split()) >= 3, f"{name}'s docstring is too thin"


def _documented_names() -> set[str]:
    names: set[str] = set()
    for page in REFERENCE.glob("*.md"):
        names.update(
            re.findall(r"^::: recouvrement\.([A-Za-z_][\w.]*)", page.read_text("utf-8"), re.M)
        )
    return names


def _defining_modules(name: str) -> set[str]:
    """The submodules (relative dotted paths) whose ``__all__`` declares ``name``."""
    found = set()
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("recouvrement.") and name in getattr(module, "__all__", ()):
            found.add(module_name.removeprefix("recouvrement."))
    return found


@pytest.mark.parametrize("name", [n for n in recouvrement.__all__ if n != "__version__"])
def test_every_export_is_in_the_api_reference(name: str) -> None:
    documented = _documented_names()
    candidates = {name}
    for module_path in _defining_modules(name):
        candidates |= {module_path, f"{module_path}.{name}"}
    assert candidates & documented, (
        f"{name} is exported but no page under docs/reference renders it"
    )


def test_package_is_typed() -> None:
    assert (Path(recouvrement.__file__).parent / "py.typed").exists()
