"""Unmet need: for the next five years by quarter, what adult services and teams will be asked
to do against what they can do; the gaps capacity cannot close; what young people want against
the local offer; the NICE QS140 indicators; breakdowns by area, need and age band.

Only released figures reach this page or its download (planner.need.disclosure: counts of 1 to 7
hidden, the rest rounded to 5), and nothing here names or points to a person.
"""

import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import unmet_need as figures

req = _frame.request("unmet_need")
st.title("Unmet need")
# The choices are in session state before their widgets are drawn, so one call serves them all.
with st.spinner("Working out the figures for the area..."):
    need = _frame.shown(lambda: figures.show(
        req, st.session_state.get("need_area"), st.session_state.get("need_growth", figures.DEFAULT_GROWTH),
        st.session_state.get("need_capacity_growth", figures.DEFAULT_CAPACITY_GROWTH)))
st.markdown(
    "What young people in the area will need from adult services and teams over the next five "
    "years, quarter by quarter, against what those teams can do. These are figures for the area "
    "only: no one can be identified from them. Counts from 1 to 7 are hidden, and so is any number "
    "from which one could be worked out: both show as [c]. All other counts are rounded to the "
    "nearest 5, and totals are rounded from the true numbers, so they may not add up exactly."
)

col1, col2, col3 = st.columns(3)
col1.selectbox("Area", options=[None, *need.areas], format_func=lambda a: "All areas" if a is None else a,
               key="need_area")
col2.number_input("Growth in demand each year (per cent)", min_value=-50, max_value=100,
                  value=figures.DEFAULT_GROWTH, step=1, key="need_growth",
                  help="New young people who are not known yet: demand grows by this much a year.")
col3.number_input("Growth in team capacity each year (per cent)", min_value=-50,
                  max_value=100, value=figures.DEFAULT_CAPACITY_GROWTH, step=1, key="need_capacity_growth")
dash = need
# Dark enough to stand out on white (3:1 or more); lines also differ by dash and point shape.
PALETTE = ["#0b5394", "#8a4b00", "#1d1d1d", "#6a1b9a", "#2e6b30", "#a0182b", "#005f6b", "#5c4d00"]
HIDDEN_NOTE = "Hidden numbers ([c]) are left out of the chart; the table shows every figure."


def show_table(table: figures.ReleasedTable, extra_cols: dict[str, list] | None = None) -> None:
    """A released table (with its totals) as a table on the page, every cell as released."""
    header, *body = table.rows()
    extra_cols = extra_cols or {}
    records = []
    for i, line in enumerate(body):
        row = {str(h): str(c) for h, c in zip(header, line, strict=True)}
        for name, values in extra_cols.items():
            row[name] = str(values[i]) if i < len(values) else ""
        records.append(row)
    st.dataframe(records, hide_index=True, width="stretch")


def chart(spec: alt.TopLevelMixin, description: str) -> None:
    st.altair_chart(spec.properties(description=description), width="stretch")


def quarter_rows(shown: figures.View) -> list[dict]:
    t = shown.table
    return [{"row": label, "quarter": q, "order": j, "value": v}
            for label, cells in zip(t.row_labels, t.cells, strict=True)
            for j, (q, v) in enumerate(zip(t.col_labels, cells, strict=True)) if isinstance(v, int)]


# ---- demand against capacity --------------------------------------------------------------
st.header("Team actions needed against capacity")
view = dash.view("team_demand")
st.markdown(view.summary)
quarters = view.table.col_labels
charted = [label for label, cells in zip(view.table.row_labels, view.table.cells, strict=True)
           if any(isinstance(v, int) and v > 0 for v in cells)]
