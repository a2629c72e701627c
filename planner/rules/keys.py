"""Which milestone keys a rule can give, read from its computation, so that a caller who needs
only a few keys (the scheduler's handovers: a dozen of the forty a person has) runs only the
rules that can give them.

Every rule writes its milestones as `rule.milestone("key", ...)` or `rule.milestone(f"key_{n}",
...)`: the key is a string or an f-string at the call. `templates(rule)` reads the rule's
compute function (its source, with `ast`) and returns those keys as patterns, or None when it
cannot be sure of them: the rule object is used other than to call `.milestone`, a key is
worked out some other way, a `Milestone` is built directly, or the computation calls a helper of
the rules package that makes milestones itself. None means "may give any key": such a rule
always runs. So a rule the reading cannot follow costs time, never a missing date;
tests/rules/test_rule_keys.py checks the patterns against every key the catalogue gives a broad
population, and that handovers come out the same either way.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

ANY = ".+"  # what an f-string's {...} part stands for


@dataclass(frozen=True)
class Template:
    """One key a rule can give: a regular expression, and its literal start (to compare with a
    wanted prefix)."""

    pattern: re.Pattern
    prefix: str

    def matches(self, wanted: str) -> bool:
        """Whether this key can be `wanted`: a key, or a prefix ending in "*" (any key starting so)."""
        if wanted.endswith("*"):
            start = wanted[:-1]
            return self.prefix.startswith(start) or (start.startswith(self.prefix) and self._open)
        return self.pattern.fullmatch(wanted) is not None

    @property
    def _open(self) -> bool:
        return self.pattern.pattern != re.escape(self.prefix)


def _key_template(node: ast.expr) -> Template | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return Template(re.compile(re.escape(node.value)), node.value)
    if isinstance(node, ast.JoinedStr):
        parts, prefix, fixed = [], "", True
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(re.escape(value.value))
                if fixed:
                    prefix += value.value
            else:
                parts.append(ANY)
                fixed = False
        return Template(re.compile("".join(parts)), prefix)
    return None


def _function_tree(fn) -> ast.FunctionDef | None:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0] if tree.body else None
    return node if isinstance(node, ast.FunctionDef) else None


def _makes_milestones(fn) -> bool:
    """A helper of the rules package whose source builds milestones itself."""
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return True
    return ".milestone(" in source or "Milestone(" in source


@functools.cache
def templates(rule) -> tuple[Template, ...] | None:
    """The keys `rule` can give, or None when its computation cannot be read with certainty."""
    from planner.rules.base import Rule

    fn = rule.compute
    tree = _function_tree(fn)
    if tree is None or len(tree.args.args) < 2:
        return None
    rule_name = tree.args.args[1].arg
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[Template] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id == "Milestone" and isinstance(parents.get(node), ast.Call) and parents[node].func is node:
                return None  # built directly, not through the rule
            value = fn.__globals__.get(node.id)
            if isinstance(value, Rule):
                return None  # another rule's milestones made here
            if (inspect.isfunction(value) and value.__module__.startswith("planner.rules")
                    and value is not fn and _makes_milestones(value)):
                return None
            if node.id != rule_name:
                continue
            attr = parents.get(node)
            call = parents.get(attr)
            if not (isinstance(attr, ast.Attribute) and attr.attr == "milestone" and isinstance(call, ast.Call)
                    and call.func is attr):
                return None  # the rule object used some other way
            key = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "key"), None)
            template = _key_template(key) if key is not None else None
            if template is None:
                return None
            found.append(template)
    return tuple(found) if found else None


def may_give(rule, wanted: Iterable[str]) -> bool:
    """Whether `rule` can give any of the `wanted` keys (a key, or a prefix ending in "*")."""
    known = templates(rule)
    if known is None:
        return True
    return any(t.matches(w) for t in known for w in wanted)
