"""The command line's parser: commands, options, help texts and examples (internal)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._context import _Output, _Run, _UsageError
from ._ops_parser import _add_rates_options

_FORMATS = ("table", "json", "csv")
_EXIT_CODES = """\
exit codes:
  0  success
  1  the data could not be used: unreadable file, nothing loaded, invalid rows beyond
     --max-invalid (the output is still printed) or with --strict, unknown claim or
     debtor id, a library error (the message names the field and the value), or an
     internal error (printed with its traceback)
  2  usage error: unknown command, missing --as-of, malformed option, an -o that
     cannot be written or that is an input file
  3  a rate needed for an amount is not published: everything else is computed and
     printed; give --rates FILE or --rates-dir DIR (see `recouvrement rates check`)"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=96)


def _date_help(what: str) -> str:
    return f"{what}, as YYYY-MM-DD"


def _add_csv_format(group: argparse._ArgumentGroup) -> None:
    """The CSV format options (French Excel: ``--delimiter ';' --encoding cp1252 ...``)."""
    group.add_argument(
        "--encoding", metavar="NAME", help="utf-8 (default), cp1252, latin-1, or auto"
    )
    group.add_argument(
        "--delimiter", metavar="CHAR", help="the cell separator: , (default) ; tab, or auto"
    )
    group.add_argument(
        "--decimal", metavar="CHAR", help="the decimal separator: . (default) , auto"
    )
    group.add_argument(
        "--thousands",
        metavar="CHARS",
        help="thousands separators removed from amounts: space (all kinds of spaces), "
        "'.', ',', none (default) or auto",
    )
    group.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="iso (default), a strptime format such as %%d/%%m/%%Y, or auto",
    )
    group.add_argument(
        "--detect",
        action="store_true",
        help="detect the five settings above (those not given); what was found goes to stderr",
    )


def _parents() -> dict[str, argparse.ArgumentParser]:
    source = argparse.ArgumentParser(add_help=False)
    group = source.add_argument_group("input")
    group.add_argument(
        "claims",
        metavar="CLAIMS_FILE",
        help="the claims: .csv (standard layout, or any export with --mapping), "
        ".jsonl or .json (the layout of Claim.to_dict)",
    )
    group.add_argument(
        "--mapping",
        metavar="NAME_OR_TOML",
        help="how to read another system's export: a shipped mapping name "
        "(odoo, erpnext, sage, sap_fbl5n, sap_fbl5n_netted, ibm_ar) or a mapping TOML file",
    )
    group.add_argument(
        "--input-format",
        choices=("csv", "jsonl", "json", "parquet", "arrow"),
        help="the file's format when its extension does not say",
    )
    _add_csv_format(group)
    group.add_argument(
        "--max-invalid",
        metavar="N|P%",
        help="invalid rows accepted before the run exits 1: a count (3) or a share of the "
        "rows read (0.5%%); default 0 (the output is printed either way)",
    )
    group.add_argument(
        "--duplicates",
        choices=("error", "keep_first", "keep_last"),
        default="error",
        help="a repeated claim id: an invalid row (default), or keep the first/last (warned)",
    )
    group.add_argument(
        "--fractions",
        choices=("warn", "round", "refuse"),
        default="warn",
        help="an amount with more decimals than its currency has: read it with a warning "
        "(default), round it half up, or refuse the row",
    )
    _add_rates_options(group)
    group.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole file if any row is invalid (exit 1); by default each invalid "
        "row is reported on stderr and skipped",
    )
    group.add_argument(
        "--as-of", metavar="DATE", help=_date_help("required: the day to evaluate on")
    )

    policy = argparse.ArgumentParser(add_help=False)
    group = policy.add_argument_group("decisions")
    group.add_argument(
        "--policy",
        metavar="FILE",
        help="an escalation policy TOML file (default: the French default ladder)",
    )
    group.add_argument(
        "--no-profiles",
        action="store_true",
        help="follow the ladder without the debtors' payment profiles (segments)",
    )

    output = argparse.ArgumentParser(add_help=False)
    group = output.add_argument_group("output")
    group.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="a readable table (default), JSON, or spreadsheet-safe CSV",
    )
    group.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout)")
    group.add_argument(
        "--locale",
        default=None,
        help="locale of amounts and letters (default fr_FR; a letter defaults to its claim's "
        "law: de_DE for German law, fr_BE for Belgian; en_GB...)",
    )
    group.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no notes on stderr"
    )
    return {"source": source, "policy": policy, "output": output}


