"""The capabilities of the fake service, one module each; ``load()`` registers their handlers.

Every module in this package is imported by ``load()``, so a new capability is a new
module and nothing else. Loading is deferred to the first ``mock_ssm`` start so that
``import ssm_fake`` stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def load() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
