"""Runs every example in this folder; each one is a small test written the way users write them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    examples = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name)
    if not examples:
        print("no examples found", file=sys.stderr)
        return 1
    for path in examples:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
    print(f"{len(examples)} examples passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
