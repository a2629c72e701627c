"""My account: who is signed in, with which role (signing out: the frame, audited in
planner.views.pages.session)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import access
from planner.views.pages import Request


@dataclass(frozen=True)
class AccountView:
    name: str
    username: str
    role: str


def show(req: Request) -> AccountView:
    user = req.require("account")
    return AccountView(name=user.name, username=user.username, role=access.ROLE_LABELS[user.role])
