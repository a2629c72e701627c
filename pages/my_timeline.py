"""My timeline: the years from 14 to 25 as a chart across the areas of life, and the same in
plain words in date order, with what happens at 18."""

import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import my_timeline as view
from planner.views.words import DOMAIN_LABELS, long_date, md

req = _frame.request("my_timeline")
mine = _frame.shown(lambda: view.show(req))
today = req.today
whose = md(mine.whose)

st.title("My timeline")
st.markdown(
    f"What happens in {whose} life between 14 and 25, and when. Each thing says what is recorded: "
    f"{mine.legend}. Something is done only when it is recorded; coming soon means in the next 6 months."
)
if mine.gaps:
    st.header("Where the plan leaves a gap")
    for gap in mine.gaps:
        st.markdown("\n".join(f"- {'▲ ' if i == 0 else ''}{line}" for i, line in enumerate(gap.sentences)))

now_names, next_names = mine.services_now, mine.services_next
col1, col2 = st.columns(2)
with col1:
    st.subheader("Services now")
    st.markdown("\n".join(f"- {s}" for s in now_names) or "None recorded.")
with col2:
    st.subheader("Services next")
    st.markdown("\n".join(f"- {s}" for s in next_names) or "Your worker will talk about this with you.")

st.header("What happens at 18")
st.markdown("\n".join(f"- {line}" for line in mine.at_18))

st.header("Chart")
hide_done = st.toggle("Hide things that are done", key="hide_done")
shown = mine.shown(hide_done)
rows = mine.chart_rows(shown)
domain_order = mine.domain_order
status_order = mine.status_order
if rows:
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("domain:N", sort=domain_order, title=None, scale=alt.Scale(domain=domain_order)),
        tooltip=[alt.Tooltip("title:N", title="What"), alt.Tooltip("when:N", title="When"),
                 alt.Tooltip("status:N", title="Status")],
    )
    windows = base.transform_filter("datum.is_window").mark_bar(height=6, opacity=0.5).encode(
        x=alt.X("start:T", title="Date"), x2="end:T",
    )
    points = base.mark_point(size=110, filled=True).encode(
        x=alt.X("start:T", title="Date"),
        shape=alt.Shape("status:N", scale=alt.Scale(domain=status_order,
                        range=[view.STATUS_SHAPES[s] for s in view.Status]), title="Status"),
        color=alt.Color("status:N", scale=alt.Scale(domain=status_order,
                        range=["#505050", "#8a0000", "#8a0000", "#5a5a5a", "#6b2f8a", "#0b5394", "#8a4b00",
                               "#1d1d1d", "#767676"]), title="Status"),
    )
    today_rule = alt.Chart(alt.Data(values=[{"today": today.isoformat()}])).mark_rule(strokeDash=[4, 4]).encode(
        x="today:T")
    chart = (windows + points + today_rule).properties(
        height=320,
        description=f"Chart of {len(rows)} things on the timeline across the areas of life. "
        "The list below says the same in words.",
    )
    st.altair_chart(chart, width="stretch")
st.markdown(f"The dashed line is today, {long_date(today)}. The list below says the same as the chart, in words.")

st.header("In words, in date order")
for age, items in mine.by_age(shown):
    st.subheader(f"At age {age}")
    st.markdown("\n".join(
        f"- **{e.when}** ({e.status_text}, {DOMAIN_LABELS[e.domain]}): {e.sentence}" for e in items
    ))
