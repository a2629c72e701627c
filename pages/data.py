"""Data (administrator): import a file (preview, every row's problem, then confirm), export,
answer a subject access request and erase a person's record (planner.views.pages.data)."""

import streamlit as st

from pages import _frame
from planner.views.pages import data as view

req = _frame.request("data", no_db="there is no record to import into, export, or answer a request from")
page = _frame.shown(view.show, req)
st.title("Data")
st.markdown("Import the area's records, export them, and answer a person's request to see or erase "
            "what the planner holds about them. Everything done here is written to the audit log.")

# --- import ---------------------------------------------------------------------------------
st.header("Import a file")
st.markdown("Every row is checked first. If any row has a problem, the page lists each one and nothing is "
            "imported: correct the file and upload it again.")
kind = st.selectbox("What the file holds", options=list(page.kinds), format_func=page.kinds.get, key="import_kind")
area = st.selectbox("Area", options=page.areas, key="import_area")
windows = st.checkbox("The file was saved by Excel on Windows as plain 'CSV' (not 'CSV UTF-8')", key="import_cp1252")
generation = st.session_state.setdefault("upload_generation", 0)
accept = {"sen2": ["csv", "zip"], "offer": ["json"]}.get(kind, ["csv"])
uploads = st.file_uploader("Choose the file" + ("s" if kind == "sen2" else ""), type=accept,
                           accept_multiple_files=kind == "sen2", key=f"upload_{kind}_{generation}")
uploads = [u for u in (uploads if isinstance(uploads, list) else [uploads]) if u is not None]
if st.session_state.get("import_done"):
    st.success(st.session_state.pop("import_done"))
if uploads:
    files = {u.name: u.getvalue() for u in uploads}
    encoding = "cp1252" if windows else None
    checked = _frame.shown(view.preview, req, kind, files, area, encoding)
    if not checked.ok:
        st.error(checked.summary)
        st.table([{"Problem": p} for p in checked.problems[:500]])
        if len(checked.problems) > 500:
            st.markdown(f"… and {len(checked.problems) - 500} more.")
    else:
        st.success(checked.summary)
        for note in checked.notes:
            st.markdown(f"- {note}")
        st.markdown(f"The first {len(checked.sample)} of {checked.rows}:")
        st.dataframe(checked.sample, hide_index=True)
        if st.button(f"Import {checked.rows} rows", type="primary", key="import_confirm"):
            bar = st.progress(0.0, text="Importing…")

            def progress(done: int, total: int, phase: str) -> None:
                bar.progress(done / total if total else 1.0, text=f"{phase.capitalize()}: {done:,} of {total:,}")

            st.session_state["import_done"] = _frame.shown(view.confirm, req, kind, files, area, encoding, progress)
            st.session_state["upload_generation"] = generation + 1  # a fresh uploader for the next file
            st.rerun()

# --- export ---------------------------------------------------------------------------------
st.header("Export")
what = st.selectbox("What to export", options=list(page.exports), format_func=page.exports.get, key="export_what")
export_area = st.selectbox("Area", options=page.areas, key="export_area")
if st.button("Prepare the file", key="export_prepare"):
    st.session_state["export_file"] = _frame.shown(view.export, req, what, export_area)
prepared = st.session_state.get("export_file")
if prepared is not None:
    st.download_button(f"Download {prepared.file_name}", prepared.data, file_name=prepared.file_name,
                       mime=prepared.mime, key="export_download")

# --- one person's record --------------------------------------------------------------------
st.header("One person's record")
st.markdown("Find the person by name, by the area's own id or by the planner's id.")
text = st.text_input("Name or id", key="person_search")
if text.strip() and st.session_state.get("person_search_done") != text:
    st.session_state["person_search_found"] = _frame.shown(view.find, req, text)
    st.session_state["person_search_done"] = text
found = st.session_state.get("person_search_found", []) if text.strip() else []
if text.strip() and not found:
    st.markdown("Nobody matches.")
chosen = None
if found:
    labels = {p["id"]: f"{p['name'] or '(no name)'}, born {p['date of birth']} ({p['id']})" for p in found}
    chosen = st.selectbox("Person", options=list(labels), format_func=labels.get, key="person_chosen")

if chosen:
    st.subheader("Subject access request")
    st.markdown("Everything the planner holds about this person, as a file for a computer (JSON) and as a "
                "page to read (HTML).")
    if st.button("Prepare the subject access files", key="sar_prepare"):
        st.session_state["sar"] = _frame.shown(view.subject_access, req, chosen)
    sar = st.session_state.get("sar")
    if sar is not None and sar.person_id == chosen:
        col1, col2 = st.columns(2)
        col1.download_button("Download the record (JSON)", sar.json_text, file_name=f"{sar.file_stem}.json",
                             mime="application/json", key="sar_json")
        col2.download_button("Download the record to read (HTML)", sar.html_text, file_name=f"{sar.file_stem}.html",
                             mime="text/html", key="sar_html")

    st.subheader("Erase this person's record")
    erasure = _frame.shown(view.erasure_preview, req, chosen)
    st.warning(erasure.sentence)
    typed = st.text_input(f"To confirm, type the person's id: {chosen}", key="erase_typed")
    reason = st.text_input("Why the record is being erased", key="erase_reason",
                           placeholder="For example: the person asked (UK GDPR article 17)")
    if st.button("Erase this record", type="primary", key="erase_confirm"):
        st.session_state["erased"] = _frame.shown(view.erase, req, chosen, typed, reason)
        for key in ("person_search", "person_search_done", "person_search_found", "person_chosen", "sar",
                    "erase_typed", "erase_reason"):
            st.session_state.pop(key, None)
        st.rerun()
if st.session_state.get("erased"):
    st.success(st.session_state.pop("erased"))
