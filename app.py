"""Streamlit entrypoint (placeholder until the app issue lands)."""

import streamlit as st

st.set_page_config(page_title="Transition planner", layout="wide")
st.title("Transition planner")
st.write("Preparation for adulthood, 14 to 25. The app pages arrive with the app issues.")
