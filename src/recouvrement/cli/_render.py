"""Output of the command line (internal): a table for people, JSON or CSV records.

``--output FILE`` is written atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ._context import _DataError, _Output, _Run

__all__ = ["_emit"]


@contextlib.contextmanager
def _target(run: _Run, out: TextIO) -> Iterator[TextIO]:
    """Standard output, or ``--output FILE``.

    A regular file is written atomically (a temporary file beside it, renamed over it once
    complete, with the usual permissions), so a failed run never leaves half a file; a
    device or a pipe (``/dev/null``, a FIFO) is written in place; ``-`` is standard output.
    """
    name: str | None = run.args.output
    if name is None or name == "-":
        yield out
        return
    path = Path(name)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise _DataError(f"--output: {name!r} is a directory")
        with open(path, "w", encoding="utf-8", newline="") as file:
            yield file
        return
    folder = path.parent
    if not folder.is_dir():
        raise _DataError(f"--output: no such directory: {str(folder)!r}")
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as file:
            yield file
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _emit(run: _Run, output: _Output, out: TextIO) -> None:
    """Write ``output`` as ``--format`` says (a table for people, JSON, or CSV)."""
    from ..io.export import write_rows_csv

    fmt: str = getattr(run.args, "format", "table")
    with _target(run, out) as target:
        if output.write is not None:
            output.write(target)
        elif fmt == "json":
            json.dump(output.document, target, ensure_ascii=False, indent=2)
            target.write("\n")
        elif fmt == "csv":
            write_rows_csv(output.rows, target, columns=output.columns)
        else:
            target.write(output.text())
