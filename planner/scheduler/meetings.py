"""Family meetings: a pass that merges each person's reviews without adding a gap week, an
overdue week or a breach (the bound is in `planner.scheduler.meeting_bound`).

A person's mergeable meetings in one group held in the same week, each inside its own
recommended window, are one meeting (`planner.validate.meetings`).

The pass (`merge`). Per person, with everyone else fixed: every step of the person's handovers
may move, a limited team's step only to a week with room (or stay where it is): room left by
everyone else and by the person's own steps already moved there, so that two of one person's
steps never take a team's last place in a week together. No step may move so that its handover
ends later than it does now (or than the children's service ends, if later), nor so that a
statutory deadline met now is missed, nor so that an overdue step ends later than now (or than
its soonest end): so no gap week, fairness, overdue week or breach is ever added. Within those
limits (difference constraints along the precedences, propagated in each handover) a small
branch-and-bound chooses each meeting's week, or none, to minimise separate meetings; then
every other step is put inside its window where it can be. A person's new weeks are kept only
when they are better on (meetings, steps outside their window).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from planner.scheduler.meeting_bound import lower_bound, person_bounds
from planner.scheduler.problem import Problem, Step, merged_meetings

NODE_LIMIT = 400  # search nodes per person before settling for what is found

__all__ = ["Merger", "join_weeks", "lower_bound", "merge", "person_bounds"]


@dataclass
class _Person:
    ids: list[str]  # steps of the person's handovers, predecessors first
    movable: set[str]
    lo: dict[str, int]
    hi: dict[str, int]
    succ: dict[str, list[str]]


def _limits(problem: Problem, starts: dict[str, int], ids: list[str], limited: set[str]) -> _Person:
    """Earliest and latest week of each movable step, without adding a gap week, an overdue week
    or a breach."""
    by_id = problem.step_by_id
    mine = set(ids)
    movable = set(ids)
    succ: dict[str, list[str]] = defaultdict(list)
    for sid in ids:
        for p in by_id[sid].predecessors:
            succ[p].append(sid)
    ends: dict[str, int] = {}
    for h in problem.handovers_of(ids):
        if h.ends:
            last = by_id[h.last_step_id]
            ends[last.id] = max(h.children_end_week, starts[last.id] + last.duration_weeks)
    lo: dict[str, int] = {}
    hi: dict[str, int] = {}
    for sid in ids:
        s = by_id[sid]
        if sid not in movable:
            lo[sid] = hi[sid] = starts[sid]
            continue
        lo[sid] = max([s.earliest_week] + [(lo[p] if p in mine else starts[p]) + by_id[p].duration_weeks
                                           for p in s.predecessors])
    for sid in reversed(ids):
        if sid not in movable:
            continue
        s = by_id[sid]
        d = s.duration_weeks
        top = []
        if sid in ends:
            top.append(ends[sid] - d)
        if s.deadline_week is not None and starts[sid] + d <= s.deadline_week:
            top.append(s.deadline_week - d)
        if s.due_now_week is not None:  # overdue: never later than now (or than its soonest end)
            top.append(s.due_now_week - d)
        top.extend((hi[n] if n in movable else starts[n]) - d for n in succ[sid])
        if sid in limited:
            top.append(len(problem.capacity[s.team]) - 1)
        if not top:  # nothing waits for it: at most to the end of its window
            top.append(s.window_end - d if s.window_end is not None else starts[sid])
        hi[sid] = max(min(top), starts[sid])
    return _Person(ids=ids, movable=movable, lo=lo, hi=hi, succ=succ)


def _propagate(problem: Problem, pp: _Person, lo: dict[str, int], hi: dict[str, int], sid: str,
               room=None) -> bool:
    """Tighten the limits after `sid` was fixed; False when something has no week left (or, with
    `room(step, lo, hi)`, a limited team's step has no week with room left)."""
    by_id = problem.step_by_id
    stack = [sid]
    while stack:  # forward: successors start after this ends
        x = stack.pop()
        end = lo[x] + by_id[x].duration_weeks
        for n in pp.succ[x]:
            if lo[n] < end:
                lo[n] = end
                if lo[n] > hi[n] or (room is not None and not room(n, lo[n], hi[n])):
                    return False
                stack.append(n)
    stack = [sid]
    while stack:  # backward: predecessors end before this starts
        x = stack.pop()
        for p in by_id[x].predecessors:
            if p not in lo:
                continue
            latest = hi[x] - by_id[p].duration_weeks
            if hi[p] > latest:
                hi[p] = latest
                if lo[p] > hi[p] or (room is not None and not room(p, lo[p], hi[p])):
                    return False
                stack.append(p)
    return True


def _window(s: Step, lo: int, hi: int) -> tuple[int, int]:
    """The weeks in [lo, hi] in which the step is inside its window (empty when lo > hi)."""
    wlo = max(lo, s.window_start if s.window_start is not None else lo)
    whi = min(hi, (s.window_end if s.window_end is not None else 10**9) - s.duration_weeks)
    return wlo, whi


def _cost(problem: Problem, steps: list[Step], weeks: dict[str, int]) -> tuple[int, int]:
    """(separate meetings, steps outside their window) of one person's steps."""
    tol = problem.meeting_tolerance_weeks
    separate = outside = 0
    slots: dict[str, list[int]] = defaultdict(list)
    for s in steps:
        inside = s.in_window(weeks[s.id])
        outside += not inside
        if not s.meeting:
            continue
        if s.mergeable and inside:
            slots[s.meeting_group].append(weeks[s.id])
        else:
            separate += 1
    return separate + merged_meetings(slots.values(), tol), outside


class Merger:
    """The per-person meeting pass over a schedule, keeping capacity use up to date."""

    def __init__(self, problem: Problem, starts: dict[str, int], use: dict[str, Counter]):
        self.problem = problem
        self.starts = starts
        self.use = use
        self.limited = {s.id for s in problem.steps if s.uses_capacity and s.team in problem.capacity}
        topo = {s.id: i for i, s in enumerate(problem.topological())}
        by_person: dict[str, list[str]] = defaultdict(list)
        for s in problem.steps:
            by_person[s.person_id].append(s.id)
        self.people = {p: sorted(ids, key=topo.__getitem__) for p, ids in by_person.items()}
        # Places in (team, week) taken by the steps of the person being re-timed that move there
        # (`self.use` still counts them in their old weeks until the new weeks are kept).
        self.moved_in: Counter[tuple[str, int]] = Counter()

    def room(self, sid: str, week: int) -> bool:
        s = self.problem.step_by_id[sid]
        if sid not in self.limited or week == self.starts[sid]:
            return True
        weekly = self.problem.capacity[s.team]
        return 0 <= week < len(weekly) and self.use[s.team][week] + self.moved_in[(s.team, week)] < weekly[week]

    def _take(self, sid: str, week: int, n: int = 1) -> None:
        """Count (n=1) or release (n=-1) the place a moved step of the person takes."""
        if sid in self.limited and week != self.starts[sid]:
            self.moved_in[(self.problem.step_by_id[sid].team, week)] += n

    def first_room(self, sid: str, lo: int, hi: int) -> int | None:
        """The first week in [lo, hi] the step can start in (its own week, or one with room)."""
        if sid not in self.limited:
            return lo if lo <= hi else None
        return next((w for w in range(lo, hi + 1) if self.room(sid, w)), None)

    def room_between(self, sid: str, lo: int, hi: int) -> bool:
        return sid not in self.limited or lo <= self.starts[sid] <= hi or self.first_room(sid, lo, hi) is not None

    def person(self, person: str) -> bool:
        """Re-time one person's steps; True when kept (strictly better)."""
        p = self.problem
        by_id = p.step_by_id
        ids = self.people[person]
        steps = [by_id[sid] for sid in ids]
        now = {sid: self.starts[sid] for sid in ids}
        before = _cost(p, steps, now)
        self.moved_in.clear()
        pp = _limits(p, self.starts, ids, self.limited)
        meetings = [by_id[sid] for sid in ids if by_id[sid].meeting and by_id[sid].mergeable and sid in pp.movable]
        lo, hi = dict(pp.lo), dict(pp.hi)
        found = None
        if len(meetings) > 1:
            found = self._search(pp, meetings, lo, hi, before[0] - sum(
                1 for s in steps if s.meeting and (not s.mergeable or s.id not in pp.movable)))
        if found is not None:
            chosen, lo, hi = found
        else:  # no fewer meetings: keep them where they are, and try the other steps' windows
            chosen = {s.id: now[s.id] for s in steps if s.meeting and s.id in pp.movable}
            for sid, week in chosen.items():
                lo[sid] = hi[sid] = week
            for sid in chosen:
                if not _propagate(p, pp, lo, hi, sid, self.room_between):
                    return False
        new = self._place(pp, lo, hi, chosen)
        if new is None:
            return False
        after = _cost(p, steps, new)
        if after >= before:
            return False
        for sid in ids:
            if new[sid] != now[sid] and sid in self.limited:
                team = by_id[sid].team
                self.use[team][now[sid]] -= 1
                self.use[team][new[sid]] += 1
        self.starts.update(new)
        return True

    def _search(self, pp: _Person, meetings: list[Step], lo0, hi0, current: int):
        """Branch and bound on the meetings' weeks: fewest separate meetings below `current`."""
        p = self.problem
        tol = p.meeting_tolerance_weeks
        order = sorted(meetings, key=lambda s: _window(s, lo0[s.id], hi0[s.id])[1])
        best: list = [current, None]
        nodes = [0]

        def go(k: int, lo, hi, groups: list[tuple[str, int]], alone: int, chosen: dict[str, int]) -> None:
            nodes[0] += 1
            if nodes[0] > NODE_LIMIT or len(groups) + alone >= best[0]:
                return
            if k == len(order):
                best[0], best[1] = len(groups) + alone, (dict(chosen), lo, hi)
                return
            s = order[k]
            wlo, whi = _window(s, lo[s.id], hi[s.id])
            tries: list[tuple[int, bool]] = []
            for group, week in groups:
                if group == s.meeting_group and wlo <= week <= whi:
                    tries.append((week, False))
            if tol:
                tries.extend((w, False) for g, w0 in groups if g == s.meeting_group
                             for w in range(max(wlo, w0 + 1), min(whi, w0 + tol) + 1))
            if wlo <= whi:
                fresh = {w for w in (whi, self.starts[s.id]) if wlo <= w <= whi}
                for o in order[k + 1:]:
                    if o.meeting_group == s.meeting_group:
                        olo, ohi = _window(o, lo[o.id], hi[o.id])
                        # Its window's ends, and its own week (a full team's meeting may stay there).
                        fresh.update(w for w in (olo, ohi, self.starts[o.id]) if wlo <= w <= whi)
                tries.extend((w, True) for w in sorted(fresh, reverse=True))
            for week, opens in tries:
                if not self.room(s.id, week):
                    continue
                lo2, hi2 = dict(lo), dict(hi)
                lo2[s.id] = hi2[s.id] = week
                if not _propagate(p, pp, lo2, hi2, s.id, self.room_between):
                    continue
                chosen[s.id] = week
                self._take(s.id, week)
                go(k + 1, lo2, hi2, groups + [(s.meeting_group, week)] if opens else groups, alone, chosen)
                self._take(s.id, week, -1)
                del chosen[s.id]
            go(k + 1, lo, hi, groups, alone + 1, chosen)  # held on its own (or outside its window)

        go(0, lo0, hi0, [], 0, {})
        return best[1]

    def _place(self, pp: _Person, lo, hi, chosen: dict[str, int]) -> dict[str, int] | None:
        """Weeks for every step: the chosen meetings; each other movable step inside its window
        where the limits allow, else as early as it can."""
        p = self.problem
        by_id = p.step_by_id
        lo, hi = dict(lo), dict(hi)
        self.moved_in.clear()
        for sid, week in chosen.items():
            self._take(sid, week)
        out = {}
        for sid in pp.ids:
            if sid not in pp.movable:
                out[sid] = self.starts[sid]
                continue
            if sid in chosen:
                out[sid] = chosen[sid]
                continue
            s = by_id[sid]
            wlo, whi = _window(s, lo[sid], hi[sid])
            week = self.first_room(sid, wlo, whi)  # inside its window if it can be
            if week is None:
                now = self.starts[sid]
                week = now if lo[sid] <= now <= hi[sid] else self.first_room(sid, lo[sid], hi[sid])
            if week is None:
                return None
            out[sid] = week
            self._take(sid, week)
            lo[sid] = hi[sid] = week
            if not _propagate(p, pp, lo, hi, sid, self.room_between):
                return None
        return out


def merge(problem: Problem, starts: dict[str, int], use: dict[str, Counter],
          people: list[str] | None = None) -> int:
    """Run the pass over `people` (default everyone); returns how many people's plans changed.
    `starts` and `use` are updated in place."""
    m = Merger(problem, starts, use)
    changed = 0
    for person in people if people is not None else sorted(m.people):
        changed += m.person(person)
    return changed


def join_weeks(problem: Problem, starts: dict[str, int], use: dict[str, Counter],
               steps: set[str]) -> dict[str, list[tuple[int, int]]]:
    """For each meeting in `steps`, the weeks each other meeting of the person (not in the same
    handover) could be held in its window, everyone else fixed as in `starts`: where the
    meeting could join it."""
    m = Merger(problem, starts, use)
    by_id = problem.step_by_id
    out: dict[str, list[tuple[int, int]]] = {}
    people = {by_id[sid].person_id for sid in steps if by_id[sid].meeting}
    for person in people:
        ids = m.people[person]
        pp = _limits(problem, starts, ids, m.limited)
        mine = [by_id[sid] for sid in ids if by_id[sid].meeting and by_id[sid].mergeable]
        for s in mine:
            if s.id not in steps:
                continue
            weeks = []
            for o in mine:
                if o.handover_id == s.handover_id or o.meeting_group != s.meeting_group:
                    continue
                lo, hi = _window(o, pp.lo[o.id], pp.hi[o.id])
                if lo <= hi:
                    weeks.append((lo, hi))
            out[s.id] = weeks
    return out
