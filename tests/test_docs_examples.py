"""Every fenced Python example in README.md and docs/ runs, so the documentation stays true.

A block whose info string is ``python`` is a complete program: it is run as written, in a
fresh namespace; one that defines ``test_*`` functions is run by pytest instead, as a user's
test file would be (the ``ssm_fake``/``ssm_client`` fixtures come from the installed plugin).
A block that only makes sense in context is marked ``python fragment`` and is skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ssm_fake.mock import active_fake

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _examples() -> list[pytest.param]:  # type: ignore[valid-type]
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1).strip() != "python":
                continue
            line = text.count("\n", 0, match.start()) + 1
            name = f"{page.relative_to(ROOT)}:{line}"
            found.append(pytest.param(match.group(2), id=name))
    return found


EXAMPLES = _examples()


def test_the_docs_have_examples_to_run() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("code", EXAMPLES)
def test_example_runs(code: str, tmp_path: Path) -> None:
    if re.search(r"^(async )?def test_", code, re.MULTILINE):
        _run_with_pytest(code, tmp_path)
    else:
        exec(compile(code, "<example>", "exec"), {"__name__": "__main__"})
        assert active_fake() is None, "the example left a mock running"


def _run_with_pytest(code: str, tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
