"""The children's services the commissioner's figures follow come from the pathway files, not
from lists typed in again (issue 12): checked against the lists worked out by hand from
pathways/health.yaml and pathways/social_care.yaml."""

from __future__ import annotations

from planner.need import dashboard, demand_rules, qs140


def test_qs140_follows_the_childrens_health_and_social_care_services():
    assert qs140.childrens_services() == {
        "camhs", "paediatrics", "childrens_continuing_care", "paediatric_gp_care",  # health
        "childrens_social_care", "short_breaks", "looked_after_care",  # social care
    }


def test_a_flag_stands_for_its_service_when_no_episode_is_recorded():
    assert dashboard.flag_services() == {
        "camhs": "camhs", "paediatrics": "paediatrics", "continuing_care": "childrens_continuing_care",
        "childrens_social_care": "childrens_social_care", "looked_after": "looked_after_care",
    }
    # The EHC plan and DLA have flags too, but are neither health nor social care.
    assert not {"ehc_plan", "dla"} & set(dashboard.flag_services())


def test_a_new_childrens_health_service_in_the_files_is_followed_without_a_code_change():
    from types import SimpleNamespace

    from planner.pathways import default_graph

    p = default_graph().graph["pathways"]
    extra = p.services["camhs"].model_copy(update={"id": "camhs_eating_disorders", "flag": None})
    changed = SimpleNamespace(services={**p.services, extra.id: extra})
    assert "camhs_eating_disorders" in demand_rules.childrens_care_services(changed)
    assert "camhs_eating_disorders" not in demand_rules.flag_services(changed).values()
