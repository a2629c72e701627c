"""The young person's own words, told once: their one-page profile, what they want (the four
preparing-for-adulthood outcomes), how they communicate and their communication needs, and who
they share them with.

Pure models and vocabulary; the store keeps every saved version (`planner.store.own_words`),
`planner.access.consent` decides who may see and change what.

Communication needs follow the NHS Accessible Information Standard (DAPB1605, a duty under the
Health and Social Care Act 2012 s.250 on NHS and adult social care bodies): a service must
*ask* (identify) a person's information and communication needs, *record* them in a standard
way, *flag* them so they are highly visible whenever the record is opened, *share* them with
other services as part of referrals (with consent), *act* on them and *review* them. The
standard records needs in four groups: a contact method, an information format, communication
support and a communication professional (NHS England, "How to meet the standard"; the AIS
specification's four recording subsets). Foreign-language interpreting is outside the standard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from planner.models import Outcome


class WordsRecord(StrEnum):
    """The four records of a young person's own words and choices; each is versioned."""

    PROFILE = "profile"
    WISHES = "wishes"
    COMMUNICATION = "communication"
    CONSENT = "consent"


# How a message names each record ("... was changed by Jo at 10:15 on ...").
WORDS_LABELS: dict[WordsRecord, str] = {
    WordsRecord.PROFILE: "This one-page profile",
    WordsRecord.WISHES: "What the young person wants",
    WordsRecord.COMMUNICATION: "The record of communication needs",
    WordsRecord.CONSENT: "The choice of who sees the plan",
}


class Part(StrEnum):
    """What a service may be shown of the young person's own words."""

    ABOUT_ME = "about_me"  # the one-page profile and what they want
    COMMUNICATION = "communication"  # how they communicate and their communication needs


PART_LABELS: dict[Part, str] = {
    Part.ABOUT_ME: "About me and what I want",
    Part.COMMUNICATION: "How I communicate",
}
# The same, said about the young person (a worker's page, a referral).
PART_WORDS: dict[Part, str] = {
    Part.ABOUT_ME: "their one-page profile and what they want",
    Part.COMMUNICATION: "how they communicate and their communication needs",
}
ALL_PARTS = frozenset(Part)

PROFILE_FIELDS = ("like_about_me", "important_to_me", "how_to_support_me")
WISH_FIELDS = tuple(o.value for o in Outcome)

# --- Accessible Information Standard: the four recording groups --------------------------------

CONTACT_METHODS: dict[str, str] = {
    "email": "By email",
    "text_message": "By text message",
    "phone": "By phone",
    "letter": "By letter",
    "face_to_face": "Face to face",
    "video_call": "By video call",
    "text_relay": "By text relay (Relay UK)",
}
INFORMATION_FORMATS: dict[str, str] = {
    "easy_read": "Easy Read",
    "large_print": "Large print",
    "braille": "Braille",
    "audio": "Audio",
    "bsl_video": "British Sign Language video",
    "electronic": "By email, for my screen reader",
    "pictures_symbols": "Pictures or symbols",
}
COMMUNICATION_SUPPORT: dict[str, str] = {
    "extra_time": "Give me extra time to answer",
    "short_sentences": "Use short sentences and plain words",
    "face_me_lipread": "Face me: I lipread",
    "hearing_loop": "A hearing loop",
    "makaton": "Makaton signs",
    "communication_aid": "My communication aid or app",
    "person_i_know": "A person I know with me",
}
COMMUNICATION_PROFESSIONALS: dict[str, str] = {
    "bsl_interpreter": "British Sign Language interpreter",
    "deafblind_interpreter": "Deafblind interpreter",
    "lipspeaker": "Lipspeaker",
    "speech_to_text": "Speech-to-text reporter",
    "notetaker": "Notetaker",
    "advocate": "An advocate",
}
NEED_GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "contact_methods": ("How to contact me", CONTACT_METHODS),
    "information_formats": ("Information I can read", INFORMATION_FORMATS),
    "communication_support": ("Help I need to communicate", COMMUNICATION_SUPPORT),
    "communication_professionals": ("A professional I need", COMMUNICATION_PROFESSIONALS),
}
COMMUNICATION_TEXT_FIELDS = ("how_i_communicate", "other_needs")
COMMUNICATION_FIELDS = (*COMMUNICATION_TEXT_FIELDS, *NEED_GROUPS)


