"""Options and help of the rates, credit, retention, worklist and forecast commands (internal)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["MORE_OPTIONS", "MORE_SPECS"]

_ALL = ["source", "output"]

MORE_SPECS: dict[str, dict[str, Any]] = {
    "rates": {
        "help": "how current the rate tables are; fetch newly published rates",
        "usage": "%(prog)s check|update --as-of DATE [options]",
        "parents": ["output"],
        "description": "check: say, table by table (ECB main refinancing rate, French legal\n"
        "interest rate), up to when it is published and which rate a computation on --as-of\n"
        "lacks; exit 3 when one is missing. update: fetch new rows from the publishers (the\n"
        "ECB Data Portal; the arrêté at --legal-url), show the diff with its provenance and,\n"
        "with --write DIR, write them as user tables that --rates-dir then reads. update is\n"
        "the only command that uses the network.",
        "examples": [
            "recouvrement rates check --as-of 2026-03-31",
            "recouvrement rates check --as-of 2026-03-31 --format json",
        ],
    },
    "credit": {
        "help": "credit limits, exposure, delivery holds and reviews; check an order",
        "parents": _ALL,
        "description": "For every customer: its credit limit and how it was set, its exposure,\n"
        "whether deliveries are held and why, and when its limit is to be reviewed; or the\n"
        "reviews due (--reviews); or whether one order may ship (--order DEBTOR AMOUNT).",
        "examples": [
            "recouvrement credit claims.csv --as-of 2026-03-31",
            "recouvrement credit claims.csv --as-of 2026-03-31 --order D0010 400",
        ],
    },
    "retention": {
        "help": "when debtors' data go to the archive and are deleted (GDPR)",
        "parents": _ALL,
        "description": "The retention schedule (--schedule), one debtor's deadlines per data\n"
        "category (--debtor), the purge plan of the ledger (--purge), or the answer to an\n"
        "erasure or objection request (--erasure DEBTOR --requested-on DATE).",
        "examples": [
            "recouvrement retention claims.csv --as-of 2026-03-31 --purge",
            "recouvrement retention claims.csv --as-of 2026-03-31 --debtor D0001",
        ],
    },
    "worklist": {
        "help": "the accounts to work today, ranked, with what to do and why",
        "parents": ["source", "policy", "output"],
        "description": "Rank the debtor accounts by priority (amount at stake, urgency of the\n"
        "next action, chance of payment) and share them among the collectors within their\n"
        "capacity; the accounts beyond it are marked deferred.",
        "examples": [
            "recouvrement worklist claims.csv --as-of 2026-03-31 --capacity 10",
        ],
    },
    "forecast": {
        "help": "expected collections per week or month, with intervals",
        "parents": _ALL,
        "description": "Fit a payment model on the ledger's history as known on --as-of and\n"
        "forecast the collections of the invoices then open, per period, with an interval;\n"
        "or each open invoice's predicted payment (--predictions).",
        "examples": [
            "recouvrement forecast claims.csv --as-of 2026-03-31 --horizon 8",
            "recouvrement forecast claims.csv --as-of 2026-03-31 --freq month --horizon 3",
        ],
    },
    "schema": {
        "help": "the JSON Schema of the standard ledger (validate before sending)",
        "usage": "%(prog)s [-o FILE]",
        "parents": [],
        "description": "Print the JSON Schema of the standard ledger: the records of a .jsonl\n"
        "file, the claims of a .json file, the columns of the standard CSV layout.",
        "examples": ["recouvrement schema -o ledger.schema.json"],
    },
}


def _add_rates_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--rates",
        action="append",
        metavar="FILE",
        help="a rate table CSV (the packaged format, from `recouvrement rates update`) "
        "extending the packaged one of its name (repeatable)",
    )
    group.add_argument(
        "--rates-dir",
        metavar="DIR",
        help="a folder of rate table CSVs (default: $RECOUVREMENT_RATES_DIR, if set)",
    )


def _add_schema(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")


def _add_rates(options: argparse._ArgumentGroup) -> None:
    options.add_argument("action", choices=("check", "update"), help="check or update")
    options.add_argument(
        "--as-of", metavar="DATE", help="check: the day to cover; update: today's date"
    )
    _add_rates_options(options)
    options.add_argument("--legal-url", metavar="URL", help="update: the arrêté of the legal rate")
    options.add_argument("--no-ecb", action="store_true", help="update: skip the ECB series")
    options.add_argument("--write", metavar="DIR", help="update: write the updated tables in DIR")


def _add_credit(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--policy-file", metavar="TOML", help="a credit policy TOML file")
    options.add_argument("--reviews", action="store_true", help="only the limit reviews due")
    options.add_argument(
        "--order", nargs=2, metavar=("DEBTOR", "AMOUNT"), help="may this order ship?"
    )


def _add_retention(options: argparse._ArgumentGroup) -> None:
    what = options.add_mutually_exclusive_group()
    what.add_argument("--schedule", action="store_true", help="the retention schedule")
    what.add_argument("--debtor", metavar="ID", help="one debtor's deadlines")
    what.add_argument("--purge", action="store_true", help="the purge plan of the ledger")
    what.add_argument("--erasure", metavar="DEBTOR", help="answer a request of this debtor")
    options.add_argument("--requested-on", metavar="DATE", help="the day of the request")
    options.add_argument("--kind", choices=("erasure", "objection"), default="erasure")
    options.add_argument(
        "--fy-end", metavar="MM-DD", default="12-31", help="financial year end (12-31)"
    )
    options.add_argument(
        "--evidence-after-payment", choices=("debtor_claims", "claim_prescription")
    )
    options.add_argument(
        "--litigation", choices=("extraordinary_remedies", "enforcement_prescription")
    )
    options.add_argument("--iban-months", type=int, metavar="N")


def _add_worklist(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--capacity",
        action="append",
        metavar="N|NAME=N",
        help="accounts workable today: N for the team, or NAME=N per collector (repeatable)",
    )
    options.add_argument(
        "--owners", metavar="CSV", help="a CSV file with debtor_id and owner columns"
    )


def _add_forecast(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--horizon", type=int, default=13, metavar="N", help="periods (13)")
    options.add_argument("--freq", choices=("week", "month"), default="week")
    options.add_argument(
        "--predictions", action="store_true", help="each open invoice's predicted payment"
    )


MORE_OPTIONS: dict[str, Callable[[argparse._ArgumentGroup], None]] = {
    "rates": _add_rates,
    "credit": _add_credit,
    "retention": _add_retention,
    "worklist": _add_worklist,
    "forecast": _add_forecast,
    "schema": _add_schema,
}
"""Command name -> the function adding its options."""
