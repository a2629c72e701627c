"""My timeline: the years from 14 to 25 as a chart across the areas of life, and the same in
plain words in date order, with what happens at 18."""

import altair as alt
import streamlit as st

from pages import _frame
from planner import milestones
from planner.schoolyear import age_on
from planner.views import journey, words
from planner.views.words import DOMAIN_LABELS, long_date

user = _frame.guard("my_timeline")
record = _frame.my_record(user, "my timeline")
today = _frame.today()
timeline = milestones.for_person(record.person, as_of=today)
events = journey.events(timeline, today, record.steps)
whose = _frame.whose(user, record)

st.title("My timeline")
st.markdown(
    f"What happens in {whose} life between 14 and 25, and when. Each thing says if it is "
    "**■ done**, **◆ happening now**, **▲ coming soon** (in the next 6 months) or **● later**."
)

now_names, next_names = words.now_and_next(record.services)
col1, col2 = st.columns(2)
with col1:
    st.subheader("Services now")
    st.markdown("\n".join(f"- {s}" for s in now_names) or "None recorded.")
with col2:
    st.subheader("Services next")
    st.markdown("\n".join(f"- {s}" for s in next_names) or "Your worker will talk about this with you.")

st.header("What happens at 18")
st.markdown("\n".join(f"- {line}" for line in journey.at_18(timeline)))

st.header("Chart")
hide_done = st.toggle("Hide things that are done", key="hide_done")
shown = [e for e in events if not (hide_done and e.status is journey.Status.DONE)]
rows = journey.chart_rows(shown)
domain_order = [DOMAIN_LABELS[d] for d in journey.CHART_DOMAINS]
status_order = [s.value for s in journey.Status]
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
                        range=[journey.STATUS_SHAPES[s] for s in journey.Status]), title="Status"),
        color=alt.Color("status:N", scale=alt.Scale(domain=status_order,
                        range=["#505050", "#0b5394", "#8a4b00", "#1d1d1d"]), title="Status"),
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
by_age: dict[int, list[journey.JourneyEvent]] = {}
for e in shown:
    by_age.setdefault(age_on(record.person.dob, e.start), []).append(e)
for age, items in sorted(by_age.items()):
    st.subheader(f"At age {age}")
    st.markdown("\n".join(
        f"- **{e.when}** ({e.status_text}, {DOMAIN_LABELS[e.domain]}): {e.sentence}" for e in items
    ))