_COMMANDS: dict[str, dict[str, Any]] = {
    "demo": {
        "help": "run the library on the embedded sample portfolio",
        "usage": "%(prog)s [--as-of DATE] [--full] [options]",
        "description": "Run the library on the embedded sample portfolio (200 claims of 40\n"
        "debtors) as of its own date. One screen by default: the headline, the aging, the five\n"
        "most urgent actions with their reason, and what to run next. With --full: the whole\n"
        "report (KPIs over the quarter, debtor segments, the next action on every open claim\n"
        "with its reasons, the legal deadlines of the next 90 days) and one formal notice as\n"
        "the debtor would receive it.",
        "examples": [
            "recouvrement demo",
            "recouvrement demo --locale en_GB",
            "recouvrement demo --full",
            "recouvrement demo --format json -o demo.json",
            "recouvrement demo --html -o demo.html",
        ],
    },
    "dashboard": {
        "help": "the ledger's dashboard: one self-contained HTML file with charts",
        "description": "The dashboard of a ledger as one HTML file that works offline and prints:\n"
        "headline figures with their change over the previous month (each expands to its\n"
        "formula), the aging, DSO and CEI by month, sales and receivables, the top debtors by\n"
        "overdue, the segments, the alerts of the day (legal deadlines close, promises due or\n"
        "broken, broken payment plans, credit limits exceeded with --credit-policy, rate\n"
        "tables out of date), the day's worklist and the actions by step.\n"
        "Needs the charts extra: pip install 'recouvrement[charts]'.",
        "examples": [
            "recouvrement dashboard claims.csv --as-of 2026-03-31 -o report.html",
            "recouvrement dashboard claims.csv --as-of 2026-03-31 --locale en_GB -o report.html",
            "recouvrement dashboard claims.csv --as-of 2026-03-31 --within 90 --worklist-size 10 "
            "-o report.html",
        ],
    },
    "sample": {
        "help": "write the sample ledger (claims.csv) the examples use",
        "usage": "%(prog)s [-o FILE]",
        "description": "Write the embedded sample portfolio (200 claims of 40 debtors, dated\n"
        "2026-03-31) as a claims file: CSV in the standard layout, or JSON lines / JSON when\n"
        "FILE ends with .jsonl / .json. Every example of `--help` and of the guide runs on it.",
        "examples": [
            "recouvrement sample -o claims.csv",
            "recouvrement sample -o claims.jsonl",
        ],
    },
    "report": {
        "help": "summary, aging, KPIs, segments, actions and deadlines of a ledger",
        "description": "One page on a ledger: what is owed and by whom, the aging of the balance,\n"
        "the KPIs over a window (DSO, Best Possible DSO, ADD, CEI...), the debtors' segments,\n"
        "how many claims need which action, and the legal deadlines coming up.\n"
        "CSV output is long-format: one row per (section, key, currency, value).",
        "examples": [
            "recouvrement report claims.csv --as-of 2026-03-31",
            "recouvrement report claims.csv --as-of 2026-03-31 --locale en_GB --top 5",
        ],
    },
    "next-actions": {
        "help": "the next action on every open claim, with its reasons",
        "description": "Decide what to do about every open claim (closed ones with --all): the\n"
        "action, its channel, the day, the policy step, and the reasons with their legal\n"
        "basis. The debtors' payment profiles choose the ladder's track unless --no-profiles.",
        "examples": [
            "recouvrement next-actions claims.csv --as-of 2026-03-31",
            "recouvrement next-actions claims.csv --as-of 2026-03-31 --due-now "
            "--format csv -o todo.csv",
            "recouvrement next-actions claims.jsonl --as-of 2026-03-31 "
            "--action formal_notice --explain",
        ],
    },
    "kpis": {
        "help": "receivables KPIs as of a date, or their monthly trend",
        "description": "Receivables, DSO, Best Possible DSO, Average Days Delinquent, countback\n"
        "DSO, CEI, days to pay, recovery rate and cost over a window of --window-months\n"
        "months ending on --as-of (whole calendar months when --as-of is a month end), with\n"
        "the aging; or, with --trend N, the same figures month by month. Figures are rounded\n"
        "half up to 2 decimals; one set per currency.",
        "examples": [
            "recouvrement kpis claims.csv --as-of 2026-03-31",
            "recouvrement kpis claims.csv --as-of 2026-03-31 --trend 12 --format csv",
        ],
    },
    "profiles": {
        "help": "each debtor's payment profile: segment, score and why",
        "description": "Profile every debtor from its claims' history: segment (punctual,\n"
        "occasionally or habitually late, financial difficulty, bad faith, insolvent, new),\n"
        "a 0-100 risk score, the rule that matched and its reasons.",
        "examples": [
            "recouvrement profiles claims.csv --as-of 2026-03-31",
            "recouvrement profiles claims.csv --as-of 2026-03-31 --debtor D0007",
        ],
    },
    "deadlines": {
        "help": "legal deadlines coming up: prescription, claim declaration",
        "description": "List the legal deadlines falling within --within days of --as-of:\n"
        "prescription (limitation) of open claims, the deadline to declare a claim in\n"
        "insolvency proceedings, or to ask for relief from foreclosure; each with its article.",
        "examples": ["recouvrement deadlines claims.csv --as-of 2026-03-31 --within 180"],
    },
    "notice": {
        "help": "the letter the next action sends (reminder, formal notice...)",
        "description": "Decide the next action on one claim (--claim) or on all the claims of\n"
        "a debtor (--debtor: one letter at the highest step) and render the letter it sends,\n"
        "in --locale, as text (default), HTML (--html), JSON or CSV. It fails (exit 1) when\n"
        "the next action sends nothing (a wait, a court filing...).",
        "examples": [
            "recouvrement notice claims.csv --as-of 2026-04-06 --claim S-00181",
            "recouvrement notice claims.csv --as-of 2026-03-31 --debtor D0037 "
            "--html -o letter.html",
        ],
    },
    "simulate": {
        "help": "what-if timeline of one claim if nothing is paid",
        "description": "Replay one claim from --start (default: --as-of) to --end (default: one\n"
        "year later) as if every decided action were carried out on its date and the\n"
        "debtor paid nothing: the timeline of actions with their reasons.",
        "examples": [
            "recouvrement simulate claims.csv --as-of 2026-03-31 --claim S-00173 --end 2026-06-30"
        ],
    },
}


