"""Wording that fits the reader: the young person reads "My plan" and "when you turn 18"; their
parent or a worker reads "Sam's plan" and "when Sam turns 18".

The rules' plain sentences (planner.rules, `easy_read`) speak to the young person ("Your EHC
plan must be reviewed by ..."). For anyone else `third_person` turns them round: "you" becomes
the young person's first name, the verb after it agrees ("you turn" -> "Sam turns", "you are"
-> "Sam is"), and "your" becomes "Sam's".
"""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from planner import pathways

# Verbs that do not change after a name ("Sam can", "Sam must").
_MODALS = frozenset({"can", "cannot", "could", "may", "might", "must", "should", "will", "would", "shall"})
_IRREGULAR = {"are": "is", "have": "has", "do": "does", "go": "goes", "were": "was", "aren't": "isn't",
              "don't": "doesn't", "haven't": "hasn't"}


def _agree(verb: str) -> str:
    lower = verb.lower()
    if lower in _MODALS:
        return verb
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if not lower.isalpha() or lower.endswith("s") and not lower.endswith("ss"):
        return verb
    if lower.endswith(("ss", "sh", "ch", "x", "o")):
        return verb + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


# Words that can follow a subject "you" and are verbs in the rules' sentences; anything else
# ("help you from ...") means "you" is an object and the next word stays as it is.
_VERBS = frozenset({
    "are", "have", "do", "go", "turn", "become", "get", "need", "want", "make", "meet", "move", "start",
    "leave", "live", "claim", "apply", "choose", "agree", "gather", "receive", "stay", "take", "talk",
    "tell", "say", "use", "see", "decide", "study", "work", "were", "don't", "aren't", "haven't", "learn",
    "reach", "finish", "qualify", "come", "ask", "look", "keep", "think", "like",
})


def third_person(text: str, name: str) -> str:
    """`text` (spoken to the young person) about them instead: the first "you" or "your" of each
    sentence becomes `name` ("Sam", "Sam's"), later ones "they", "them" and "their"."""
    return " ".join(_sentence_about(s, name) for s in re.split(r"(?<=[.!?])\s+", text))


def _sentence_about(sentence: str, name: str) -> str:
    named = False

    def swap(m: re.Match) -> str:
        nonlocal named
        word, nxt = m.group(1), m.group(2)
        lower = word.lower()
        capital = word[0].isupper() and m.start() == 0
        if lower == "yourself":
            out = "themselves"
        elif lower == "your":
            out = "their" if named else f"{name}'s"
        elif nxt is not None and (nxt.lower() in _VERBS or nxt.lower() in _MODALS):  # "you" as the subject
            out = f"they {nxt}" if named else f"{name} {_agree(nxt)}"
            nxt = None
        else:  # "you" as an object ("help you")
            out = "them" if named else name
        named = True
        if capital:
            out = out[0].upper() + out[1:]
        return out + (f" {nxt}" if nxt is not None else "")

    return re.sub(r"\b([Yy]ourself|[Yy]our|[Yy]ou)\b(?: (\w[\w']*))?", swap, sentence)


class Reader(BaseModel):
    """Who is reading a young person's pages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    own: bool  # the young person themselves
    name: str  # the young person's first name

    @property
    def plan(self) -> str:
        return "My plan" if self.own else f"{self.name}'s plan"

    @property
    def timeline(self) -> str:
        return "My timeline" if self.own else f"{self.name}'s timeline"

    @property
    def your(self) -> str:
        return "your" if self.own else f"{self.name}'s"

    @property
    def you(self) -> str:
        return "you" if self.own else self.name

    def turns(self, age: int) -> str:
        return f"when you turn {age}" if self.own else f"when {self.name} turns {age}"

    def say(self, text: str) -> str:
        """A sentence written to the young person, as this reader should read it."""
        return text if self.own else third_person(text, self.name)


def cap(text: str) -> str:
    """The first letter upper case, the rest as it is ("sam's" stays "Sam's", "McKenzie" too)."""
    return text[:1].upper() + text[1:]


def first_name(full_name: str) -> str:
    return full_name.split()[0] if full_name.strip() else "the young person"


def reader_for(role: str, user_person_id: str | None, person_id: str | None, full_name: str) -> Reader:
    """The young person reading their own record, or anyone else reading it."""
    own = role == "young_person" and user_person_id is not None and user_person_id == person_id
    return Reader(own=own, name=first_name(full_name))


@functools.cache
def _team_names() -> dict[str, str]:
    return {tid: team.name for tid, team in pathways.load().teams.items()}


def team_name(team_id: str | None) -> str:
    """A team's plain name from data/teams.yaml ("CAMHS care coordinators"), never its id."""
    if not team_id:
        return ""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", team_id):  # already a name
        return team_id
    name = _team_names().get(team_id) or team_id.replace("_", " ")
    return name[0].upper() + name[1:]
