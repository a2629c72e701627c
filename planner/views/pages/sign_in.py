"""The sign-in page: it shows nothing from the records; signing in is planner.views.pages.session.sign_in
(audited there, refused attempts too)."""

from planner.views.pages.session import SignIn, sign_in

__all__ = ["SignIn", "sign_in"]
