"""docs/coverage.md stays true: what it calls implemented has a handler, and nothing else does."""

from __future__ import annotations

import re
from pathlib import Path

import botocore.session

from ssm_fake import backend
from ssm_fake.backend import registry

COVERAGE = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"
ROW = re.compile(r"^\| (\w+) \| [^|]+ \| (implemented|not yet)\b", re.MULTILINE)


def _rows() -> dict[str, str]:
    return {action: status for action, status in ROW.findall(COVERAGE.read_text())}


def test_coverage_lists_the_62_reference_actions_and_todays_extras() -> None:
    text = COVERAGE.read_text()
    reference = text.split("## Reference actions", 1)[1].split("## ", 1)[0]
    assert len(ROW.findall(reference)) == 62
    operations = set(botocore.session.get_session().get_service_model("ssm").operation_names)
    assert set(_rows()) <= operations


def test_every_action_called_implemented_has_a_handler_and_no_other_does() -> None:
    backend.load()
    rows = _rows()
    implemented = {action for action, status in rows.items() if status == "implemented"}
    assert implemented == set(registry.HANDLERS)


def test_the_implemented_count_is_right() -> None:
    text = COVERAGE.read_text()
    reference = text.split("## Reference actions", 1)[1].split("## ", 1)[0]
    count = sum(1 for _, status in ROW.findall(reference) if status == "implemented")
    assert f"Implemented: {count} of 62." in text
