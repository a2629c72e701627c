"""Audit log (administrator): who did what and when, newest first, filtered and a page at a
time, with the matching entries as a CSV safe to open in a spreadsheet (planner.access.admin).
Reading it and downloading it are audited."""

from __future__ import annotations

from dataclasses import dataclass

from planner.access import admin
from planner.access.admin import AuditPage
from planner.views.pages import Request

__all__ = ["AuditPage", "AuditView", "downloaded", "show"]


@dataclass(frozen=True)
class AuditView:
    built: bool  # False before a database exists: the built-in sample keeps no audit log
    page: AuditPage | None = None
    csv: str = ""


def show(req: Request, username: str = "", person_id: str = "", page: int = 1) -> AuditView:
    req.require("audit_log")
    if req.db is None:
        return AuditView(built=False)
    shown = AuditView(built=True, page=admin.audit_page(req.db, username=username, person_id=person_id, page=page),
                      csv=admin.audit_csv(req.db, username=username, person_id=person_id))
    # Written after reading, so the count shown is of the entries before this look at them.
    req.audit("view audit log", None, f"username={username.strip()[:100] or 'any'}, "
              f"person={person_id.strip()[:100] or 'any'}, page {shown.page.page}")
    return shown


def downloaded(req: Request, username: str, person_id: str) -> None:
    """Audit a download of the audit log, with its filters."""
    req.require("audit_log")
    req.audit("download audit log", None, f"username={username.strip() or 'any'}, person={person_id.strip() or 'any'}")
