"""Running one of botocore's own methods on a per-call copy of its object.

An SSM call under the mock needs botocore's endpoint (or waiter) to behave slightly
differently for that one call — another event emitter, another operation method — while
every other call, in any thread, uses the real object. So the wrappers copy the object,
change the copy, and run the original method on it: botocore's code, one call's view.
"""

from __future__ import annotations

from typing import Any


def copy_with(original: Any, **changes: Any) -> Any:
    """A shallow copy of ``original`` with some attributes replaced."""
    view = object.__new__(type(original))
    view.__dict__.update(original.__dict__)
    view.__dict__.update(changes)
    return view


def call_on(view: Any, wrapped: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call the method wrapt handed a wrapper (bound to the real object) on ``view`` instead."""
    function = getattr(wrapped, "__func__", None) or wrapped.__wrapped__
    return function(view, *args, **kwargs)
