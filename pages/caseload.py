"""Caseload: a worker's young people (a team manager's: everyone the team's workers hold) with
what is due, what is overdue and who is at risk of a gap, and this week's and next month's steps.

The list shows names, so each render is written to the audit log ("caseload viewed", with the
number of people, never who). Opening a person's plan passes their id in session state only,
never in the URL; the plan page checks access again and audits the read.
"""

from pathlib import Path

import streamlit as st

from pages import _frame
from planner.views.pages import caseload as view
from planner.views.pages.caseload import Risk
from planner.views.words import long_date, pluralise

PERSON_PLAN = Path(__file__).with_name("person_plan.py")
RISK_WORDS = {Risk.GAP: "▲ At risk of a gap", Risk.OVERDUE: "◆ Step overdue", Risk.NONE: "○ On track"}
SORTS = {"risk": "Most urgent first", "next": "Next step date", "age": "Age", "need": "Need", "name": "Name"}
SHOW = {None: "Everyone", Risk.OVERDUE: "Overdue or at risk of a gap", Risk.GAP: "At risk of a gap only"}


req = _frame.request("caseload")
st.title("Caseload")
mine = _frame.shown(lambda: view.show(req))
today = req.today
manager, table = mine.manager, mine.table

whose = "your team's workers hold" if manager else "are on your caseload"
gap, late = mine.gap, mine.late
st.markdown(
    f"{pluralise(len(table), 'young person', 'young people')} {whose}, on {long_date(today)}: "
    f"**{RISK_WORDS[Risk.GAP]}**: {gap}; **{RISK_WORDS[Risk.OVERDUE]}** (but no gap yet): {late}; "
    f"**{RISK_WORDS[Risk.NONE]}**: {len(table) - gap - late}. "
    f"{pluralise(len(mine.this_week), 'step')} this week or overdue, "
    f"{pluralise(len(mine.next_month), 'step')} in the month after."
)
if not table:
    st.info("There is no one to show yet." if manager else "There is no one on your caseload yet.")
    st.stop()

st.header("Young people")
ages = [r.age for r in table]
col1, col2, col3 = st.columns(3)
sort = col1.selectbox("Sort by", options=list(SORTS), format_func=SORTS.get, key="caseload_sort")
risk = col2.selectbox("Show", options=list(SHOW), format_func=SHOW.get, key="caseload_risk")
low, high = min(ages), max(ages)
age = col3.slider("Age", min_value=low, max_value=max(high, low + 1), value=(low, max(high, low + 1)),
                  key="caseload_age")
col4, col5 = st.columns(2)
need_choice = col4.selectbox("Need", options=[None, *sorted({r.need for r in table})],
                             format_func=lambda n: "All needs" if n is None else n, key="caseload_need")
domain = col5.selectbox("Area of life", options=[None, *sorted({d for r in table for d in r.domains})],
                        format_func=lambda d: "All areas of life" if d is None else d.capitalize(),
                        key="caseload_domain")
shown = mine.select(sort=sort, age=age, need=need_choice, domain=domain, risk=risk)
st.markdown(f"Showing {len(shown)} of {len(table)}.")


def one_page(items: list, key: str) -> list:
    """Long lists a page at a time (view.PER_PAGE rows), so the page stays quick to draw."""
    pages = view.pages(len(items))
    if pages == 1:
        return items
    n = st.number_input(f"Page (of {pages}, {view.PER_PAGE} rows each)", min_value=1, max_value=pages, value=1,
                        step=1, key=key)
    first, last = view.page_bounds(len(items), int(n))
    st.markdown(f"Rows {first + 1} to {last} of {len(items)}.")
    return items[first:last]


if shown:
    st.dataframe(
        [{"Name": r.name, "Risk": RISK_WORDS[r.risk], "Age": r.age, "Need": r.need,
          "Next step": r.next_step, "Next step starts": r.next_date, "Due this week": r.due_this_week,
          "Due next month": r.due_next_month, "Overdue steps": r.overdue,
          "Areas of life": ", ".join(r.domains), "Why": r.reason, **({"Worker": r.worker} if manager else {})}
         for r in one_page(shown, "caseload_page")],
        hide_index=True, width="stretch",
        column_config={"Next step starts": st.column_config.DateColumn(format="D MMM YYYY")},
    )

    st.subheader("Open a young person's plan")
    labels = {r.person_id: f"{r.name} (age {r.age}, {r.need})" for r in shown}
    chosen = st.selectbox("Young person", options=list(labels), format_func=labels.get, index=None,
                          placeholder="Choose a young person", key="caseload_person")
    if st.button("Open their plan", key="open_plan", disabled=chosen is None):
        st.session_state["plan_person_id"] = chosen
        if PERSON_PLAN.exists():
            st.switch_page("pages/person_plan.py")
        else:
            st.info("The page for one person's plan is not in this version yet.")


def show_steps(items: list[view.WorkItem], none: str, key: str) -> None:
    if not items:
        st.markdown(none)
        return
    items = one_page(items, key)
    st.dataframe(
        [{"Status": "◆ Overdue" if i.overdue else "Planned", "Young person": i.name, "Step": i.title,
          "Team": mine.team(i.team_id), "Starts": i.start,
          "Deadline": i.deadline} for i in items],
        hide_index=True, width="stretch",
        column_config={c: st.column_config.DateColumn(format="D MMM YYYY") for c in ("Starts", "Deadline")},
    )


st.header("Worklist")
st.subheader("This week, and anything overdue")
show_steps(mine.this_week, "Nothing this week.", "worklist_week_page")
st.subheader("In the month after")
show_steps(mine.next_month, "Nothing in the month after.", "worklist_month_page")
