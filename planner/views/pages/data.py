"""Data (administrator): import with a preview of every row's problem, exports, a subject access
request and erasure, each through planner.views.data_admin, which audits it. Every function
checks the role again; what the administrator must correct comes back as `Refused`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner import store
from planner.exchange.imports import ImportRefused
from planner.views import data_admin
from planner.views.data_admin import Download, ErasurePreview, Preview, Progress, SubjectAccess
from planner.views.pages import Refused, Request

__all__ = ["DataView", "Download", "ErasurePreview", "Preview", "SubjectAccess", "confirm", "erase",
           "erasure_preview", "export", "find", "preview", "show", "subject_access"]
PAGE = "data"
NO_DB = "there is no record to import into, export, or answer a request from"


@dataclass(frozen=True)
class DataView:
    areas: list[str]
    kinds: dict[str, str]
    exports: dict[str, str]


def show(req: Request) -> DataView:
    req.require(PAGE)
    db = req.need_db(NO_DB)
    return DataView(areas=store.areas(db) or ["eastshire"], kinds=data_admin.KINDS, exports=data_admin.EXPORTS)


def preview(req: Request, kind: str, files: Mapping[str, bytes], area: str, encoding: str | None = None) -> Preview:
    req.require(PAGE)
    if not files:
        raise Refused("Choose a file to upload first.")
    return data_admin.preview(req.need_db(NO_DB), kind, files, area.strip(), encoding)


def confirm(req: Request, kind: str, files: Mapping[str, bytes], area: str, encoding: str | None = None,
            progress: Progress | None = None) -> str:
    req.require(PAGE)
    try:
        return data_admin.confirm(req.need_db(NO_DB), kind, files, area.strip(), req.username, encoding, progress)
    except ImportRefused as refused:
        raise Refused(f"Nothing was imported: the file no longer checks ({refused.problems[0]}). "
                      "Upload it again to see every problem.", serious=True) from None


def export(req: Request, what: str, area: str) -> Download:
    req.require(PAGE)
    return data_admin.export(req.need_db(NO_DB), what, area, req.username, req.today)


def find(req: Request, text: str) -> list[dict]:
    req.require(PAGE)
    return data_admin.find_people(req.need_db(NO_DB), text, req.username)


def subject_access(req: Request, person_id: str) -> SubjectAccess:
    req.require(PAGE)
    try:
        return data_admin.subject_access(req.need_db(NO_DB), person_id, req.username)
    except KeyError:
        raise Refused(f"There is no person {person_id}.") from None


def erasure_preview(req: Request, person_id: str) -> ErasurePreview:
    req.require(PAGE)
    try:
        return data_admin.erasure_preview(req.need_db(NO_DB), person_id)
    except KeyError:
        raise Refused(f"There is no person {person_id}: perhaps they have been erased already.") from None


def erase(req: Request, person_id: str, typed: str, reason: str) -> str:
    req.require(PAGE)
    try:
        return data_admin.erase(req.need_db(NO_DB), person_id, typed, req.username, reason)
    except ValueError as exc:
        raise Refused(f"Nothing was erased: {exc}.") from None
    except KeyError:
        raise Refused(f"There is no person {person_id}: perhaps they have been erased already.") from None
