"""Assessed conditions: unknown keeps the route open; a recorded "no" routes to the next
successor (HL-4: about half of CAMHS leavers need ongoing secondary care, figures B2)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import pathways as pw
from planner.models import Person
from planner.options import options_for

DOB = dt.date(2010, 10, 15)


@pytest.mark.parametrize(("accepted", "successor"), [
    (None, "adult_mental_health"),  # not known yet: plan for the adult service
    (True, "adult_mental_health"),
    (False, "primary_care_mh"),  # declined: primary care mental health takes over
])
def test_camhs_successor_follows_the_recorded_assessment(graph, plan, accepted, successor):
    p = Person(id="amir", dob=DOB, ehc_plan=True, camhs=True, secondary_mh_need=accepted)
    _, _, hs = plan(graph, p)
    assert hs["camhs_to_adult_mental_health"].to_service == successor


def test_holds_only_refuses_an_assessed_condition_recorded_as_no():
    assert pw.holds("secondary_mh_need", Person(dob=DOB))
    assert not pw.holds("secondary_mh_need", Person(dob=DOB, secondary_mh_need=False))
    assert pw.holds("care_act_eligible", Person(dob=DOB))  # no field: an assessment may say yes


def test_an_option_closes_when_its_assessment_said_no(graph):
    from planner import milestones

    as_of = dt.date(2028, 6, 1)
    for accepted, open_ in ((None, True), (False, False)):
        p = Person(id="amir", dob=DOB, ehc_plan=True, camhs=True, secondary_mh_need=accepted)
        options = {o.service_id: o for o in options_for(p, ["camhs"], graph, milestones.for_person(p, as_of=as_of))}
        amh = options["adult_mental_health"]
        assert amh.open is open_
        if not open_:
            assert "did not happen" in amh.closed_because
