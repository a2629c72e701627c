"""Team capacity (team manager, administrator): each team's capacity over time, in a table and in
words; change it from a date (per week or per month, stored per week), after seeing what the
change would do to the area's gap weeks and the lower bound.

A team manager changes their own team's capacity; an administrator any team's. A save made
from a stale view (someone else changed the same row first) is refused with who and when.
"""

import datetime as dt

import streamlit as st

from pages import _frame
from planner.views.pages import team_capacity as view
from planner.views.words import long_date, md, pluralise

DATE = st.column_config.DateColumn(format="D MMM YYYY")
PER = {"week": "a week", "month": "a month"}


def fewer(before: int, after: int, noun: str) -> str:
    """'1 gap week fewer', '3 gap weeks more', 'no change'."""
    if after == before:
        return "no change"
    return f"{pluralise(abs(after - before), noun)} {'fewer' if after < before else 'more'}"


req = _frame.request("team_capacity")
_frame.roomy_date_fields()
st.title("Team capacity")
# The area's choice is in session state before its select box is drawn, so one call serves both.
page = _frame.shown(lambda: view.show(req, st.session_state.get("capacity_area")))
today = req.today
if flash := st.session_state.pop("capacity_flash", None):
    st.success(flash)
areas = page.areas
if not areas:
    st.info("There are no areas in the database yet.")
    st.stop()
area = areas[0] if len(areas) == 1 else st.selectbox("Area", options=areas, key="capacity_area")
caps = page.teams

st.markdown(
    "A team's capacity is how many new pieces of its transition work (assessments, referrals, reviews) it can "
    "start. The scheduler spreads a monthly figure evenly over the weeks, and a team with no stated limit is "
    "never the reason a step waits.")

# --- capacity over time --------------------------------------------------------------------------
st.header("Capacity over time")
st.markdown("\n".join(f"- {c.text}" for c in caps.values()))
st.dataframe(
    [{"Team": c.name, "From": view.as_date(r["from_date"]), "A week": round(r["per_week"], 3),
      "In the team's own unit": view.rate_words(r["per_week"], c.unit), "Changed by": r["updated_by"],
      "Changed at": r["updated_at"].replace("T", " ")}
     for c in caps.values() for r in c.changes],
    hide_index=True, width="stretch", column_config={"From": DATE})

# --- change, with a what-if first ---------------------------------------------------------------
st.header("Change a team's capacity")
editable = page.editable
if not editable:
    st.info("You can change the capacity of your own team only, and your account is not linked to a team in "
            "this area. Ask your administrator.")
    st.stop()
st.markdown("For example, one more social worker from April who can take on 4 assessments a month: choose the "
            "team, 1 April and the monthly figure with 4 added. See the effect first, then save.")
col1, col2 = st.columns(2)
team = col1.selectbox("Team", options=editable, format_func=lambda t: caps[t].name, key="capacity_team")
first_of_next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
from_date = col2.date_input("From", value=first_of_next_month, min_value=today, format="DD/MM/YYYY",
                            key="capacity_from")
per = col1.radio("Given", options=list(PER), format_func=lambda p: f"per {p}", horizontal=True, key="capacity_per")
in_force = page.in_force(team, from_date)
start_value = view.in_unit(in_force or 0.0, per)
amount = col2.number_input(f"How many {PER[per]}", min_value=0.0, value=start_value, step=0.5, format="%.2f",
                           key=f"capacity_amount_{team}_{per}")
per_week = view.to_per_week(amount, per)
st.markdown(f"From {long_date(from_date)}: {view.rate_words(per_week, caps[team].unit)}. Until then: "
            + (f"{view.rate_words(in_force, caps[team].unit)}." if in_force is not None else "no stated limit."))

# The version of the row this user is looking at, kept from the first time they saw it, so a save
# after someone else's change to the same row is refused (0: there was no row for that date).
key = (area, team, from_date.isoformat())
seen = st.session_state.setdefault("capacity_seen", {})
seen.setdefault(key, page.version_seen(team, from_date))

show, save = st.columns(2)
if show.button("Show the effect", key="capacity_show"):
    with st.spinner("Planning the area with and without the change (about 15 seconds for a large area)…"):
        st.session_state["capacity_what_if"] = (key, per_week, _frame.shown(
            lambda: view.what_if(req, area, team, from_date, per_week)))
held = st.session_state.get("capacity_what_if")
if held and held[0] == key and held[1] == per_week:
    w = held[2]
    st.subheader("The effect of this change")
    st.markdown("\n".join([
        f"- Gap weeks: {w.gap_weeks_now} now → {w.gap_weeks_then} with the change "
        f"({fewer(w.gap_weeks_now, w.gap_weeks_then, 'gap week')}).",
        f"- Handovers with a gap: {w.handovers_with_gap_now} → {w.handovers_with_gap_then}.",
        f"- The lower bound (the least gap any plan could have with this capacity): {w.bound_now} → "
        f"{w.bound_then} ({fewer(w.bound_now, w.bound_then, 'week')}).",
    ]))
    st.markdown("These figures come from the quick first plan of the whole area; the full scheduler, run after "
                "saving, does at least as well. Nothing is saved yet.")
if save.button("Save this capacity", key="capacity_save", type="primary"):
    try:
        view.change(req, area, team, from_date, per_week, expected_version=seen[key])
    except view.Stale as stale:
        seen.pop(key, None)
        st.error(str(stale))
    except view.Refused as bad:
        st.error(str(bad))
    else:
        seen.pop(key, None)
        st.session_state.pop("capacity_what_if", None)
        st.session_state["capacity_flash"] = (
            f"Saved: {md(caps[team].name)}, {view.rate_words(per_week, caps[team].unit)} from {long_date(from_date)}. "
            "The next scheduler run plans with it.")
        st.rerun()
