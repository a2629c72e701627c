"""`planner export people`: an area's people as a CSV file in the import's own columns
(planner.exchange.imports.SPECS), so the file imports back unchanged."""

from __future__ import annotations

from planner import store
from planner.exchange.exports import to_csv
from planner.exchange.imports import BOOLEAN, SPECS
from planner.models import ASSESSED_FIELDS


def people_csv(db, area: str) -> tuple[str, int]:
    """An area's people as CSV in this import's own columns, yes/no as Y/N, so the file imports
    back unchanged (`planner export people`): (text, rows)."""
    required, optional = SPECS["people"]
    columns = [*required, *optional]
    rows = []
    for person in store.list_people(db, area=area):
        row = {c: person.get(c) for c in columns}
        for c in BOOLEAN & set(columns):
            row[c] = "Y" if row[c] else "N"
        for c in ASSESSED_FIELDS:
            row[c] = "" if row[c] is None else ("Y" if row[c] else "N")
        rows.append(row)
    return to_csv(rows, columns), len(rows)
