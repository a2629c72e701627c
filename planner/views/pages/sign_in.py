"""The sign-in page: it shows nothing from the records; signing in is planner.views.pages.session.sign_in
(audited there, refused attempts too). Without a database it says so and nobody can sign in
(session.setup_notice), unless the operator asked for the built-in sample."""

from planner.views.pages.session import SignIn, setup_notice, sign_in

__all__ = ["SignIn", "setup_notice", "sign_in"]