_SOURCE_USAGE = "%(prog)s CLAIMS_FILE --as-of DATE [options]"


def _add_demo(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--as-of", metavar="DATE", help=_date_help("default: the sample's own date")
    )
    options.add_argument(
        "--full",
        action="store_true",
        help="the whole report, every next action, the reasons and a formal notice",
    )
    options.add_argument(
        "--html", action="store_true", help="write the sample's dashboard (HTML) instead"
    )
    _add_months(options)


def _add_months(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--months",
        type=int,
        default=24,
        metavar="N",
        help="the dashboard's trend charts: N months (default 24)",
    )


def _add_dashboard(options: argparse._ArgumentGroup) -> None:
    _add_months(options)
    options.add_argument(
        "--within",
        type=int,
        default=30,
        metavar="DAYS",
        help="alert on the legal deadlines within DAYS days of --as-of (default 30)",
    )
    options.add_argument(
        "--worklist-size",
        type=int,
        default=20,
        metavar="N",
        help="show the first N accounts of the day's worklist (default 20)",
    )
    options.add_argument(
        "--credit-policy",
        metavar="TOML",
        help="a credit policy TOML file (as `recouvrement credit --policy-file`): alert on "
        "the customers above the limit it recommends",
    )


def _add_sample(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE: .csv (default), .jsonl or .json (default: CSV on stdout)",
    )
    options.add_argument("--quiet", "-q", action="store_true", help="no note on stderr")


def _add_window(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--window-months",
        type=int,
        default=3,
        metavar="N",
        help="the KPI window: N months ending on --as-of (default 3, a quarter)",
    )


