"""``aws:branch``: which step a runbook goes to next, from its ``Choices``.

From the action's documentation: choices are tried in order and the first true one names
the ``NextStep``; with none true the step goes to ``Default``, and with no ``Default`` the
runbook "processes the next step". A choice compares its ``Variable`` (a parameter or a
step output, already substituted) with one operator — StringEquals, EqualsIgnoreCase,
StartsWith, EndsWith, Contains, NumericEquals, NumericGreater, NumericLesser,
NumericGreaterOrEquals, NumericLesserOrEquals, BooleanEquals — or combines conditions with
And, Or and Not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Comparison = Callable[[Any, Any], bool]


class ChoiceError(ValueError):
    """A choice the runbook gave is malformed: the branch step fails with this message."""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ChoiceError(f"{value!r} is not a number") from None


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text not in ("true", "false"):
        raise ChoiceError(f"{value!r} is not a Boolean")
    return text == "true"


def _contains(variable: Any, value: Any) -> bool:
    if isinstance(variable, list):
        return _text(value) in [_text(item) for item in variable]
    return _text(value) in _text(variable)


OPERATORS: dict[str, Comparison] = {
    "StringEquals": lambda a, b: _text(a) == _text(b),
    "EqualsIgnoreCase": lambda a, b: _text(a).lower() == _text(b).lower(),
    "StartsWith": lambda a, b: _text(a).startswith(_text(b)),
    "EndsWith": lambda a, b: _text(a).endswith(_text(b)),
    "Contains": _contains,
    "NumericEquals": lambda a, b: _number(a) == _number(b),
    "NumericGreater": lambda a, b: _number(a) > _number(b),
    "NumericLesser": lambda a, b: _number(a) < _number(b),
    "NumericGreaterOrEquals": lambda a, b: _number(a) >= _number(b),
    "NumericLesserOrEquals": lambda a, b: _number(a) <= _number(b),
    "BooleanEquals": lambda a, b: _boolean(a) == _boolean(b),
}


def holds(condition: Any) -> bool:
    """Whether one condition (a comparison, or And / Or / Not of conditions) is true."""
    if not isinstance(condition, Mapping):
        raise ChoiceError(f"a choice must be an object, not {condition!r}")
    if "And" in condition:
        return all(holds(item) for item in _conditions(condition["And"], "And"))
    if "Or" in condition:
        return any(holds(item) for item in _conditions(condition["Or"], "Or"))
    if "Not" in condition:
        return not holds(condition["Not"])
    operators = [name for name in condition if name in OPERATORS]
    if len(operators) != 1 or "Variable" not in condition:
        raise ChoiceError(
            f"each choice needs a Variable and exactly one operator ({', '.join(OPERATORS)}), or And / Or / Not"
        )
    return OPERATORS[operators[0]](condition["Variable"], condition[operators[0]])


def _conditions(value: Any, operator: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ChoiceError(f"{operator} takes a non-empty list of conditions")
    return value


def next_step(inputs: Mapping[str, Any]) -> str | None:
    """The step a branch goes to: the first true choice's NextStep, else Default, else None."""
    choices = inputs.get("Choices")
    if not isinstance(choices, list) or not choices:
        raise ChoiceError("aws:branch needs Choices: a non-empty list")
    for choice in choices:
        if holds(choice):
            target = choice.get("NextStep")
            if not isinstance(target, str):
                raise ChoiceError("each choice needs a NextStep")
            return target
    default = inputs.get("Default")
    return default if isinstance(default, str) else None
