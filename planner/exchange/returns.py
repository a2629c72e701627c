"""The statutory evidence pack: the figures a council is asked for about its own timeliness.

Each figure is one documented query of planner.store.returns over the record (its SQL is the
definition: `Figure.sql`, printed in the README), with its legal source. Inside the council the
true counts are shown; anything that leaves the council (a published table, a freedom of
information answer, the CSV from `planner returns ... --csv`) goes through
planner.need.disclosure: counts of 1 to 7 hidden, others rounded to 5, secondary suppression.
Annex A List 1 (person-level, for inspectors) is in planner.exchange.annex_a.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from planner import store
from planner.need.disclosure import ReleasedTable, release_table, tables_csv


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    source: str
    statutory: bool
    met: str  # the column that counts as on time


SPECS: tuple[Spec, ...] = (
    Spec(key="phase-transfer", title="Phase transfers: amended EHC plan finalised by the deadline",
         row_header="Deadline (year)", columns=("on time", "late", "not finalised", "not yet due"),
         source="SEND Regulations 2014 reg 18: 31 March for a move from school to post-16, 15 February otherwise",
         statutory=True, met="on time"),
    Spec(key="annual-reviews", title="Annual reviews held within 12 months", row_header="Age band",
         columns=("within 12 months", "overdue", "not yet due"),
         source="Children and Families Act 2014 s.44; SEND Regulations 2014 regs 18-20", statutory=True,
         met="within 12 months"),
    Spec(key="review-decisions", title="Decisions after annual review meetings, within 4 weeks",
         row_header="Year of meeting", columns=("within 4 weeks", "later", "no decision", "not yet due"),
         source="SEND Regulations 2014 reg 20(10); SEND Code of Practice 9.176", statutory=True,
         met="within 4 weeks"),
    Spec(key="assessments", title="EHC plans issued within 20 weeks of the request", row_header="Year issued",
         columns=("within 20 weeks", "over 20 weeks", "exceptions"),
         source="SEND Regulations 2014 reg 13(2); exceptions reg 13(3)", statutory=True, met="within 20 weeks"),
    Spec(key="care-act", title="Care Act transition assessments done before 18", row_header="Year turned 18",
         columns=("before 18", "at or after 18", "not assessed"),
         source="Care Act 2014 s.58; Care and Support Statutory Guidance ch. 16 (a target, not a statutory deadline)",
         statutory=False, met="before 18"),
    Spec(key="gaps", title="Gaps at 18 in the current plan, by service", row_header="Children's service to adult service",
         columns=("no gap", "gap up to 4 weeks", "gap over 4 weeks"),
         source="NICE NG43 and QS140; Care Act 2014 s.66 (children's services continue until adult care is in place)",
         statutory=False, met="no gap"),
)
BY_KEY = {s.key: s for s in SPECS}
KEYS = tuple(BY_KEY)


class Figure(BaseModel):
    """One figure of the evidence pack: true counts (for use inside the council) and the query."""

    model_config = ConfigDict(extra="forbid")

    spec: Spec
    area: str
    as_of: dt.date
    rows: list[str]
    counts: list[list[int]]
    sql: str

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    def met(self) -> tuple[int, int]:
        """(on time, all that were due): the columns 'not yet due' leave the denominator."""
        j = self.spec.columns.index(self.spec.met)
        due = [i for i, c in enumerate(self.spec.columns) if c != "not yet due"]
        return sum(r[j] for r in self.counts), sum(r[i] for r in self.counts for i in due)

    def summary(self) -> str:
        met, due = self.met()
        if not due:
            return f"{self.spec.title}: none were due in {self.area} by {self.as_of:%-d %B %Y}."
        return (f"{self.spec.title}: {met} of {due} ({100 * met / due:.0f}%) in {self.area}, "
                f"as of {self.as_of:%-d %B %Y}.")

    def released(self) -> ReleasedTable:
        """The figure as it may leave the council (planner.need.disclosure)."""
        return release_table(self.counts or [[0] * len(self.spec.columns)], self.rows or ["none"],
                             list(self.spec.columns), title=f"{self.spec.title} ({self.area}, {self.as_of})",
                             row_header=self.spec.row_header)

    def exact_rows(self) -> list[list]:
        """Header and rows of true counts, with row totals (inside the council only)."""
        return [[self.spec.row_header, *self.spec.columns, "Total"],
                *([label, *c, sum(c)] for label, c in zip(self.rows, self.counts, strict=True))]


def figure(db, key: str, area: str, as_of: dt.date) -> Figure:
    """One figure of the evidence pack for an area on a date."""
    spec = BY_KEY[key]
    rows = store.returns.figure_rows(db, key, area, as_of.isoformat())
    return Figure(spec=spec, area=area, as_of=as_of, rows=[str(r[0]) for r in rows],
                  counts=[[int(v) for v in r[1:]] for r in rows], sql=store.returns.QUERIES[key].strip())


def evidence_pack(db, area: str, as_of: dt.date) -> list[Figure]:
    """Every figure, in the order of `SPECS` (the administrator's page shows them all)."""
    return [figure(db, s.key, area, as_of) for s in SPECS]


def released_csv(figures: list[Figure]) -> str:
    """The figures as they may leave the council, one spreadsheet-safe CSV text."""
    return tables_csv(f.released() for f in figures)


def sql_docs() -> str:
    """Every figure's definition as Markdown (the README's 'Evidence pack queries' section)."""
    parts = []
    for s in SPECS:
        parts.append(f"**{s.title}** (`planner returns {s.key}`; {s.source}):\n\n```sql\n"
                     f"{store.returns.QUERIES[s.key].strip()}\n```\n")
    return "\n".join(parts)
