"""Easy Read: short sentences (at most 15 words), one idea to an item, a picture beside each item
with words that say what it shows, larger text, and the plain names of teams and services.

These follow the usual Easy Read guidance for people with a learning disability (Mencap's "Make
it clear"; the Department of Health's "Making written information easier to understand", 2010):
one idea a sentence, everyday words, a picture for each idea on the left. `problems` checks a
list of items against the first three of these; the browser test runs it on the page.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from planner.access.records import Contact
from planner.models import Domain
from planner.views.coming_up import Point, first_sentence, plain_title, word_count
from planner.views.journey import GapNotice, JourneyEvent
from planner.views.reader import Reader, cap
from planner.views.words import long_date, service_name

MAX_WORDS = 15

_STROKE = 'fill="none" stroke="#0b0c0c" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
# Simple line pictures on a 24 x 24 grid, drawn here so that nothing is fetched from elsewhere.
_PICTURES: dict[str, tuple[str, str]] = {
    # id: (alt text, SVG body)
    "calendar": ("A calendar", '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>'),
    "learning": ("A book", '<path d="M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2z"/><path d="M4 21V5M8 7h8"/>'),
    "work": ("A work bag", '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5h6v2M3 13h18"/>'),
    "home": ("A house", '<path d="M3 11l9-7 9 7"/><path d="M5 10v10h14V10M10 20v-6h4v6"/>'),
    "health": ("A heart", '<path d="M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z"/>'),
    "care": ("Two people", '<circle cx="8" cy="8" r="3"/><circle cx="16" cy="8" r="3"/><path d="M2 20c0-3 3-5 6-5s6 2 6 5M12 20c0-3 2-5 4-5s6 2 6 5"/>'),
    "money": ("Money", '<circle cx="12" cy="12" r="9"/><path d="M15 8a3 3 0 0 0-5 2v6h5M8 13h5M8 16h8"/>'),
    "rights": ("A pair of scales", '<path d="M12 4v16M7 20h10M5 8h14M5 8l-3 6a3 3 0 0 0 6 0zM19 8l-3 6a3 3 0 0 0 6 0z"/>'),
    "person": ("A person", '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-7 8-7s8 3 8 7"/>'),
    "phone": ("A phone", '<rect x="7" y="2" width="10" height="20" rx="2"/><path d="M11 18h2"/>'),
    "email": ("An envelope", '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>'),
    "warning": ("A warning sign", '<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.5"/>'),
    "star": ("A star", '<path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.3l1-6.2L3 9.7l6.2-.9z"/>'),
    "speech": ("A speech bubble", '<path d="M4 5h16v11H9l-5 4z"/>'),
    "done": ("A tick", '<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>'),
}
DOMAIN_PICTURE: dict[Domain, str] = {
    Domain.EDUCATION: "learning", Domain.EMPLOYMENT: "work", Domain.HOUSING: "home", Domain.HEALTH: "health",
    Domain.SOCIAL_CARE: "care", Domain.MONEY: "money", Domain.LEGAL: "rights",
}


def picture_uri(picture: str) -> str:
    """A data: URI of the picture (an SVG), for an <img> that needs no other file."""
    body = _PICTURES[picture][1]
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" {_STROKE}>{body}</svg>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class EasyReadItem(BaseModel):
    """One idea: a few short sentences and the picture beside them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    picture: str
    alt: str = ""

    @property
    def alt_text(self) -> str:
        return self.alt or _PICTURES[self.picture][0]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def problems(items: Iterable[EasyReadItem]) -> list[str]:
    """What breaks the Easy Read rules: a sentence over 15 words, an unknown picture, no alt text."""
    found = []
    for item in items:
        for s in sentences(item.text):
            if word_count(s) > MAX_WORDS:
                found.append(f"{word_count(s)} words: {s}")
        if item.picture not in _PICTURES:
            found.append(f"no picture {item.picture!r}: {item.text}")
        elif not item.alt_text.strip():
            found.append(f"no words for the picture: {item.text}")
    return found


def _short(sentence: str) -> str:
    """`sentence` if it is short enough; else cut at a colon or comma (the rest is detail)."""
    if word_count(sentence) <= MAX_WORDS:
        return sentence
    for mark in (":", ",", " and "):
        head = sentence.split(mark)[0].strip()
        if 3 <= word_count(head) <= MAX_WORDS:
            return head.rstrip(".") + "."
    words = sentence.split()
    return " ".join(words[:MAX_WORDS]).rstrip(".,;:") + "."


