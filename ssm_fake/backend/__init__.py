"""The fake service's capabilities, one package each; ``load()`` registers their handlers.

``parameters/``, ``documents/``, ``instances/``, ``commands/`` (and the capabilities that
follow) each own their state and actions; ``shared/`` holds the mechanisms several of them
use (targets, rate control, schedules, pagination, tags); ``registry`` and ``state`` are the
two things every capability builds on. ``load()`` imports every module below this package,
so a new action is a new ``@handles`` function in any module here and nothing else.
Loading is deferred to the first ``mock_ssm`` start so that ``import ssm_fake`` stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def load() -> None:
    for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(module.name)
