"""A ledger as a French spreadsheet saves it (shared by the reader and batch tests)."""

from __future__ import annotations

DATE_COLUMNS = ("issued_on", "due_on", "prescription_starts_on")
"""The standard layout's date columns (the histories are JSON: they keep their format)."""


def french_rows(rows: list[list[str]]) -> list[list[str]]:
    """The rows of a standard ledger (header first) as a French spreadsheet saves them:
    day/month/year dates, a decimal comma, digits grouped by spaces (the histories are
    JSON: they keep their own format)."""
    header = rows[0]
    out = [header]
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        for name in DATE_COLUMNS:
            if cells[name]:
                year, month, day = cells[name].split("-")
                cells[name] = f"{day}/{month}/{year}"
        whole, _, cents = cells["amount"].partition(".")
        grouped = f"{int(whole):,}".replace(",", " ")
        cells["amount"] = grouped + ("," + cents if cents else "")
        for name in ("terms_late_interest_rate", "terms_penalty_amount", "terms_penalty_percent"):
            cells[name] = cells[name].replace(".", ",")
        out.append([cells[name] for name in header])
    return out
