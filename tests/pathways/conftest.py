"""Fixtures for the pathway tests: the committed graph and a helper that plans one person."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import handovers, milestones
from planner import pathways as pw
from planner.models import Episode, Person

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def graph():
    return pw.default_graph()


@pytest.fixture(scope="session")
def plan():
    return _plan


def _plan(graph, person: Person, extra: tuple[str, ...] = (), as_of: dt.date = AS_OF,
         horizon: dt.date | None = None):
    """(timeline, current services, handovers by type) for a person on `as_of`."""
    tl = milestones.for_person(person, as_of=as_of)
    eps = handovers.implied_episodes(person, graph, as_of)
    eps += [Episode(service_id=s, start=as_of) for s in extra]
    found = handovers.for_person(person, eps, graph, tl, horizon or tl.core["day_before_26th_birthday"])
    return tl, [e.service_id for e in eps], {h.handover_type: h for h in found}
