"""Fixtures for the store tests: a file database (the fresh in-memory one is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from planner import store


@pytest.fixture
def file_db(tmp_path):
    path = tmp_path / "planner.db"
    db = store.open_db(path)
    yield path, db
    db.close()