if charted:
    shortest = max(charted, key=lambda label: sum(
        isinstance(v, int) and v > c for v, c in zip(view.table.cells[view.table.row_labels.index(label)],
                                                     view.extra.get(label) or [10**9] * len(quarters), strict=True)))
    team = st.selectbox("Team to show in the chart", options=charted, index=charted.index(shortest),
                        key="need_chart_team")
    cells, cap = view.table.cells[view.table.row_labels.index(team)], view.extra.get(team)
    rows = [{"quarter": q, "demand": cells[j] if isinstance(cells[j], int) else None,
             "capacity": cap[j] if cap else None,
             "short": "▲ short" if cap and isinstance(cells[j], int) and cells[j] > cap[j] else ""}
            for j, q in enumerate(quarters)]
    x = alt.X("quarter:N", sort=quarters, title="Quarter (financial year)", axis=alt.Axis(labelAngle=-45))
    base = alt.Chart(alt.Data(values=rows))
    layers = base.mark_bar(color="#0b5394").encode(
        x=x, y=alt.Y("demand:Q", title="Team actions"),
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("demand:Q", title="Actions needed"),
                 alt.Tooltip("capacity:Q", title="Capacity")])
    if cap:
        layers += base.mark_line(color="#1d1d1d", strokeDash=[6, 3],
                                 point=alt.OverlayMarkDef(shape="diamond", color="#1d1d1d", size=60)
                                 ).encode(x=x, y="capacity:Q")
    if any(r["short"] for r in rows):
        layers += base.transform_filter("datum.short != ''").mark_text(dy=-8, color="#8a1c00").encode(
            x=x, y="demand:Q", text="short:N")
    chart(layers.properties(height=320, title=team),
          f"Bar chart of the actions the {team} needs to take each quarter"
          + (", with its capacity as a dashed line and a triangle on each quarter short of capacity."
             if cap else " (no stated capacity).")
          + " The summary above and the table below say the same in words and numbers.")
    st.markdown(("Bars: actions needed. Dashed line with ◆: what the team can do. ▲ short: more is needed "
                 "than the team can do. " if cap else "Bars: actions needed. This team has no stated capacity. ")
                + HIDDEN_NOTE)
show_table(view.table)
if view.extra:
    st.subheader("Team capacity each quarter")
    st.markdown("How many actions each team can take each quarter, from its stated capacity (not a count of people).")
    st.dataframe([{"Team": t, **dict(zip(quarters, map(str, caps), strict=True))} for t, caps in view.extra.items()],
                 hide_index=True, width="stretch")

# ---- adult services --------------------------------------------------------------------------
st.header("Young people starting each adult service")
view = dash.view("service_demand")
st.markdown(view.summary)
data = quarter_rows(view)
if data:
    x = alt.X("quarter:N", sort=view.table.col_labels, title="Quarter (financial year)", axis=alt.Axis(labelAngle=-45))
    chart(alt.Chart(alt.Data(values=data)).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        x=x, y=alt.Y("value:Q", title="Young people starting"),
        color=alt.Color("row:N", title="Adult service", scale=alt.Scale(range=PALETTE)), shape=alt.Shape("row:N", title="Adult service"),
        strokeDash=alt.StrokeDash("row:N", title="Adult service"),
        tooltip=[alt.Tooltip("row:N", title="Adult service"), "quarter:N", alt.Tooltip("value:Q", title="Young people")]),
        "Line chart of young people starting each adult service each quarter; each service has its own "
        "line style and point shape. The summary above and the table below say the same.")
    st.markdown(HIDDEN_NOTE)
show_table(view.table)

# ---- gaps ----------------------------------------------------------------------------------
st.header("Gaps the schedule cannot close")
view = dash.view("unclosable_gaps")
st.markdown(view.summary)
data = [{"team": label, "gaps": cells[0]} for label, cells in zip(view.table.row_labels, view.table.cells, strict=True)
        if isinstance(cells[0], int) and cells[0] > 0]
if data:
    chart(alt.Chart(alt.Data(values=data)).mark_bar().encode(
        y=alt.Y("team:N", title="Team"), x=alt.X("gaps:Q", title="Gaps capacity cannot close"),
        tooltip=["team:N", "gaps:Q"]),
        "Bar chart of the gaps capacity cannot close, by the team that is full. "
        "The summary above and the table below say the same.")
show_table(view.table, {"Quarters when the team is full": view.extra.get("binding quarters", [])})

