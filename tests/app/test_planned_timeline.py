"""The young person's timeline shows the handover steps the scheduler planned for them, in
words and in date order, after `planner schedule` has run on the area (issue: My timeline)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from tests.app.test_store_records import TODAY, person_of, sign_in_with_password, store_app  # noqa: F401


@pytest.fixture
def demo_db(planned_db):
    """Westmere planned and accepted (tests/conftest.py) is the database `store_app` opens."""
    return planned_db


def test_timeline_lists_the_planned_steps(store_app, demo_db):  # noqa: F811
    db = store.open_db(demo_db)
    sam = person_of(db, "young.sam")
    planned = [s for s in store.steps_for(db, sam) if s["start"] and s["start"] >= TODAY.isoformat()]
    db.conn.close()
    assert planned, "Sam should have planned handover steps"
    sign_in_with_password(store_app, "young.sam")
    store_app.switch_page("pages/my_timeline.py").run()
    assert not store_app.exception and not store_app.error
    page = " ".join(str(e.value) for e in store_app.markdown) + " ".join(
        str(t.value) for t in store_app.get("table")) + " ".join(str(d.value) for d in store_app.dataframe)
    first = min(planned, key=lambda s: s["start"])
    assert first["title"] in page, f"{first['title']!r} is not on the timeline"
    assert dt.date.fromisoformat(first["start"]) >= TODAY
