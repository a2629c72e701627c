"""Staying signed in across a refresh or a new tab, without weakening the 30-minute idle sign-out.

After sign-in the browser keeps a token in a cookie: a random session id and an HMAC-SHA256
signature of it with the app's secret (`PLANNER_SESSION_SECRET`, or one the store makes once).
On a new page load the server checks the signature, then looks the session up in the store by
the hash of its id: it must exist, not have ended, and have seen activity within the idle
timeout. Signing out ends every session of that user, so every tab and device is signed out.

Pure functions here (tokens and the rule); `SessionBook` applies them to the store.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets

from pydantic import BaseModel, ConfigDict
from sqlite_utils import Database

from planner import store
from planner.access import IDLE_TIMEOUT

COOKIE = "planner_session"
SECRET_ENV = "PLANNER_SESSION_SECRET"
# Writing last_seen on every rerun would write to the database on every click; once a minute
# keeps the idle clock within a minute of the truth.
TOUCH_EVERY = dt.timedelta(minutes=1)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def _mac(session_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), session_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(session_id: str, secret: str) -> str:
    """The token the browser keeps: `<session id>.<signature>`."""
    return f"{session_id}.{_mac(session_id, secret)}"


def unsign(token: str | None, secret: str) -> str | None:
    """The session id of a token whose signature is right, else None."""
    if not token or token.count(".") != 1:
        return None
    session_id, mac = token.split(".")
    if not session_id or not hmac.compare_digest(mac, _mac(session_id, secret)):
        return None
    return session_id


def id_hash(session_id: str) -> str:
    """What the store keeps instead of the id itself."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class Check(BaseModel):
    """The outcome of checking a session: the username when it is live, else why not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    username: str | None
    reason: str


def check_row(row: dict | None, now: dt.datetime, idle: dt.timedelta = IDLE_TIMEOUT) -> Check:
    """Is this sessions row live at `now`?"""
    if row is None:
        return Check(username=None, reason="unknown session")
    if row.get("ended_at"):
        return Check(username=None, reason=f"ended: {row.get('ended_why') or 'signed out'}")
    if now - dt.datetime.fromisoformat(row["last_seen"]) > idle:
        return Check(username=None, reason="idle")
    return Check(username=row["username"], reason="live")


def _stamp(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


class SessionBook:
    """Sessions kept in the store for one connection."""

    def __init__(self, db: Database, secret: str | None = None):
        self.db = db
        self.secret = secret or os.environ.get(SECRET_ENV) or store.app_secret(db, "session")

    def start(self, username: str, now: dt.datetime) -> str:
        """A new session for `username`; returns the signed token for the cookie."""
        session_id = new_session_id()
        store.create_session(self.db, id_hash(session_id), username, _stamp(now))
        return sign(session_id, self.secret)

    def resume(self, token: str | None, now: dt.datetime, idle: dt.timedelta = IDLE_TIMEOUT) -> Check:
        """Who a token belongs to, if its session is live; an idle session is ended here."""
        session_id = unsign(token, self.secret)
        if session_id is None:
            return Check(username=None, reason="no valid token")
        key = id_hash(session_id)
        row = store.get_session(self.db, key)
        result = check_row(row, now, idle)
        if result.reason == "idle":
            store.end_session(self.db, key, "idle for 30 minutes", _stamp(now))
        elif result.username and now - dt.datetime.fromisoformat(row["last_seen"]) >= TOUCH_EVERY:
            store.touch_session(self.db, key, _stamp(now))
        return result

    def touch(self, token: str | None, now: dt.datetime) -> None:
        session_id = unsign(token, self.secret)
        if session_id:
            store.touch_session(self.db, id_hash(session_id), _stamp(now))

    def end_all(self, username: str, why: str, now: dt.datetime) -> int:
        """Sign `username` out everywhere."""
        return store.end_sessions_for(self.db, username, why, _stamp(now))