# ---- what young people want ------------------------------------------------------------------
st.header("What young people want, against the local offer")
view = dash.view("aspirations")
st.markdown(view.summary)
places = view.extra.get("places a year", [])
data = []
for i, (label, cells) in enumerate(zip(view.table.row_labels, view.table.cells, strict=True)):
    if isinstance(cells[0], int):
        data.append({"outcome": label, "measure": "Young people who want this", "value": cells[0]})
    if i < len(places):
        data.append({"outcome": label, "measure": "Places a year", "value": places[i]})
if data:
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("outcome:N", title=None, sort=view.table.row_labels, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("measure:N"), x=alt.X("value:Q", title="Number"))
    bars = base.mark_bar().encode(
        color=alt.Color("measure:N", title=None, scale=alt.Scale(range=PALETTE[:2]),
                        legend=alt.Legend(orient="bottom", labelLimit=300)),
        tooltip=["outcome:N", "measure:N", "value:Q"])
    words = base.mark_text(align="left", dx=4).encode(text=alt.Text("label:N")).transform_calculate(
        label="datum.value + (datum.measure == 'Places a year' ? ' places' : ' want')")
    chart((bars + words).properties(height=alt.Step(22)),
          "Paired bars for each preparing-for-adulthood outcome: young people who want it "
          "and places a year; each bar is labelled 'want' or 'places'. The summary and table say the same.")
show_table(view.table, {"Places a year": places})

# ---- QS140 ---------------------------------------------------------------------------------
st.header("NICE quality standard QS140 (transition to adults' services)")
view = dash.view("qs140")
st.markdown(view.summary)
percents = view.extra.get("percent met", [])
data = [{"statement": label, "percent": p} for label, p in zip(view.table.row_labels, percents, strict=False)
        if p is not None]
if data:
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("statement:N", title=None, axis=alt.Axis(labelLimit=420)),
        x=alt.X("percent:Q", title="Per cent met", scale=alt.Scale(domain=[0, 100])))
    chart((base.mark_bar(color=PALETTE[0]) + base.mark_text(align="left", dx=4).encode(
        text=alt.Text("percent:Q", format="d"))).properties(height=alt.Step(28)),
          "Bar chart of the per cent of young people in scope for whom each QS140 statement is met, "
          "each bar labelled with its per cent. The summary and table say the same.")
show_table(view.table, {"Per cent met": ["" if p is None else f"{p}%" for p in percents]})

# ---- breakdowns ----------------------------------------------------------------------------
st.header("Breakdowns")
view = dash.view("ageing")
st.subheader("Young people we know, by age band")
st.markdown(view.summary)
data = quarter_rows(view)
if data:
    x = alt.X("quarter:N", sort=view.table.col_labels, title="Quarter (financial year)", axis=alt.Axis(labelAngle=-45))
    chart(alt.Chart(alt.Data(values=data)).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        x=x, y=alt.Y("value:Q", title="Young people"), color=alt.Color("row:N", title="Age band", scale=alt.Scale(range=PALETTE)),
        shape=alt.Shape("row:N", title="Age band"), strokeDash=alt.StrokeDash("row:N", title="Age band"),
        tooltip=[alt.Tooltip("row:N", title="Age band"), "quarter:N", alt.Tooltip("value:Q", title="Young people")]),
        "Line chart of the young people known today in each age band at the start of each quarter; each "
        "band has its own line style and point shape. The summary above and the table below say the same.")
    st.markdown(HIDDEN_NOTE)
show_table(view.table)
for key, title in (("by_area", "By area"), ("by_need", "By primary need"), ("by_age_band", "By age band today")):
    view = dash.view(key)
    st.subheader(title)
    st.markdown(view.summary)
    show_table(view.table)

# ---- download ------------------------------------------------------------------------------
st.header("Download the figures")
st.markdown("Every table on this page in one CSV file for a spreadsheet, with the same numbers "
            "hidden and rounded.")
# Not audited: the file holds only released area figures, and a write would change the database
# state that keys the cache.
st.download_button("Download the figures (CSV file)", need.csv, file_name=need.file_name,
                   mime="text/csv", key="download_need_csv")
