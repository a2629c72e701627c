"""Outcomes after 18 (commissioner): what the area's young people achieve at 19, 21 and 25, by the
year they turned 18, need, area, EHC plan or SEN support and the groups leaders could not see,
against their own aims and national figures. Released figures only; each chart has the same in
words and a table."""

import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import outcomes as view

req = _frame.request("outcomes", no_db="there are no figures to show")
st.title("Outcomes after 18")
st.markdown(
    "What happened to the area's young people after 18: education, work or training, where they live, "
    "their health, and what they say themselves. Each figure counts the young people who have passed that "
    "age (six months either side of the birthday) and had not moved away; when nothing was recorded they "
    "count as **not known**, so the figures also show what the area does not know. No one can be "
    "identified: counts from 1 to 7 are hidden, and so is any number from which one could be worked out "
    "(both show as [c]); all other counts are rounded to the nearest 5."
)
# The area is chosen before the figures are read, so one call reads both.
shown = _frame.shown(view.show, req, st.session_state.get("outcomes_area"))
st.selectbox("Area", options=[None, *shown.areas], format_func=lambda a: "All areas" if a is None else a,
             key="outcomes_area")
PALETTE = ["#0b5394", "#8a4b00", "#1d1d1d", "#6a1b9a", "#2e6b30", "#a0182b"]
HIDDEN = "Rows whose numbers are hidden are left out of the chart; the table shows every figure."


def show_table(table, percents=None, static: bool = False) -> None:
    """A released table as released; `static`: a plain HTML table (small tables, read by screen
    readers and copied as they are) rather than the scrolling grid."""
    header, *body = table.rows()
    rows = []
    for i, line in enumerate(body):
        row = {str(h): str(c) for h, c in zip(header, line, strict=True)}
        if percents is not None and i < len(percents):
            row["Per cent met"] = "" if percents[i] is None else f"{percents[i]}%"
        rows.append(row)
    if static:
        st.table(rows, hide_index=True)
    else:
        st.dataframe(rows, hide_index=True, width="stretch")


def bars(rows: list[dict], title: str, description: str) -> None:
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("order"), axis=alt.Axis(labelLimit=420)),
        x=alt.X("percent:Q", title=title, scale=alt.Scale(domain=[0, 100])))
    chart = base.mark_bar(color=PALETTE[0]) + base.mark_text(align="left", dx=4).encode(
        text=alt.Text("percent:Q", format="d"))
    st.altair_chart(chart.properties(height=alt.Step(26), description=description), width="stretch")


# ---- every indicator --------------------------------------------------------------------------------
st.header("Every indicator")
head = shown.view("headline")
st.markdown(head.summary)
rows = shown.percent_rows(head)
if rows:
    bars(rows, "Per cent met (of everyone in scope, not known included)",
         "Bar chart of the per cent of young people in scope for whom each indicator is met, each bar "
         "labelled with its per cent. The summary above and the table below say the same.")
    st.markdown(HIDDEN)
show_table(head.table, head.extra.get("percent met"), static=True)
if shown.national:
    st.subheader("National figures to set them against")
    st.markdown("They are not always the same measure: each says whom it counts.\n"
                + "\n".join(f"- {line}" for line in shown.national))

# ---- their own aims ------------------------------------------------------------------------------------
st.header("Is it going the way they wanted?")
aims = shown.view("own_aims")
st.markdown("The young people's own answers in their check-ins (the latest answer of each). " + aims.summary)
rows = shown.percent_rows(aims)
if rows:
    bars(rows, "Per cent who said yes", "Bar chart of the per cent of young people who said things are going "
         "the way they wanted, for each outcome. The summary above and the table below say the same.")
show_table(aims.table, aims.extra.get("percent met"), static=True)

# ---- breakdowns ----------------------------------------------------------------------------------------
st.header("Breakdowns")
col1, col2 = st.columns(2)
indicator = col1.selectbox("Indicator", options=list(view.INDICATORS), format_func=view.INDICATORS.get,
                           key="outcomes_indicator")
dimension = col2.selectbox("By", options=list(view.DIMENSIONS), format_func=view.DIMENSIONS.get,
                           key="outcomes_dimension")
part = shown.breakdown(indicator, dimension)
st.markdown(part.summary)
rows = shown.percent_rows(part)
if rows and dimension == "cohort":
    chart = alt.Chart(alt.Data(values=rows)).mark_line(point=alt.OverlayMarkDef(size=80, filled=True)).encode(
        x=alt.X("row:O", title="Year they turned 18", sort=alt.EncodingSortField("order")),
        y=alt.Y("percent:Q", title="Per cent met", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("row:O", title="Turned 18 in"), alt.Tooltip("percent:Q", title="Per cent met")])
    st.altair_chart(chart.properties(height=300, description=(
        f"Line chart of the per cent met for {view.INDICATORS[indicator].lower()}, one point for each year the young "
        "people turned 18. The summary above and the table below say the same.")), width="stretch")
    st.markdown(HIDDEN)
elif rows:
    bars(rows, "Per cent met", f"Bar chart of the per cent met for {view.INDICATORS[indicator].lower()}, by "
         f"{view.DIMENSIONS[dimension].lower()}. The summary above and the table below say the same.")
    st.markdown(HIDDEN)
if dimension == "group":
    st.markdown("A young person can be in more than one group, so the groups do not add up to everyone.")
show_table(part.table, part.extra.get("percent met"))

# ---- download ----------------------------------------------------------------------------------------
st.header("Download the figures")
st.markdown("Every table of this page, and every breakdown of every indicator, in one CSV file for a "
            "spreadsheet, with the same numbers hidden and rounded.")
st.download_button("Download the figures (CSV file)", shown.csv, file_name=shown.file_name, mime="text/csv",
                   key="download_outcomes_csv")
