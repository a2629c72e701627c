"""Command-line options that describe a person, shared by several subcommands."""

from __future__ import annotations

import argparse
import datetime as dt

from pydantic import ValidationError

from planner import schoolyear as sy
from planner.commands import UserError
from planner.models import (
    ASSESSED_FIELDS,
    DATE_FIELDS,
    FLAG_FIELDS,
    NUMBER_FIELDS,
    Need,
    Person,
    happened_problems,
)

# The options come from the person's fields (planner.models.Person), with their descriptions.
FLAGS = {name: Person.model_fields[name].description for name in FLAG_FIELDS}
DATES = {name: Person.model_fields[name].description for name in DATE_FIELDS}
ASSESSED = {name: Person.model_fields[name].description for name in ASSESSED_FIELDS}
ANSWERS = {"yes": True, "no": False}
NUMBERS = {name: Person.model_fields[name].description for name in NUMBER_FIELDS}


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) or a UK date (DD/MM/YYYY)."""
    text = text.strip()
    try:
        if "/" in text:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a real date: use YYYY-MM-DD (or DD/MM/YYYY)"
        ) from None


def _need(text: str) -> str:
    try:
        return Need(text).value
    except ValueError:
        return text  # argparse then lists the codes


def add_person_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dob", type=parse_date, required=True, help="date of birth, YYYY-MM-DD")
    parser.add_argument("--need", type=_need, choices=[n.value for n in Need],
                        help="primary type of need (SEN2 2025 code; SpLD and Other are read as SPLD and OTH)")
    for name, help_text in FLAGS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", action="store_true", help=help_text)
    for name, help_text in DATES.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=parse_date, metavar="DATE", help=help_text)
    for name, help_text in ASSESSED.items():
        parser.add_argument(f"--{name.replace('_', '-')}", choices=list(ANSWERS), help=help_text)
    for name, help_text in NUMBERS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=Person.model_fields[name].default,
                            metavar="N", help=help_text)
    parser.add_argument("--as-of", type=parse_date, metavar="DATE", help="date to plan from (default today)")
    parser.add_argument(
        "--leap-day",
        choices=[r.value for r in sy.LeapDayRule],
        default=sy.LeapDayRule.MARCH_1.value,
        help="birthday of someone born on 29 February in a common year (default 1-march)",
    )
    parser.add_argument(
        "--july31",
        choices=[r.value for r in sy.July31Rule],
        default=sy.July31Rule.SAME_DAY.value,
        help="reading of 'the 31 July after you turn 25' for a 31 July birthday (default same-day)",
    )
    parser.add_argument(
        "--csa-rule",
        choices=[r.value for r in sy.CsaRule],
        default=sy.CsaRule.MODEL.value,
        help="end of compulsory school age: the usual model rule or the statute (default model)",
    )
    parser.add_argument(
        "--autumn-term-starts",
        type=int,
        default=8,
        metavar="DAY",
        help="day of September the school's autumn term starts, for the statute reading (default 8)",
    )


def person_from_args(args: argparse.Namespace) -> Person:
    values: dict = {"dob": args.dob, "primary_need": args.need}
    values.update({name: getattr(args, name) for name in FLAGS})
    values.update({name: getattr(args, name) for name in DATES})
    values.update({name: ANSWERS.get(getattr(args, name)) for name in ASSESSED})
    values.update({name: getattr(args, name) for name in NUMBERS})
    try:
        person = Person(**values)
    except ValidationError as exc:
        raise UserError(_one_line(exc)) from None
    problems = happened_problems(person, args.as_of or dt.date.today())
    if problems:
        raise UserError(" ".join(message for _, message in problems))
    return person


def conventions_from_args(args: argparse.Namespace) -> sy.DateConventions:
    try:
        return sy.DateConventions(
            leap_day=sy.LeapDayRule(args.leap_day),
            july31=sy.July31Rule(args.july31),
            csa_rule=sy.CsaRule(args.csa_rule),
            autumn_term_starts_day=args.autumn_term_starts,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _one_line(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)
