"""GOV.UK Design System patterns as plain HTML for `st.html`: the summary list, the task list and
the step-by-step navigation, with just enough CSS to look and read like them (GOV.UK colours:
text #0b0c0c, secondary text #505a5f, links #1d70b8, borders #b1b4b6; every pair at least 4.5:1).

Every piece of text passes through html.escape: a young person's words never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

CSS = """
.govuk { font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; }
.govuk-summary-list, .govuk-task-list, .app-step-nav { margin: 0 0 1.5rem !important; padding: 0 !important; }
.govuk-summary-list { display: block; }
.govuk-summary-list__row { display: flex; flex-wrap: wrap; border-bottom: 1px solid #b1b4b6; padding: 0.5rem 0; }
.govuk-summary-list__key { flex: 0 0 30%; min-width: 10rem; font-weight: 700; margin: 0 1rem 0 0; }
.govuk-summary-list__value { flex: 1 1 16rem; margin: 0; overflow-wrap: anywhere; }
.govuk-task-list { list-style: none; }
.govuk-task-list__item { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem;
                         border-bottom: 1px solid #b1b4b6; padding: 0.6rem 0; }
.govuk-task-list__hint { display: block; color: #505a5f; }
.govuk-tag { display: inline-block; padding: 0.1rem 0.5rem; font-weight: 700; border-radius: 2px;
             color: #0b0c0c; background: #cce2d8; }
.govuk-tag--grey { color: #0b0c0c; background: #e5e6e7; }
.govuk-tag--blue { color: #0b0c0c; background: #bbd4ea; }
.govuk-tag--red { color: #2a0b06; background: #f4cdc6; }
.app-step-nav { list-style: none; }
.app-step-nav__step { position: relative; padding: 0 0 1rem 3rem; border-left: 2px solid #b1b4b6; margin-left: 1rem; }
.app-step-nav__step:last-child { border-left-color: transparent; }
.app-step-nav__number { position: absolute; left: -1.1rem; top: 0; width: 2rem; height: 2rem; border-radius: 50%;
                        background: #fff; border: 2px solid #0b0c0c; text-align: center; font-weight: 700;
                        line-height: 1.9rem; }
.app-step-nav__title { font-weight: 700; margin: 0.15rem 0 0.2rem; font-size: 1.1875rem; }
.app-step-nav__step p { margin: 0.1rem 0; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def summary_list(rows: Sequence[tuple[str, str]], label: str = "") -> str:
    """Key and value rows (https://design-system.service.gov.uk/components/summary-list/)."""
    body = "".join(f'<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{_e(k)}</dt>'
                   f'<dd class="govuk-summary-list__value">{_e(v)}</dd></div>' for k, v in rows)
    aria = f' aria-label="{_e(label)}"' if label else ""
    return f'<style>{CSS}</style><dl class="govuk govuk-summary-list"{aria}>{body}</dl>'


class Task(BaseModel):
    """One task of a task list: its name, a hint, and its status in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    status: str  # "Completed", "In progress", "Not yet started", "Cannot start yet"
    hint: str = ""

    @property
    def colour(self) -> str:
        return {"Completed": "", "In progress": "blue", "Not yet started": "grey"}.get(self.status, "red")


def task_list(tasks: Sequence[Task], label: str) -> str:
    """Tasks and their status (https://design-system.service.gov.uk/components/task-list/)."""
    items = []
    for t in tasks:
        hint = f'<span class="govuk-task-list__hint">{_e(t.hint)}</span>' if t.hint else ""
        tag = f'govuk-tag govuk-tag--{t.colour}' if t.colour else "govuk-tag"
        items.append(f'<li class="govuk-task-list__item"><span>{_e(t.name)}{hint}</span>'
                     f'<strong class="{tag}">{_e(t.status)}</strong></li>')
    return f'<style>{CSS}</style><ul class="govuk govuk-task-list" aria-label="{_e(label)}">{"".join(items)}</ul>'


class Step(BaseModel):
    """One step of a step-by-step list: a heading and a few lines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    lines: list[str] = []


def step_by_step(steps: Sequence[Step], label: str) -> str:
    """Numbered steps in order (after GOV.UK's step-by-step navigation pattern)."""
    items = []
    for n, s in enumerate(steps, start=1):
        lines = "".join(f"<p>{_e(line)}</p>" for line in s.lines)
        items.append(f'<li class="app-step-nav__step"><span class="app-step-nav__number" aria-hidden="true">{n}</span>'
                     f'<h3 class="app-step-nav__title"><span class="govuk-visually-hidden">Step {n}: </span>'
                     f"{_e(s.title)}</h3>{lines}</li>")
    hidden = ".govuk-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;" \
             "margin:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}"
    return (f'<style>{CSS}{hidden}</style><ol class="govuk app-step-nav" aria-label="{_e(label)}">'
            f'{"".join(items)}</ol>')