def _add_report(options: argparse._ArgumentGroup) -> None:
    _add_window(options)
    options.add_argument(
        "--within",
        type=int,
        default=90,
        metavar="DAYS",
        help="legal deadlines within DAYS days (default 90)",
    )
    options.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="debtors shown in the table (default 10; JSON lists all)",
    )


def _add_next_actions(options: argparse._ArgumentGroup) -> None:
    from ..policy import Action

    options.add_argument(
        "--all", action="store_true", help="include the closed claims (settled...)"
    )
    options.add_argument("--due-now", action="store_true", help="only the actions due on --as-of")
    options.add_argument(
        "--action",
        action="append",
        choices=[a.value for a in Action],
        metavar="ACTION",
        help="only this action (repeatable): " + ", ".join(a.value for a in Action),
    )
    options.add_argument(
        "--explain", action="store_true", help="print every decision's full reasons"
    )
    options.add_argument(
        "--width",
        type=int,
        default=72,
        metavar="N",
        help="width of the reason column of the table (default 72)",
    )
    options.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="decide a CSV ledger on N processes, in any order, with a mapping or the "
        "format options: the same output as one process (default: every core for a "
        "ledger of 16 MiB or more, else 1; --explain, --duplicates and --fractions run "
        "in one process)",
    )


def _add_kpis(options: argparse._ArgumentGroup) -> None:
    _add_window(options)
    options.add_argument(
        "--trend",
        type=int,
        metavar="MONTHS",
        help="the monthly trend of the MONTHS months ending with --as-of's month",
    )