class CommunicationNeeds(BaseModel):
    """How a young person likes to communicate, in their words, and their needs in the standard's
    four groups (ids from the vocabularies above)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    how_i_communicate: str = Field("", max_length=2000)
    contact_methods: tuple[str, ...] = ()
    information_formats: tuple[str, ...] = ()
    communication_support: tuple[str, ...] = ()
    communication_professionals: tuple[str, ...] = ()
    other_needs: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _known_needs(self) -> Self:
        for group, (_label, vocabulary) in NEED_GROUPS.items():
            unknown = [v for v in getattr(self, group) if v not in vocabulary]
            if unknown:
                raise ValueError(f"{group}: unknown {', '.join(unknown)}; use {', '.join(vocabulary)}")
        return self

    @property
    def flagged(self) -> bool:
        """The standard's flag: any need recorded, so it shows first whenever the record opens."""
        return any(getattr(self, g) for g in NEED_GROUPS) or bool(self.other_needs.strip())

    @property
    def empty(self) -> bool:
        return not self.flagged and not self.how_i_communicate.strip()

    def lines(self) -> list[tuple[str, str]]:
        """(heading, plain words) for each group with something recorded, in the standard's order."""
        out: list[tuple[str, str]] = []
        if self.how_i_communicate.strip():
            out.append(("How I like to communicate", self.how_i_communicate.strip()))
        for group, (label, vocabulary) in NEED_GROUPS.items():
            chosen = getattr(self, group)
            if chosen:
                out.append((label, "; ".join(vocabulary[c] for c in chosen) + "."))
        if self.other_needs.strip():
            out.append(("Other needs", self.other_needs.strip()))
        return out

    def flag(self) -> str:
        """The standard's flag in one line, for the top of the record: "Communication needs.
        Contact: by text message. Information: Easy Read. Support: give me extra time to answer." """
        short = {"contact_methods": "Contact", "information_formats": "Information",
                 "communication_support": "Support", "communication_professionals": "Professional"}
        parts = ["Communication needs."]
        for group, (_label, vocabulary) in NEED_GROUPS.items():
            chosen = getattr(self, group)
            if chosen:
                words = "; ".join(vocabulary[c][0].lower() + vocabulary[c][1:] if not vocabulary[c].startswith(
                    ("Easy", "British", "Braille", "Makaton", "Large", "Audio")) else vocabulary[c] for c in chosen)
                parts.append(f"{short[group]}: {words}.")
        if self.other_needs.strip():
            parts.append(f"Also: {self.other_needs.strip().rstrip('.')}.")
        return " ".join(parts)

    def as_fields(self) -> dict[str, str]:
        """Flat text fields (lists joined by commas), as the store keeps them."""
        return {f: (",".join(getattr(self, f)) if f in NEED_GROUPS else getattr(self, f)) for f in COMMUNICATION_FIELDS}

    @classmethod
    def from_fields(cls, fields: Mapping[str, object]) -> CommunicationNeeds:
        values: dict[str, object] = {}
        for f in COMMUNICATION_FIELDS:
            raw = fields.get(f) or ""
            if f in NEED_GROUPS:
                values[f] = tuple(raw) if isinstance(raw, list | tuple) else tuple(x for x in str(raw).split(",") if x)
            else:
                values[f] = str(raw)
        return cls(**values)


# --- versions and authors ---------------------------------------------------------------------


class Version(BaseModel):
    """One saved version of a record: who saved it, in what role, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    by: str
    role: str = ""
    at: str = ""
    content: dict = Field(default_factory=dict)


class Author(BaseModel):
    """Who wrote the words now in one field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    role: str = ""
    at: str = ""


def authors(history: Sequence[Version]) -> dict[str, Author]:
    """For each field, who wrote its current words: the saver of the version that last changed
    it. `history` is oldest first. A field emptied has no author."""
    out: dict[str, Author] = {}
    previous: Mapping = {}
    for v in sorted(history, key=lambda h: h.version):
        for field in set(previous) | set(v.content):
            before, after = previous.get(field), v.content.get(field)
            if before != after:
                if after in (None, "", [], ()):
                    out.pop(field, None)
                else:
                    out[field] = Author(by=v.by, role=v.role, at=v.at)
        previous = v.content
    return out


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> set[str]:
    """Fields whose value differs (a missing field counts as empty)."""
    def norm(x: object) -> object:
        if isinstance(x, list | tuple):
            return tuple(x)
        return x or ""
    return {f for f in set(before) | set(after) if norm(before.get(f)) != norm(after.get(f))}


# --- consent ----------------------------------------------------------------------------------


class Consent(BaseModel):
    """The young person's sharing choices: what each service sees, and whether their parent or
    carer sees their record once decisions are theirs (from the end of compulsory school age)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    services: dict[str, frozenset[Part]] = Field(default_factory=dict)
    parent: bool = False

    def parts_for(self, service_id: str) -> frozenset[Part]:
        return self.services.get(service_id, frozenset())

    def as_content(self) -> dict:
        """The JSON kept for each version."""
        return {"services": {s: sorted(p.value for p in parts) for s, parts in sorted(self.services.items()) if parts},
                "parent": self.parent}


def parts_text(parts: Iterable[Part | str]) -> str:
    """'about_me,communication' (the store's column) from parts."""
    return ",".join(sorted(Part(p).value for p in parts))


def parse_parts(text: str | None) -> frozenset[Part]:
    return frozenset(Part(p) for p in (text or "").split(",") if p)


def review_due(last_saved: dt.date | None, today: dt.date, every: dt.timedelta = dt.timedelta(days=365)) -> bool:
    """The standard asks services to review recorded needs; the planner asks once a year (its own
    default, recommended: the AIS gives no interval)."""
    return last_saved is None or today - last_saved >= every
