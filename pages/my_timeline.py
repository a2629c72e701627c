"""My timeline: the years from 14 to 25 in plain words by age (the list first, so it reads on a
phone), then the same as a chart across the areas of life; or in Easy Read."""

import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import my_timeline as view
from planner.views.words import long_date, md

req = _frame.request("my_timeline")
mine = _frame.shown(lambda: view.show(req))
today = req.today

st.title(md(mine.title))
if _frame.easy_read_on():
    st.markdown(f"What happens next in {md(mine.whose)} life, one thing at a time.")
    st.html(mine.easy_read_html())
    st.stop()

st.markdown(
    f"What happens in {md(mine.whose)} life between 14 and 25, and when. Each thing says what is recorded: "
    f"{mine.legend}. Something is done only when it is recorded; coming soon means in the next 6 months."
)
if mine.gaps:
    st.header("Where the plan leaves a gap")
    for gap in mine.gaps:
        st.markdown("\n".join(f"- {'▲ ' if i == 0 else ''}{mine.reader.say(line)}" for i, line in enumerate(gap.sentences)))
st.subheader("Services now")
st.markdown("\n".join(f"- {s}" for s in mine.services_now) or "None recorded.")
st.subheader("Services next")
st.markdown("\n".join(f"- {s}" for s in mine.services_next) or "The named worker will talk about this.")

st.header(md(mine.at_18_heading))
st.markdown("\n".join(f"- {line}" for line in mine.at_18))

st.header("In words, by age")
hide_done = st.toggle("Hide things that are done", key="hide_done")
shown = mine.shown(hide_done)
for section in mine.sections(shown):
    if section.folded:
        with st.expander(section.title):
            st.markdown("\n".join(f"- {mine.line(e)}" for e in section.events))
    else:
        st.subheader(section.title)
        st.markdown("\n".join(f"- {mine.line(e)}" for e in section.events))

st.header("Chart")
rows = mine.chart_rows([e for s in mine.sections(shown) if not s.folded for e in s.events])
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
        description=f"Chart of {len(rows)} things on the timeline from age 14 across the areas of life. "
        "The list above says the same in words.",
    ).configure(**view.CHART_CONFIG)
    st.altair_chart(chart, width="stretch", theme=None)
st.markdown(f"The dashed line is today, {long_date(today)}. The list above says the same as the chart, in words.")
