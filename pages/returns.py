"""Statutory returns (administrator): the evidence pack's figures for an area on a date, true
counts inside the council, a disclosure-controlled download to publish, and Annex A List 1
(planner.views.pages.returns)."""

import streamlit as st

from pages import _frame
from planner.views.pages import returns as view

req = _frame.request("returns", no_db="there are no records to count")
pack = _frame.shown(view.show, req, st.session_state.get("returns_area"), st.session_state.get("returns_as_of"))
st.title("Statutory returns")
st.markdown("How the area meets its statutory timescales, counted from the record, each figure by one "
            "query that the README prints. The numbers on this page are true counts, for use inside the "
            "council. To publish or answer a freedom of information request, download the figures below: "
            "in that file counts from 1 to 7 are hidden and the rest rounded to the nearest 5.")
col1, col2 = st.columns(2)
col1.selectbox("Area", options=pack.areas, key="returns_area")
col2.date_input("As of", value=pack.as_of, key="returns_as_of", format="DD/MM/YYYY")
_frame.roomy_date_fields()

for f in pack.figures:
    st.header(f.spec.title)
    st.markdown(f"{f.summary()} Source: {f.spec.source}"
                + ("" if f.spec.statutory else " (guidance, not a statutory deadline)") + ".")
    if f.rows:
        rows = f.exact_rows()
        st.table([dict(zip(rows[0], r, strict=True)) for r in rows[1:]])
    else:
        st.markdown("Nothing to count yet.")

st.header("Downloads")
col1, col2 = st.columns(2)
if col1.button("Prepare the figures to publish (CSV)", key="returns_prepare"):
    st.session_state["returns_released"] = _frame.shown(view.released, req, pack.area, pack.as_of)
if col2.button("Prepare Annex A List 1 (CSV; names every young person with a plan)", key="annex_prepare"):
    st.session_state["returns_annex"] = _frame.shown(view.annex_a, req, pack.area, pack.as_of)
for key, column in (("returns_released", col1), ("returns_annex", col2)):
    prepared = st.session_state.get(key)
    if prepared is not None:
        column.download_button(f"Download {prepared.file_name}", prepared.data, file_name=prepared.file_name,
                               mime=prepared.mime, key=f"{key}_download")
