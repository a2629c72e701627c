"""Fixtures for the store tests: a fresh in-memory database, and a file database."""

from __future__ import annotations

import pytest

from planner import store


@pytest.fixture
def fresh_db():
    db = store.open_db(":memory:")
    yield db
    db.close()


@pytest.fixture
def file_db(tmp_path):
    path = tmp_path / "planner.db"
    db = store.open_db(path)
    yield path, db
    db.close()
