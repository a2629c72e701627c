"""Capacity to buy: which team's capacity causes the gaps, what one more start a week saves in
each quarter, the cheapest purchase that cuts the gap by a chosen share (earliest first), when
each queue clears, and staff where known.

Only released figures reach this page or its download (planner.need.disclosure: counts of 1 to 7
hidden, the rest rounded to 5), and nothing here names or points to a person. Every chart has
its text equivalent beside it and a table below it.
"""

import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import capacity_to_buy as advice

req = _frame.request("capacity_to_buy")
st.title("Capacity to buy")
SHARE_WORDS = {25: "Cut the gap by a quarter", 50: "Cut the gap by half", 75: "Cut the gap by three quarters",
               100: "Remove all the gap capacity can"}
# The choices are in session state before their widgets are drawn, so one call serves them all.
with st.spinner("Working out what capacity would close the gaps (the first time for an area takes a little while)..."):
    shown = _frame.shown(lambda: advice.show(req, st.session_state.get("buy_area"),
                                             st.session_state.get("buy_share", advice.DEFAULT_SHARE)))
got = shown.advice
st.markdown(
    "Where more capacity would close the gaps between children's and adult services, and what it would "
    "take. A *weighted gap week* is a week an adult service starts after the children's service ends, "
    "counted once, twice or three times by how much the young person depends on it. These are figures "
    "for the area only: no one can be identified from them. Counts of young people's handovers from 1 to 7 "
    "are hidden, and so is any number from which one could be worked out: both show as [c]. Other counts "
    "and weeks are rounded to the nearest 5. Starts and staff are about teams, not people."
)
col1, col2 = st.columns(2)
col1.selectbox("Area", options=shown.areas, key="buy_area")
col2.selectbox("What to aim for", options=list(advice.SHARES), format_func=lambda s: SHARE_WORDS[s],
               key="buy_share", help="The share of the gap that more capacity can remove (some young people "
               "are identified too late for any capacity to help).")
PALETTE = ["#0b5394", "#8a4b00", "#1d1d1d", "#6a1b9a", "#2e6b30", "#a0182b"]


def table(released) -> None:
    """A released table (with its totals) on the page, every cell as released."""
    header, *body = released.rows()
    st.dataframe([{str(h): str(c) for h, c in zip(header, line, strict=True)} for line in body],
                 hide_index=True, width="stretch")


def chart(spec, description: str) -> None:
    st.altair_chart(spec.properties(description=description), width="stretch")


# ---- where the gaps come from ----------------------------------------------------------------
st.header("Where the gaps come from")
st.markdown(got.summary)
st.markdown(shown.plan_words)
table(got.team_table)

# ---- when one more place saves most -------------------------------------------------------------
st.header("When one more place saves most")
st.markdown("What one more start a week at a team, for one quarter (13 weeks), saves in weighted gap weeks, "
            "by the quarter it is bought. Places bought early save most: the young people waiting now "
            "are the ones whose gaps they close.")
data = [{"team": t.name, "quarter": q + 1, "saved": v}
        for t, row in zip(got.teams, got.savings.cells, strict=False) if not t.small
        for q, v in enumerate(row) if isinstance(v, int)]
if data:
    chart(alt.Chart(alt.Data(values=data)).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        x=alt.X("quarter:O", title="Quarter bought (1: the next 13 weeks)"),
        y=alt.Y("saved:Q", title="Weighted gap weeks saved"),
        color=alt.Color("team:N", title="Team", scale=alt.Scale(range=PALETTE)),
        shape=alt.Shape("team:N", title="Team"), strokeDash=alt.StrokeDash("team:N", title="Team"),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("quarter:O", title="Quarter"),
                 alt.Tooltip("saved:Q", title="Weighted gap weeks saved")]).properties(height=300),
        "Line chart of the weighted gap weeks one more start a week for a quarter saves, by the quarter it is "
        "bought, one line per team with its own style and point shape. The text beside it and the table "
        "below say the same.")
st.markdown(got.savings_words)
table(got.savings)

# ---- what to buy -----------------------------------------------------------------------------------
buy = shown.buy
st.header("What to buy")
st.markdown(buy.words)
bars = [{"quarter": p.quarter, "team": p.team, "extra": p.extra_per_week} for p in buy.purchases]
if bars:
    chart(alt.Chart(alt.Data(values=bars)).mark_bar().encode(
        x=alt.X("quarter:O", title="Quarter (1: the next 13 weeks)"),
        y=alt.Y("extra:Q", title="More starts a week", stack="zero"),
        color=alt.Color("team:N", title="Team", scale=alt.Scale(range=PALETTE), legend=alt.Legend(orient="bottom",
                                                                                                   labelLimit=400)),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("quarter:O", title="Quarter"),
                 alt.Tooltip("extra:Q", title="More starts a week")]).properties(height=260),
        "Bar chart of the more starts a week to buy in each quarter, stacked by team. The paragraph above "
        "and the table below say the same.")
table(shown.purchase_table)

# ---- when each queue clears -----------------------------------------------------------------------
st.header("When each queue clears")
st.markdown("The first week from which every step at a team can start as soon as it is ready.")
st.markdown("\n".join(f"- {line}" for line in shown.clearing_words))
table(shown.clearing_table)

# ---- download --------------------------------------------------------------------------------------
st.header("Download the advice")
st.markdown("Every table on this page in one CSV file for a spreadsheet, with the same numbers hidden and rounded.")
# Not audited: the file holds only released area figures, and a write would change the database
# state that keys the cache.
st.download_button("Download the advice (CSV file)", shown.csv, file_name=shown.file_name, mime="text/csv",
                   key="download_buy_csv")
