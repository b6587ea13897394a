"""Commands for rates, credit, retention, worklist and forecast (internal).

Each returns an `_Output` like those of `recouvrement.cli.commands`; the library is
imported inside each function.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._text import text_table
from ..errors import RecouvrementError
from ._context import (
    EXIT_RATE,
    _as_of,
    _DataError,
    _load,
    _Loaded,
    _Output,
    _policy,
    _rates,
    _Run,
    _UsageError,
    worse,
)

__all__ = ["MORE_COMMANDS", "credit", "forecast", "rates", "retention", "schema", "worklist"]


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str) -> str:
    """A plain table of the scalar columns of ``rows`` under ``title``."""
    shown = [c for c in columns if all(not isinstance(r.get(c), dict | list) for r in rows)]
    if not rows:
        return f"{title}\n(none)\n"
    body = text_table(
        list(shown), [["" if r.get(c) is None else str(r.get(c)) for c in shown] for r in rows]
    )
    return f"{title}\n{body}\n"


def _exact(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A flat record for CSV: nested dicts as ``a.b`` columns, floats as their text."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            flat.update(_exact(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = repr(value) if isinstance(value, float) else value
    return flat


def _columns(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return tuple(seen)


def _document(
    command: str,
    loaded: _Loaded | None,
    as_of: Any,
    rows: Sequence[Mapping[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    head: dict[str, Any] = {"command": command}
    if loaded is not None:
        head["source"] = loaded.source
    if as_of is not None:
        head["as_of"] = as_of.isoformat()
    return {
        **head,
        **extra,
        "rows": list(rows),
        "invalid_rows": [] if loaded is None else [e.to_dict() for e in loaded.errors],
    }


def _listing(
    command: str,
    loaded: _Loaded | None,
    as_of: Any,
    rows: Sequence[Mapping[str, Any]],
    title: str,
    **extra: Any,
) -> _Output:
    flat = [_exact(r) for r in rows]
    columns = _columns(flat)
    return _Output(
        text=lambda: _table(flat, columns, title),
        rows=flat,
        columns=columns,
        document=_document(command, loaded, as_of, rows, **extra),
    )


# -- rates -----------------------------------------------------------------------------------


def rates(run: _Run) -> _Output:
    """``recouvrement rates check|update``: how current the rate tables are; fetch new rows."""
    from .. import ratesync

    if run.args.as_of is None:
        raise _UsageError("--as-of DATE is required (the day the rates must cover, or today)")
    as_of = _as_of(run)
    tables = _rates(run)
    if run.args.action == "check":
        found = ratesync.check(as_of=as_of, rates=tables)
        if not found.ok:
            run.status = worse(run.status, EXIT_RATE)
        rows = [t.to_dict() for t in found.tables]
        return _Output(
            text=lambda: "\n".join(found.lines()) + "\n",
            rows=[{**r, "missing": "; ".join(r["missing"])} for r in rows],
            columns=("name", "origin", "published_to", "checked", "days_behind", "missing"),
            document={"command": "rates check", **found.to_dict()},
        )
    if run.args.no_ecb and not run.args.legal_url:
        raise _UsageError(
            "rates update --no-ecb: nothing to fetch; give --legal-url URL (the arrêté) or "
            "leave the ECB table in"
        )
    try:
        result = ratesync.update(
            as_of=as_of,
            fetch=ratesync.urllib_fetch,
            ecb_url=None if run.args.no_ecb else ratesync.ECB_MRO_URL,
            legal_url=run.args.legal_url,
            rates=tables,
        )
    except ratesync.RatesFetchError as exc:
        raise _DataError(f"rates update: {exc}") from None
    written: tuple[Path, ...] = ()
    if run.args.write is not None:
        folder = Path(run.args.write)
        if not folder.is_dir():
            raise _UsageError(f"--write {run.args.write!r}: not a folder")
        written = result.write(folder)
    lines = result.lines() + [f"wrote {p}" for p in written]
    rows = [d.to_dict() for d in result.diffs]
    document = {"command": "rates update", **result.to_dict(), "written": [str(p) for p in written]}
    return _Output(
        text=lambda: "\n".join(lines) + "\n", rows=rows, columns=_columns(rows), document=document
    )


# -- credit ----------------------------------------------------------------------------------


def credit(run: _Run) -> _Output:
    """``recouvrement credit``: limits, exposure, holds and reviews; or one order checked."""
    from ..credit import CreditPolicy, check_order, credit_report
    from ..credit.review import reviews_due
    from ..money import Money

    as_of = _as_of(run)
    loaded = _load(run)
    policy = None
    if run.args.policy_file is not None:
        path = Path(run.args.policy_file)
        if not path.is_file():
            raise _DataError(f"--policy-file: no such file: {run.args.policy_file!r}")
        policy = CreditPolicy.from_toml(path)
    claims = loaded.claims
    if run.args.order is not None:
        debtor, amount = run.args.order
        mine = [c for c in claims if c.debtor.id == debtor]
        if not mine:
            raise _DataError(f"--order {debtor!r}: no claim of that debtor in {loaded.source}")
        try:
            order = Money(amount, mine[0].currency)
        except (RecouvrementError, ArithmeticError, ValueError):
            raise _UsageError(f"--order {debtor} {amount!r}: the amount is not a number") from None
        decision = check_order(order, mine, as_of=as_of, policy=policy)
        row = decision.to_dict()
        return _listing("credit", loaded, as_of, [row], f"Order of {amount} for {debtor}")
    if run.args.reviews:
        rows = [r.to_dict() for r in reviews_due(claims, as_of=as_of, policy=policy)]
        return _listing("credit", loaded, as_of, rows, f"Credit reviews due on {as_of}")
    rows = [r.to_dict() for r in credit_report(claims, as_of=as_of, policy=policy)]
    return _listing("credit", loaded, as_of, rows, f"Credit report of {loaded.source} on {as_of}")


# -- retention -------------------------------------------------------------------------------


def _choices(run: _Run) -> Any:
    from ..retention import RetentionChoices

    return RetentionChoices(
        evidence_after_payment=run.args.evidence_after_payment,
        litigation=run.args.litigation,
        iban_months=run.args.iban_months,
    )


def retention(run: _Run) -> _Output:
    """``recouvrement retention``: when data go to the archive and go (GDPR, C. com.)."""
    from ..retention import erasure_request, purge_plan, retention_deadlines, retention_schedule

    as_of = _as_of(run)
    if run.args.schedule:
        schedule = retention_schedule()
        rows = schedule.rows()
        return _Output(
            text=lambda: _table(rows, _columns(rows), "Retention schedule (FR)"),
            rows=rows,
            columns=_columns(rows),
            document={"command": "retention", **schedule.to_dict(), "rows": rows},
        )
    loaded = _load(run)
    fy_end: str = run.args.fy_end
    choices = _choices(run)
    if run.args.purge:
        plan = purge_plan(loaded.claims, as_of=as_of, financial_year_end=fy_end, choices=choices)
        rows = plan.rows()
        return _listing(
            "retention", loaded, as_of, rows, f"Purge plan on {as_of}", summary=plan.summary()
        )
    debtor: str | None = run.args.erasure or run.args.debtor
    if debtor is None:
        raise _UsageError("give --schedule, --purge, --debtor ID or --erasure ID")
    mine = [c for c in loaded.claims if c.debtor.id == debtor]
    if not mine:
        raise _DataError(f"debtor {debtor!r}: no claim of that debtor in {loaded.source}")
    if run.args.erasure is not None:
        if run.args.requested_on is None:
            raise _UsageError("--erasure needs --requested-on DATE")
        answer = erasure_request(
            mine,
            requested_on=run.args.requested_on,
            kind=run.args.kind,
            financial_year_end=fy_end,
            choices=choices,
        )
        rows = answer.rows()
        return _listing("retention", loaded, as_of, rows, f"{run.args.kind} request of {debtor}")
    found = retention_deadlines(mine, as_of=as_of, financial_year_end=fy_end, choices=choices)
    rows = found.rows()
    return _listing("retention", loaded, as_of, rows, f"Retention of {debtor}'s data on {as_of}")


# -- worklist, forecast -----------------------------------------------------------------------


def _capacity(values: Sequence[str] | None) -> int | dict[str, int] | None:
    if not values:
        return None
    total: int | None = None
    per: dict[str, int] = {}
    for value in values:
        name, _, number = value.rpartition("=")
        try:
            count = int(number)
        except ValueError:
            raise _UsageError(f"--capacity {value!r}: give N or NAME=N") from None
        if count < 0:
            raise _UsageError(f"--capacity {value!r}: must be 0 or more")
        if name:
            per[name] = count
        else:
            total = count
    if per and total is not None:
        raise _UsageError("--capacity: give one N for the team, or NAME=N per collector")
    return per or total


def _owners(name: str | None) -> dict[str, str] | None:
    if name is None:
        return None
    path = Path(name)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _DataError(f"--owners {name!r}: cannot read it ({exc})") from None
    found: dict[str, str] = {}
    for row in rows:
        debtor, owner = row.get("debtor_id"), row.get("owner")
        if not debtor or not owner:
            raise _DataError(f"--owners {name!r}: each row needs debtor_id and owner columns")
        found[debtor] = owner
    return found


def worklist(run: _Run) -> _Output:
    """``recouvrement worklist``: the accounts to work today, ranked, with what to do."""
    from ..worklists import worklist as rank

    as_of = _as_of(run)
    capacity = _capacity(run.args.capacity)
    owners = _owners(run.args.owners)
    loaded = _load(run)
    found = rank(
        loaded.claims,
        as_of=as_of,
        policy=_policy(run),
        capacity=capacity,
        owners=owners,
        rates=_rates(run),
    )
    for reason in found.reasons:
        if reason.code == "worklist.rates_missing":  # exit 3, as next-actions
            run.missing_rate(reason.facts["first"])
    rows = found.rows()
    extra = {k: v for k, v in found.to_dict().items() if k not in ("rows", "items", "as_of")}
    return _listing("worklist", loaded, as_of, rows, f"Worklist of {as_of}", **extra)


def forecast(run: _Run) -> _Output:
    """``recouvrement forecast``: expected collections per week or month, with intervals."""
    from ..forecast import cash_forecast, fit_payment_model

    as_of = _as_of(run)
    horizon: int = run.args.horizon
    if not 1 <= horizon <= 520:
        raise _UsageError(f"--horizon {horizon}: between 1 and 520 periods")
    loaded = _load(run)
    model = fit_payment_model(loaded.claims, as_of=as_of)
    if run.args.predictions:
        rows = [p.to_dict() for p in model.predictions()]
        return _listing("forecast", loaded, as_of, rows, f"Payment predictions on {as_of}")
    found = cash_forecast(model, horizon=horizon, freq=run.args.freq)
    rows = found.rows()
    return _listing("forecast", loaded, as_of, rows, f"Cash forecast from {as_of}")


def schema(run: _Run) -> _Output:
    """``recouvrement schema``: the JSON Schema of the standard ledger, for integrators."""
    from ..io.json_ledger import ledger_schema

    document = ledger_schema()

    def write(target: Any) -> None:
        target.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    return _Output(text=lambda: "", rows=(), columns=(), document=document, write=write)


MORE_COMMANDS = {
    "rates": rates,
    "credit": credit,
    "retention": retention,
    "worklist": worklist,
    "forecast": forecast,
    "schema": schema,
}
"""The commands of this module, by name."""
