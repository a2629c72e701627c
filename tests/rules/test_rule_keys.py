"""Which milestone keys each rule gives (planner.rules.keys), read from the rule's computation:
every key the catalogue gives is one its rule declares; a timeline of only the keys the area's
handovers need gives the same handovers and annual reviews as the whole timeline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner import handovers, milestones
from planner import pathways as pw
from planner.models import DATE_FIELDS, FLAG_FIELDS, Person
from planner.planning import area
from planner.rules import CATALOGUE, keys

AS_OF = dt.date(2026, 11, 23)
HORIZON = AS_OF + dt.timedelta(weeks=156)


@st.composite
def people(draw) -> Person:
    """Anyone the planner may hold: 10 to 25, any circumstances, a few recorded dates."""
    dob = draw(st.dates(dt.date(2001, 12, 1), dt.date(2016, 11, 23)))
    flags = {f: draw(st.booleans()) for f in FLAG_FIELDS}
    chosen = draw(st.lists(st.sampled_from(DATE_FIELDS), max_size=5, unique=True))
    dates = {f: draw(st.dates(dob + dt.timedelta(days=365 * 3), AS_OF)) for f in chosen}
    # Circumstances that fit together (Person refuses the others).
    flags["care_leaver"] = flags["care_leaver"] and not flags["looked_after"]
    if not flags["ehc_plan"]:
        dates.pop("plan_issued", None)
        dates.pop("last_review", None)
    if "plan_issued" in dates and "last_review" in dates:
        dates["plan_issued"], dates["last_review"] = sorted((dates["plan_issued"], dates["last_review"]))
    for name in ("review_decision_sent", "amendment_notice_sent", "amended_plan_issued"):
        if name in dates:
            if "last_review" in dates:
                dates[name] = max(dates[name], dates["last_review"])
            else:
                del dates[name]
    if not (flags["looked_after"] or flags["care_leaver"]):
        dates.pop("looked_after_since", None)
    if flags["looked_after"]:
        dates.pop("left_care", None)
    if "left_care" in dates and "looked_after_since" in dates:
        dates["looked_after_since"], dates["left_care"] = sorted((dates["looked_after_since"], dates["left_care"]))
    if not flags["care_leaver"]:
        dates.pop("pa_requested", None)
    try:
        return Person(id="p", dob=dob, **flags, **dates, secondary_mh_need=draw(st.sampled_from([None, True, False])))
    except ValueError:
        assume(False)


def _same_handovers(person: Person) -> None:
    graph = pw.default_graph()
    full = milestones.for_person(person, as_of=AS_OF)
    few = milestones.for_person(person, as_of=AS_OF, only=area.needed_keys(graph))
    assert len(few.milestones) <= len(full.milestones)
    episodes = handovers.implied_episodes(person, graph, AS_OF)
    got = [h.model_dump() for h in handovers.for_person(person, episodes, graph, few, HORIZON)]
    assert got == [h.model_dump() for h in handovers.for_person(person, episodes, graph, full, HORIZON)]
    assert area.annual_reviews("p", few, AS_OF, HORIZON) == area.annual_reviews("p", full, AS_OF, HORIZON)


def _declared(person: Person) -> None:
    for m in milestones.for_person(person, as_of=AS_OF).milestones:
        known = keys.templates(next(r for r in CATALOGUE if r.id == m.rule_id))
        assert known is None or any(t.pattern.fullmatch(m.key) for t in known), (m.rule_id, m.key)


def test_every_rule_of_the_catalogue_is_read():
    unread = [r.id for r in CATALOGUE if keys.templates(r) is None]
    assert not unread, f"these rules always run, even where only a few keys are needed: {unread}"


def test_the_area_build_runs_only_the_rules_that_give_what_it_needs():
    needed = area.needed_keys(pw.default_graph())
    assert "annual_review_due*" in needed and "camhs_transition_plan" in needed
    assert not [k for k in needed if re.fullmatch(r"birthday_\d+", k)]  # worked out from the date of birth
    ran = {r.id for r in milestones.rules_for(needed)}
    assert {"E-3", "HL-4", "S-2"} <= ran and not {"CAL-1", "CAL-3", "CAL-6", "HL-5"} & ran
    assert milestones.rules_for(None) == CATALOGUE


@pytest.mark.parametrize(("template", "wanted", "matches"), [
    ('"camhs_ends"', "camhs_ends", True),
    ('"camhs_ends"', "camhs_end", False),
    ('f"annual_review_due_{n}"', "annual_review_due_3", True),
    ('f"annual_review_due_{n}"', "annual_review_due", False),
    ('f"annual_review_due_{n}"', "annual_review_due*", True),
    ('"annual_review_due"', "annual_review_due*", True),
    ('"annual_review_latest"', "annual_review_due*", False),
    ('f"birthday_{years}"', "birthday_1*", True),
    ('f"ld_health_check_{years}"', "birthday_1*", False),
])
def test_a_wanted_key_or_prefix_against_a_rule_key(template, wanted, matches):
    import ast

    assert keys._key_template(ast.parse(template, mode="eval").body).matches(wanted) is matches


def test_a_rule_whose_keys_cannot_be_read_always_runs():
    from planner.models import Domain
    from planner.rules.base import Rule, everyone

    def computed(ctx, r):
        name = "camhs" + "_ends"
        return [r.milestone(name, "t", "e", date=ctx.birthday(18))]

    def passes_rule_on(ctx, r):
        return helper(ctx, r)

    def helper(ctx, r):
        return [r.milestone("x", "t", "e", date=ctx.birthday(18))]

    for compute in (computed, passes_rule_on):
        rule = Rule(id="T-1", title="t", easy_read="e", domain=Domain.HEALTH, source="s", applies_when="always",
                    applies=everyone, compute=compute)
        assert keys.templates(rule) is None and keys.may_give(rule, {"anything"})


def test_every_key_is_declared_and_handovers_are_the_same_on_the_demo_area(westmere_db_path):
    from planner import store

    db = store.open_db(westmere_db_path)
    for row in store.area_people(db, "westmere", None):
        person = store.person_model(row)
        _declared(person)
        _same_handovers(person)
    db.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people())
def test_every_key_is_declared_and_handovers_are_the_same_for_anyone(person):
    _declared(person)
    _same_handovers(person)
