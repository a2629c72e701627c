"""AppTest: sign-in, the menu of each role, and every page for every role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner import access
from planner.access import Role
from planner.access.records import SAMPLE_PASSWORD
from planner.own_words import Part

ACCOUNT_OF = {
    Role.YOUNG_PERSON: "young.sam",
    Role.PARENT_CARER: "parent.sam",
    Role.WORKER: "worker.ann",
    Role.TEAM_MANAGER: "manager.raj",
    Role.COMMISSIONER: "commissioner.lee",
    Role.ADMINISTRATOR: "admin.kim",
}
PAGES_DIR_FILES = {"home", "my_timeline", "explore_options", "my_plan", "downloads", "account", "sign_in"}


def _available():
    return {p.stem for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py") if not p.stem.startswith("_")}


def nav_pages(at) -> set[str]:
    # AppTest keeps what st.navigation registered on the last run (there is no public API).
    return {Path(str(info["script_path"])).stem for info in at._registered_pages.values()}


def test_signed_out_sees_only_sign_in(app):
    app.run()
    assert not app.exception
    assert nav_pages(app) == {"sign_in"}
    assert app.text_input(key="username").label == "Username"


def test_sign_in_with_password_then_menu(app, records):
    app.run()
    app.text_input(key="username").input("young.sam")
    app.text_input(key="password").input(SAMPLE_PASSWORD)
    app.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    app.run()
    assert not app.exception
    assert app.session_state["user"].username == "young.sam"
    assert nav_pages(app) == set(access.pages_for(Role.YOUNG_PERSON))
    assert ("young.sam", "sign in", None, "password") in records.audit_log


def test_wrong_password_is_refused_and_locks_after_five(app, records):
    app.run()
    for _ in range(5):
        app.text_input(key="username").input("young.sam")
        app.text_input(key="password").input("wrong password")
        app.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    assert "user" not in app.session_state
    assert "locked" in app.error[0].value
    app.text_input(key="username").input("young.sam")
    app.text_input(key="password").input(SAMPLE_PASSWORD)
    app.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    assert "user" not in app.session_state and "locked" in app.error[0].value


@pytest.mark.parametrize("role", list(Role))
def test_each_role_menu_holds_exactly_its_pages(app, records, signed_in, role):
    signed_in(app, ACCOUNT_OF[role])
    assert not app.exception
    assert nav_pages(app) == set(access.pages_for(role, _available()))
    # Family pages are for the family; staff open a person only through "A person's plan",
    # and a commissioner never has a page that shows a person.
    family = {"my_timeline", "explore_options", "my_plan", "downloads"}
    if role not in (Role.YOUNG_PERSON, Role.PARENT_CARER):
        assert not family & nav_pages(app)
    if role is Role.COMMISSIONER:
        assert not access.PERSON_PAGES & nav_pages(app)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", sorted(PAGES_DIR_FILES - {"sign_in"}))
def test_every_page_for_every_role(app, signed_in, role, page):
    signed_in(app, ACCOUNT_OF[role])
    if page in access.pages_for(role):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, app.exception
        assert not app.error
        assert app.title[0].value
    else:
        # A page a role may not see is not registered for it at all.
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")


def test_timeline_page_has_text_equivalent_and_audits_the_read(app, records, signed_in):
    signed_in(app, "young.sam")
    app.switch_page("pages/my_timeline.py").run()
    text = " ".join(m.value for m in app.markdown)
    assert "By 30 March 2026 your plan must be reviewed and changed to name where you will study" in text
    assert "You turn 18 on 31 August 2028." in text
    assert "▲ coming soon" in text and "■ done" in text
    # The 31 March 2026 amendment is past with nothing recorded (Sam's record began 1 Sep 2025):
    # overdue, never "done" because the date passed (issue 11).
    assert "(◆ overdue: nothing recorded yet, Learning): By 30 March 2026" in text
    # The plan's gap, said in words: CAMHS ends on the 18th birthday, the adult team is full.
    assert ("Adult mental health team is planned to start by 19 October 2028. That is 7 weeks after CAMHS "
            "(children's mental health) ends on 31 August 2028.") in text
    assert "CAMHS usually stops on 31 August 2028. Adult support should be ready before then." not in text
    # the list first (readable on a phone), the chart after it
    assert [h.value for h in app.header][:4] == ["Where the plan leaves a gap", "When you turn 18", "In words, by age",
                                                 "Chart"]
    assert ("young.sam", "read", "demo-sam", "my timeline") in records.audit_log
    app.toggle(key="hide_done").set_value(True).run()
    assert "■ done," not in " ".join(m.value for m in app.markdown)


def test_query_parameters_never_change_whose_record(app, records, signed_in):
    app.query_params["person_id"] = "demo-alex"
    app.query_params["person"] = "demo-alex"
    signed_in(app, "young.sam")
    app.switch_page("pages/my_timeline.py").run()
    text = " ".join(m.value for m in app.markdown)
    assert "31 August 2028" in text  # Sam turns 18 then; Alex in February 2030
    assert not any(entry[2] == "demo-alex" for entry in records.audit_log)


def test_parent_without_consent_after_school_age_is_refused(app, records, signed_in):
    records.people["demo-sam"].links = records.people["demo-sam"].links.model_copy(update={"parent_consent": False})
    signed_in(app, "parent.sam")
    app.switch_page("pages/my_timeline.py").run()
    assert "They have not said yes" in app.warning[0].value
    assert records.audit_log[-1][:3] == ("parent.sam", "read refused", "demo-sam")


def test_parent_of_younger_child_reads_and_may_change_consent(app, records, signed_in):
    signed_in(app, "parent.alex")
    app.switch_page("pages/my_plan.py").run()
    assert not app.exception
    assert not app.toggle(key="consent_special_school_about_me").disabled


def test_my_plan_saves_aspirations_profile_and_consent(app, records, signed_in):
    signed_in(app, "young.sam")
    app.switch_page("pages/my_plan.py").run()
    app.text_area(key="asp_independent_living").input("A flat with my friend Jo")
    app.button(key="FormSubmitter:aspirations_form-Save what I want").click().run()
    assert records.people["demo-sam"].aspirations["independent_living"] == "A flat with my friend Jo"
    app.text_area(key="prof_like_about_me").input("I make people laugh")
    app.button(key="FormSubmitter:profile_form-Save my profile").click().run()
    assert records.people["demo-sam"].profile == {"like_about_me": "I make people laugh"}
    # Stop college seeing how Sam communicates, then everything.
    app.toggle(key="consent_fe_college_communication").set_value(False).run()
    assert records.people["demo-sam"].consent_parts["fe_college"] == {Part.ABOUT_ME}
    assert ("young.sam", "change consent", "demo-sam", "fe_college: about_me") in records.audit_log
    app.toggle(key="consent_fe_college_about_me").set_value(False).run()
    assert records.people["demo-sam"].consents["fe_college"] is False
    assert ("young.sam", "withdraw consent", "demo-sam", "fe_college") in records.audit_log
    assert "no longer sees any of the plan" in app.success[0].value


def test_parent_cannot_change_consent_after_school_age(app, records, signed_in):
    signed_in(app, "parent.sam")
    app.switch_page("pages/my_plan.py").run()
    assert app.toggle(key="consent_fe_college_about_me").disabled
    # Sam wrote what he wants about work: his parent sees it and cannot change it.
    assert app.text_area(key="asp_employment").disabled


def test_explore_options_filters_by_outcome(app, records, signed_in):
    signed_in(app, "young.sam")
    app.switch_page("pages/explore_options.py").run()
    every = {e.label for e in app.expander}
    assert {"Supported internship", "College", "Supported living"} <= every
    app.multiselect(key="wants").select("good_health").run()
    health = {e.label for e in app.expander}
    assert health and health < every and "College" not in health
    assert "What it is" in " ".join(m.value for m in app.markdown)


def test_downloads_offer_plan_and_calendar(app, records, signed_in):
    signed_in(app, "young.sam")
    app.switch_page("pages/downloads.py").run()
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Download my plan (web page to print)", "Download my calendar (.ics file)"]


def test_idle_session_is_signed_out(app, records, signed_in):
    signed_in(app, "young.sam")
    app.session_state["last_seen"] = dt.datetime.now() - dt.timedelta(minutes=31)
    app.run()
    assert "user" not in app.session_state
    assert nav_pages(app) == {"sign_in"}
    assert "30 minutes" in app.info[0].value


def test_sign_out_button(app, records, signed_in):
    signed_in(app, "worker.ann")
    app.sidebar.button(key="sign_out").click().run()
    app.run()
    assert "user" not in app.session_state and nav_pages(app) == {"sign_in"}


# --- single sign-on (OIDC), with AppTest's simulated st.user ---------------------------------

OIDC = {"planner_oidc": {"groups": {"transition-workers": "worker", "commissioning": "commissioner"}}}


def _sso(app, claims):
    app.secrets = dict(OIDC)
    app.user = claims
    return app.run()


def test_sso_signs_in_the_local_account_with_that_email(app, records):
    _sso(app, {"is_logged_in": True, "email": "sam@example.org", "name": "Sam"})
    assert app.session_state["user"].username == "young.sam"
    assert nav_pages(app) == set(access.pages_for(Role.YOUNG_PERSON))


def test_sso_group_gives_a_staff_role(app, records):
    _sso(app, {"is_logged_in": True, "email": "new.person@example.org", "groups": ["commissioning"]})
    user = app.session_state["user"]
    assert user.role is Role.COMMISSIONER and user.person_id is None
    assert nav_pages(app) == set(access.pages_for(Role.COMMISSIONER, _available()))


def test_sso_without_account_or_group_is_refused(app, records):
    _sso(app, {"is_logged_in": True, "email": "stranger@example.org", "groups": ["other"]})
    assert "user" not in app.session_state
    assert nav_pages(app) == {"sign_in"}
    assert "not set up in the planner" in app.info[0].value


def test_sso_off_without_configuration(app, records):
    app.user = {"is_logged_in": True, "email": "sam@example.org"}
    app.run()
    assert "user" not in app.session_state


