"""The ``recouvrement`` command.

``recouvrement demo`` runs the library on the embedded sample portfolio and prints a
readable summary. Exit codes: 0 success, 1 a library error on the data (the message
names the field and value), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TextIO

import pendulum

from . import __version__
from ._convert import to_date
from ._serde import to_jsonable
from .claims import Claim
from .errors import RecouvrementError
from .money import Money, format_money
from .sample import load_sample

__all__ = ["main"]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _aging(claims: Sequence[Claim], as_of: pendulum.Date) -> list[tuple[str, Money]]:
    from .kpi.aging import aging

    result = aging(claims, as_of=as_of)
    balance = result if not isinstance(result, dict) else result["EUR"]
    return [("not due", balance.not_due), *balance.buckets, ("total", balance.total)]


def _demo_data(as_of: pendulum.Date) -> dict[str, Any]:
    sample = load_sample()
    claims = sample.claims
    open_claims = [c for c in claims if not c.is_settled(as_of=as_of)]
    by_debtor: dict[str, dict[str, Any]] = {}
    for claim in open_claims:
        entry = by_debtor.setdefault(
            claim.debtor.id,
            {
                "debtor": claim.debtor.name,
                "kind": claim.debtor.kind.value,
                "claims": 0,
                "outstanding": Money.zero(claim.currency),
                "max_days_past_due": 0,
            },
        )
        entry["claims"] += 1
        entry["outstanding"] += claim.outstanding(as_of=as_of)
        entry["max_days_past_due"] = max(
            entry["max_days_past_due"], claim.days_past_due(as_of=as_of)
        )
    debtors = sorted(by_debtor.values(), key=lambda e: (-e["outstanding"].amount, e["debtor"]))
    return {
        "as_of": as_of,
        "claims": len(claims),
        "debtors": len({c.debtor.id for c in claims}),
        "open_claims": len(open_claims),
        "outstanding": sum((c.outstanding(as_of=as_of) for c in open_claims), Money.zero()),
        "by_debtor": debtors,
        "aging": _aging(claims, as_of),
    }


def _print_demo(data: dict[str, Any], out: TextIO, locale: str) -> None:
    def money(m: Money) -> str:
        return format_money(m, locale=locale)

    out.write(f"recouvrement {__version__}: demo on the embedded sample portfolio\n")
    out.write(
        f"As of {data['as_of'].isoformat()}: {data['claims']} claims of {data['debtors']} debtors, "
        f"{data['open_claims']} open, {money(data['outstanding'])} outstanding.\n\n"
    )
    out.write("Outstanding by debtor\n")
    rows = [
        [
            e["debtor"],
            e["kind"],
            str(e["claims"]),
            money(e["outstanding"]),
            str(e["max_days_past_due"]),
        ]
        for e in data["by_debtor"]
    ]
    out.write(
        _table(
            ["Debtor", "Kind", "Open", "Outstanding", "Max days past due"], rows, right={2, 3, 4}
        )
    )
    out.write("\n\nAging of the balance (days past due)\n")
    total = data["aging"][-1][1]
    aging_rows = []
    for label, amount in data["aging"]:
        share = (
            ""
            if not total.amount
            else f"{(amount.amount / total.amount * 100).quantize(Decimal('0.1'))} %"
        )
        aging_rows.append([label, money(amount), share])
    out.write(_table(["Bucket", "Balance", "Share"], aging_rows, right={1, 2}))
    out.write("\n")


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    as_of = load_sample().as_of if args.as_of is None else to_date(args.as_of, "--as-of")
    data = _demo_data(as_of)
    if args.format == "json":
        json.dump(to_jsonable(data), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_demo(data, out, args.locale)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recouvrement",
        description="Debt-collection rules, French law first: what is owed, what to do next, and why.",
        epilog="Start with `recouvrement demo`. Exit codes: 0 ok, 1 invalid data, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"recouvrement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="run on the embedded sample portfolio",
        description="Summarise the embedded sample portfolio: outstanding by debtor, days past due, aging.",
    )
    demo.add_argument(
        "--as-of", help="evaluation date, YYYY-MM-DD (default: the sample's own date)"
    )
    demo.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    demo.add_argument("--locale", default="fr_FR", help="locale for amounts (default fr_FR)")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["demo", "--locale", "en_GB"], out=buffer)
        0
        >>> "Outstanding by debtor" in buffer.getvalue()
        True
    """
    stream = sys.stdout if out is None else out
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stream)
        return 2
    try:
        code: int = args.handler(args, stream)
    except RecouvrementError as exc:
        sys.stderr.write(f"recouvrement: error: {exc}\n")
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