def point_item(point: Point, reader: Reader) -> EasyReadItem:
    """One dated thing as an Easy Read item: what and when, and who does it for a step."""
    text = _short(point.sentence(reader))
    if point.event.who:
        text += " " + _short(f"{plain_title(point.event.who)} will do this.")
    return EasyReadItem(text=text, picture=DOMAIN_PICTURE.get(point.event.domain, "calendar"))


def worker_items(worker: Contact | None, reader: Reader) -> list[EasyReadItem]:
    """The named worker and how to reach them (NICE NG43: a named worker for every young person)."""
    if worker is None:
        return [EasyReadItem(text=f"{cap(reader.your)} named worker is not set yet. Ask at school or college.",
                             picture="person")]
    items = [EasyReadItem(text=_short(f"{cap(reader.your)} named worker is {worker.name}.")
                          + (" " + _short(f"{worker.name} works in the {plain_title(worker.team)}.") if worker.team else ""),
                          picture="person", alt=f"A person: {worker.name}")]
    if worker.phone:
        items.append(EasyReadItem(text=f"Phone {worker.name}: {worker.phone}.", picture="phone"))
    if worker.email:
        items.append(EasyReadItem(text=f"Email {worker.name}: {worker.email}.", picture="email"))
    return items


def gap_items(gaps: Sequence[GapNotice], reader: Reader) -> list[EasyReadItem]:
    """Each gap in support in short sentences, with a warning sign: which service, how long, when."""
    items = []
    for g in gaps:
        adult, children = plain_title(service_name(g.adult_service)), plain_title(service_name(g.children_service))
        weeks = f"{g.weeks} week" + ("s" if g.weeks != 1 else "")
        text = [_short(f"There is a gap in {reader.your} support."),
                _short(f"{adult} starts {weeks} after {children} ends."),
                _short(f"{children} ends on {long_date(g.children_end)}.")]
        items.append(EasyReadItem(text=" ".join(text), picture="warning"))
    return items


def overdue_items(events: Sequence[JourneyEvent], reader: Reader) -> list[EasyReadItem]:
    """Each thing whose date passed with nothing recorded: what, and that it is not done yet."""
    items = []
    for e in events:
        said = first_sentence(reader.say(e.sentence))
        if word_count(said) > MAX_WORDS:  # the rule's words are long: its title and date instead
            said = f"{_short(reader.say(plain_title(e.title)) + '.')} It was due by {long_date(e.end or e.start)}."
        items.append(EasyReadItem(text=f"{said} Nothing is recorded yet.", picture="warning"))
    return items


def home_items(next_points: Sequence[Point], worker: Contact | None, reader: Reader,
               gaps: Sequence[GapNotice] = (), overdue: Sequence[JourneyEvent] = ()) -> list[EasyReadItem]:
    """Home in Easy Read: whose plan this is, the next things to happen, any gap, and who helps."""
    items = [EasyReadItem(text=f"This is {reader.your} plan for ages 14 to 25.", picture="star")]
    if next_points:
        items.append(EasyReadItem(text=f"Here are the next {len(next_points)} things that happen.", picture="calendar"))
        items += [point_item(p, reader) for p in next_points]
    else:
        items.append(EasyReadItem(text="Nothing new is planned yet.", picture="calendar"))
    items += gap_items(gaps, reader)
    items += overdue_items(overdue, reader)
    items += worker_items(worker, reader)
    return items


EASY_READ_CSS = """
.easy-read { list-style: none; margin: 0 !important; padding: 0 !important; font-size: 1.3rem; line-height: 1.6;
             color: #0b0c0c; }
.easy-read li { display: flex; align-items: flex-start; gap: 1rem; padding: 0.75rem 0;
                border-bottom: 1px solid #b1b4b6; }
.easy-read img { flex: 0 0 56px; width: 56px; height: 56px; background: #fff; }
.easy-read p { margin: 0; max-width: 32em; }
"""


def to_html(items: Sequence[EasyReadItem], label: str) -> str:
    """The items as an HTML list (for st.html): the picture first, then the words."""
    rows = "".join(
        f'<li><img src="{picture_uri(i.picture)}" alt="{html.escape(i.alt_text, quote=True)}" width="56" height="56">'
        f"<p>{html.escape(i.text)}</p></li>" for i in items)
    return f'<style>{EASY_READ_CSS}</style><ul class="easy-read" aria-label="{html.escape(label, quote=True)}">{rows}</ul>'
