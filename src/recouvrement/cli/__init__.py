"""The ``recouvrement`` command.

``recouvrement demo`` runs the library on the embedded sample portfolio (one screen;
``--full`` for everything); ``recouvrement sample -o claims.csv`` writes that sample as a
claims file. The other commands work on your own claims file (``.csv`` in the standard layout or through a column
mapping, ``.jsonl``, ``.json``) as of a date you give:

- ``report``: portfolio summary, aging, KPIs, segments, actions and legal deadlines;
- ``next-actions``: the next action on every open claim, with its reasons;
- ``kpis``: DSO, Best Possible DSO, ADD, CEI... as of a date, or their monthly trend;
- ``profiles``: the payment profile (segment and score) of every debtor;
- ``deadlines``: the legal deadlines (prescription, claim declaration) coming up;
- ``notice``: the letter the next action sends, for a claim or a debtor;
- ``simulate``: the timeline of actions if nothing is paid;
- ``credit``: credit limits, exposure, delivery holds, reviews, one order checked;
- ``retention``: when debtors' data are archived and deleted, the purge plan, erasure requests;
- ``worklist``: the accounts to work today, ranked, within the collectors' capacity;
- ``forecast``: expected collections per week or month, with intervals;
- ``rates check`` / ``rates update``: how current the rate tables are; fetch new rates
  (the only network access, explicit);
- ``schema``: the JSON Schema of the standard ledger.

CSV exports of other systems are read with ``--mapping`` (``odoo``, ``erpnext``, ``sage``,
``sap_fbl5n``, ``sap_fbl5n_netted``, ``ibm_ar`` or a TOML file) and the format options ``--encoding``,
``--delimiter``, ``--decimal``, ``--thousands``, ``--date-format`` (each also ``auto``) or
``--detect``; Parquet and Arrow files are read too. ``--rates FILE`` and ``--rates-dir DIR``
(default ``$RECOUVREMENT_RATES_DIR``) add newer rates to the packaged tables.

Output is a readable table (``--format table``, the default), JSON (``--format json``: a
document whose ``rows`` are the records) or CSV (``--format csv``: the same records,
safe to open in a spreadsheet, read back with `recouvrement.io.read_rows_csv`).

Exit codes: 0 success; 1 the data could not be used (an unreadable file, no claim loaded,
invalid rows beyond ``--max-invalid`` (the output is still printed) or with ``--strict``,
an unknown claim id, a library error: the message names the field and the value; an
unexpected internal error too, with its traceback); 2 a usage error (a missing or
malformed option, an ``-o`` that cannot be written or is an input file), detected before
any file is read; 3 a rate needed for an amount is not published (``--rates FILE``):
everything else is computed and printed.

Every output carries the counts of the load (rows read, loaded, skipped...): a
``counts`` member in JSON, a last line ``# counts: rows=...`` in CSV and in the table.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
from collections.abc import Sequence
from typing import TextIO

from ._progress import Progress

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_RATE", "EXIT_USAGE", "Progress", "main"]

EXIT_OK = 0
"""The command did what it was asked."""
EXIT_DATA = 1
"""The data could not be used (unreadable file, invalid rows with ``--strict``, a library error)."""
EXIT_USAGE = 2
"""The command line is wrong (unknown command, missing or malformed option, a bad ``-o``)."""
EXIT_RATE = 3
"""A rate needed for an amount is not published; everything else was computed and printed."""


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 data error, 2 usage error).

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where the result goes (default: standard output). Errors, invalid rows and
            the progress bar go to standard error.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["demo", "--locale", "en_GB", "--quiet"], out=buffer)
        0
        >>> "most urgent actions" in buffer.getvalue()
        True
    """
    from ..errors import RateNotPublished, RecouvrementError
    from ..io.errors import LedgerError
    from ._context import _DataError, _Run, _UsageError
    from ._parser import build_parser, check
    from ._render import _emit
    from .commands import COMMANDS

    stream = sys.stdout if out is None else out
    parser = build_parser(COMMANDS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(stream)
        return EXIT_USAGE
    run = _Run(args=args, parser=args.subparser, started=time.monotonic())
    try:
        check(run)
        output = args.handler(run)
        _emit(run, output, stream)
        if run.status:
            return run.status
    except _UsageError as exc:
        args.subparser.print_usage(sys.stderr)
        sys.stderr.write(f"recouvrement {args.command}: error: {exc}\n")
        return EXIT_USAGE
    except RateNotPublished as exc:  # a letter or a figure that needs a missing rate
        sys.stderr.write(
            f"recouvrement: error: {exc}\nrecouvrement: give the rate with --rates FILE or "
            "--rates-dir DIR (see `recouvrement rates check`)\n"
        )
        return EXIT_RATE
    except LedgerError as exc:  # a file that cannot be read at all (its header...)
        for error in exc.errors:
            sys.stderr.write(f"recouvrement: error: {error}\n")
        return EXIT_DATA
    except (RecouvrementError, _DataError) as exc:
        sys.stderr.write(f"recouvrement: error: {exc}\n")
        return EXIT_DATA
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("recouvrement: interrupted\n")
        return 130
    except (OverflowError, ArithmeticError, ValueError) as exc:  # a date or number out of range
        if os.environ.get("RECOUVREMENT_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(
            f"recouvrement: error: a value is out of range ({type(exc).__name__}: {exc}); "
            "check the dates and amounts of the file and the options (RECOUVREMENT_DEBUG=1 "
            "shows where)\n"
        )
        return EXIT_DATA
    except Exception:  # a bug: show where, and still exit with a documented code
        traceback.print_exc()
        sys.stderr.write(
            "recouvrement: internal error: this is a bug in recouvrement; please report it "
            "with the command line and the traceback above\n"
        )
        return EXIT_DATA
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