def _add_profiles(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--debtor", metavar="ID", help="explain one debtor's profile")


def _add_deadlines(options: argparse._ArgumentGroup) -> None:
    options.add_argument(
        "--within",
        type=int,
        default=90,
        metavar="DAYS",
        help="deadlines from --as-of to DAYS days after it, included (default 90)",
    )


def _add_notice(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--claim", metavar="ID", help="the letter for this claim")
    options.add_argument("--debtor", metavar="ID", help="one letter for all this debtor's claims")
    options.add_argument("--html", action="store_true", help="print the HTML version")
    options.add_argument(
        "--details",
        metavar="TOML",
        help="creditor details for the letter: iban, bic, payment_link, contact, "
        "signature, cure_days, [agency] and [commissaire] name and address",
    )


def _add_simulate(options: argparse._ArgumentGroup) -> None:
    options.add_argument("--claim", metavar="ID", required=True, help="the claim")
    options.add_argument("--start", metavar="DATE", help=_date_help("default: --as-of"))
    options.add_argument(
        "--end", metavar="DATE", help=_date_help("default: one year after --start")
    )


_OPTIONS: dict[str, Callable[[argparse._ArgumentGroup], None]] = {
    "demo": _add_demo,
    "dashboard": _add_dashboard,
    "sample": _add_sample,
    "report": _add_report,
    "next-actions": _add_next_actions,
    "kpis": _add_kpis,
    "profiles": _add_profiles,
    "deadlines": _add_deadlines,
    "notice": _add_notice,
    "simulate": _add_simulate,
}


def _chosen_parents(name: str, parents: dict[str, argparse.ArgumentParser]) -> list[Any]:
    wanted = _COMMANDS[name].get("parents")
    if wanted is not None:
        return [parents[p] for p in wanted]
    if name == "sample":
        return []
    if name == "demo":
        return [parents["policy"], parents["output"]]
    if name in ("report", "next-actions", "notice", "simulate", "dashboard"):
        return [parents["source"], parents["policy"], parents["output"]]
    return [parents["source"], parents["output"]]


def _register_more() -> None:
    from ._ops_parser import MORE_OPTIONS, MORE_SPECS

    for name, spec in MORE_SPECS.items():
        _COMMANDS.setdefault(name, spec)
        _OPTIONS.setdefault(name, MORE_OPTIONS[name])


def build_parser(handlers: Mapping[str, Callable[[_Run], _Output]]) -> argparse.ArgumentParser:
    """The ``recouvrement`` parser, each command bound to its handler."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="recouvrement",
        description="Debt-collection rules, French law first: what is owed, what to do next,\n"
        "and why. Every command but `demo` and `sample` reads your claims file and needs "
        "--as-of.\nNo claims file yet? `recouvrement sample -o claims.csv` writes one.",
        epilog="Start with `recouvrement demo`, then `recouvrement COMMAND --help`.\n\n"
        + _EXIT_CODES,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"recouvrement {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    parents = _parents()
    _register_more()
    for name, spec in _COMMANDS.items():
        examples = "\n".join(f"  {line}" for line in spec["examples"])
        sub = commands.add_parser(
            name,
            help=spec["help"],
            usage=spec.get("usage", _SOURCE_USAGE),
            description=spec["description"],
            epilog=f"examples:\n{examples}\n\n{_EXIT_CODES}",
            parents=_chosen_parents(name, parents),
            formatter_class=_Formatter,
        )
        sub.set_defaults(handler=handlers[name], subparser=sub)
        _OPTIONS[name](sub.add_argument_group(f"{name} options"))
    return parser


def check(run: _Run) -> None:
    """Usage checks that argparse cannot express (exit 2, before any file is read)."""
    from babel import Locale, UnknownLocaleError

    from ._context import _as_of, _input_format, _mapping

    args = run.args
    locale: str | None = getattr(args, "locale", None)
    try:
        if locale is not None:
            Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError, LookupError):
        raise _UsageError(
            f"--locale {locale!r}: unknown locale (use a name such as fr_FR or en_GB)"
        ) from None
    for option in ("window_months", "trend", "top", "width", "months"):
        value = getattr(args, option, None)
        if value is not None and value < 1:
            raise _UsageError(f"--{option.replace('_', '-')} {value}: must be at least 1")
    for option, most in (("trend", 1200), ("window_months", 1200), ("within", 36600)):
        value = getattr(args, option, None)
        if value is not None and value > most:
            raise _UsageError(f"--{option.replace('_', '-')} {value}: at most {most}")
    within = getattr(args, "within", None)
    if within is not None and within < 0:
        raise _UsageError(f"--within {within}: must be 0 or more days")
    _check_dates(args)
    limit = getattr(args, "max_invalid", None)
    if limit is not None:
        _check_limit(limit)
    _check_output(run)
    if getattr(args, "claims", None) is not None:
        if args.command not in ("demo", "sample"):
            _as_of(run)
        if _input_format(run, Path(args.claims)) in ("csv", "parquet", "arrow"):
            _mapping(run)


def _check_dates(args: argparse.Namespace) -> None:
    """A malformed date option is a usage error (exit 2)."""
    from .._convert import to_date
    from ..errors import RecouvrementError

    for option in ("as_of", "start", "end", "requested_on"):
        value = getattr(args, option, None)
        if value is None:
            continue
        try:
            to_date(value, f"--{option.replace('_', '-')}")
        except RecouvrementError as exc:
            raise _UsageError(str(exc)) from None


def _check_limit(limit: str) -> None:
    """``--max-invalid``: a count (3) or a percentage (0.5%), as `LoadResult.accepts` takes."""
    from decimal import Decimal, InvalidOperation

    text = limit.strip()
    try:
        if text.endswith("%"):
            share = Decimal(text[:-1].strip())
            good = share.is_finite() and 0 <= share <= 100
        else:
            good = text.isdigit()
    except (InvalidOperation, ValueError):
        good = False
    if not good:
        raise _UsageError(f"--max-invalid {limit!r}: give a count (3) or a percentage (0.5%)")


def _check_output(run: _Run) -> None:
    """``-o``: a file that can be written and is no input (exit 2 before reading)."""
    from ..errors import RecouvrementError
    from ..io.export import check_output_path

    target: str | None = getattr(run.args, "output", None)
    if target is None or target == "-":
        return
    inputs = [getattr(run.args, "claims", None), *(getattr(run.args, "rates", None) or ())]
    for name in ("policy", "details", "policy_file", "owners", "mapping"):
        inputs.append(getattr(run.args, name, None))
    try:
        check_output_path(target, inputs=[Path(i) for i in inputs if i])
    except RecouvrementError as exc:
        raise _UsageError(f"-o {target!r}: {exc}") from None


def command_examples() -> list[str]:
    """Every example command line of the help texts."""
    _register_more()
    return [line for spec in _COMMANDS.values() for line in spec["examples"]]
