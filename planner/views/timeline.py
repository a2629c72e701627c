"""The timeline page's shape: events grouped by age from 14 (what happened earlier folded away,
so the page starts where preparing for adulthood starts), and chart styling whose text is
readable (WCAG 2.2 1.4.3: at least 4.5:1 against the background).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from planner.schoolyear import age_on
from planner.views.journey import JourneyEvent

FIRST_AGE = 14  # Year 9 and the 14th birthday: preparing for adulthood starts (SEND Code 8.9)

# Chart text: #0b0c0c on white is 19.5:1, #505a5f (GOV.UK secondary text) is 7:1. Streamlit's
# own theme draws axis text in #808495 at 12 px (3.7:1), so every chart sets these instead.
CHART_TEXT = "#0b0c0c"
CHART_SECONDARY = "#505a5f"
CHART_BACKGROUND = "#ffffff"
CHART_CONFIG: dict = {
    "background": CHART_BACKGROUND,
    "axis": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT, "labelFontSize": 14, "titleFontSize": 14,
             "domainColor": CHART_SECONDARY, "tickColor": CHART_SECONDARY, "gridColor": "#dddddd"},
    # below the chart, so a phone keeps its width for the dates
    "legend": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT, "labelFontSize": 14, "titleFontSize": 14,
               "orient": "bottom", "direction": "vertical", "columns": 1, "labelLimit": 400},
    "title": {"color": CHART_TEXT, "fontSize": 16},
    "text": {"color": CHART_TEXT},
    "view": {"stroke": CHART_SECONDARY},
}


class AgeSection(BaseModel):
    """Events at one age (or, folded, everything before 14)."""

    model_config = ConfigDict(extra="forbid")

    title: str
    age: int | None  # None for the folded "before 14" section
    folded: bool
    events: list[JourneyEvent]


def sections(events: Iterable[JourneyEvent], dob: dt.date, from_age: int = FIRST_AGE) -> list[AgeSection]:
    """Events by age in date order; those before `from_age` in one folded section at the top."""
    earlier: list[JourneyEvent] = []
    by_age: dict[int, list[JourneyEvent]] = {}
    for e in events:
        age = age_on(dob, e.start)
        if age < from_age and age_on(dob, e.end or e.start) < from_age:
            earlier.append(e)
        else:  # a window that runs into the 14th year (Year 9) shows at 14
            by_age.setdefault(max(age, from_age), []).append(e)
    out = []
    if earlier:
        out.append(AgeSection(title=f"Before {from_age} ({len(earlier)} things)", age=None, folded=True, events=earlier))
    out += [AgeSection(title=f"At age {age}", age=age, folded=False, events=items) for age, items in sorted(by_age.items())]
    return out


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour such as '#808495'."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio (1 to 21)."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
