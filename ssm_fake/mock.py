"""``mock_ssm``: turn the fake on for a function, a class, a ``with`` block or by hand.

    @mock_ssm
    def test_reads_config(): ...

    with mock_ssm(account_id="111122223333") as ssm: ...

    m = mock_ssm(); ssm = m.start(); ...; m.stop()

Activations nest and overlap freely: all share one ``SSMFake``, created by the first
start and thrown away (patches removed) when the last one stops. Options given to inner
activations are ignored, because the outermost owns the state.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import arguments
from .fake import DEFAULT_ACCOUNT, DEFAULT_REGION, SSMFake

if TYPE_CHECKING:
    import unittest

TargetT = TypeVar("TargetT", bound=Callable[..., Any])

_lock = threading.Lock()
_active: SSMFake | None = None
_depth = 0


def active_fake() -> SSMFake | None:
    """The fake of the running mock, if one is running."""
    return _active


def _activate(account_id: str, region: str, real_sleep: bool) -> SSMFake:
    global _active, _depth
    with _lock:
        if _active is None:
            from . import backend, interception, protocol

            backend.load()
            fake = SSMFake(account_id, region)
            interception.install(
                interception.Route(
                    answer=functools.partial(protocol.handle, fake),
                    recognise=protocol.target_operation,
                    serves=protocol.serves,
                    credentials=fake.placeholder_credentials(),
                    region=region,
                    advance_clock=None if real_sleep else _clock_sleeper(fake),
                )
            )
            _active = fake
        _depth += 1
        return _active


def _clock_sleeper(fake: SSMFake) -> Callable[[float], None]:
    """What a sleep of botocore's for an SSM call does instead: move the fake's clock."""
    return lambda seconds: fake.service.clock.advance(seconds)


def _deactivate() -> None:
    global _active, _depth
    with _lock:
        if _depth == 0:
            return
        _depth -= 1
        if _depth == 0:
            from . import interception

            interception.uninstall()
            if _active is not None:
                _active.mark_stopped()
            _active = None


class MockSSM:
    """One way in to the fake; see the module docstring for the forms it takes."""

    def __init__(
        self, *, account_id: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION, real_sleep: bool = False
    ) -> None:
        self.account_id = arguments.account_id("mock_ssm(account_id=...)", account_id)
        self.region = arguments.region("mock_ssm(region=...)", region)
        if not isinstance(real_sleep, bool):
            raise TypeError(f"mock_ssm(real_sleep=...) takes True or False, not {real_sleep!r}")
        self.real_sleep = real_sleep
        self._starts = 0

    def start(self) -> SSMFake:
        """Turn the fake on (or join the one already on) and return its handle."""
        fake = _activate(self.account_id, self.region, self.real_sleep)
        self._starts += 1
        return fake

    def stop(self) -> None:
        """Leave the fake; the last one to leave throws its state away."""
        if self._starts == 0:
            raise RuntimeError("mock_ssm.stop() called without a matching start()")
        self._starts -= 1
        _deactivate()

    def __enter__(self) -> SSMFake:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def __call__(self, target: TargetT) -> TargetT:
        """Decorate a test function, coroutine function or class."""
        if inspect.isclass(target):
            return self._decorate_class(target)  # type: ignore[return-value]
        if inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target):
            raise TypeError("mock_ssm cannot decorate a generator; use `with mock_ssm():` inside it")
        if not callable(target):
            raise TypeError(f"mock_ssm decorates functions and classes, not {type(target).__name__}")
        return self._decorate_function(target)

    def _fresh(self) -> MockSSM:
        return MockSSM(account_id=self.account_id, region=self.region, real_sleep=self.real_sleep)

    def _decorate_function(self, function: TargetT) -> TargetT:
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await function(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return function(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and inspect.isfunction(member):
                setattr(cls, name, self._decorate_function(member))
        # A TestCase subclass implies unittest is loaded; not importing it keeps `import ssm_fake` cheap.
        loaded_unittest = sys.modules.get("unittest")
        if loaded_unittest is not None and issubclass(cls, loaded_unittest.TestCase):
            self._span_test_case(cls)
        else:
            self._span_setup_method(cls)
        return cls

    def _span_test_case(self, cls: type[unittest.TestCase]) -> None:
        """setUp starts a mock that a cleanup stops: setUp, test and tearDown share one state."""
        original_setup = cls.setUp

        @functools.wraps(original_setup)
        def set_up(test: unittest.TestCase) -> None:
            activation = self._fresh()
            activation.start()
            test.addCleanup(activation.stop)
            original_setup(test)

        cls.setUp = set_up  # type: ignore[method-assign,assignment]

    def _span_setup_method(self, cls: type) -> None:
        """pytest's setup_method/teardown_method run inside the same mock as the test."""
        original_setup = getattr(cls, "setup_method", None)
        original_teardown = getattr(cls, "teardown_method", None)
        if original_setup is None and original_teardown is None:
            return

        def setup_method(instance: Any, method: Any = None) -> None:
            activation = self._fresh()
            activation.start()
            instance._ssm_fake_activation = activation
            try:
                if original_setup is not None:
                    _call_with_optional_method(original_setup, instance, method)
            except BaseException:
                activation.stop()
                del instance._ssm_fake_activation
                raise

        def teardown_method(instance: Any, method: Any = None) -> None:
            try:
                if original_teardown is not None:
                    _call_with_optional_method(original_teardown, instance, method)
            finally:
                activation = instance.__dict__.pop("_ssm_fake_activation", None)
                if activation is not None:
                    activation.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]


def _call_with_optional_method(hook: Callable[..., Any], instance: Any, method: Any) -> None:
    """pytest passes the test method only to hooks that take it; so do we."""
    takes_method = len(inspect.signature(hook).parameters) >= 2
    if takes_method:
        hook(instance, method)
    else:
        hook(instance)


@overload
def mock_ssm(target: TargetT, /) -> TargetT: ...
@overload
def mock_ssm(
    *, account_id: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION, real_sleep: bool = False
) -> MockSSM: ...
def mock_ssm(
    target: Any = None,
    /,
    *,
    account_id: str = DEFAULT_ACCOUNT,
    region: str = DEFAULT_REGION,
    real_sleep: bool = False,
) -> Any:
    """Decorator, context manager or start/stop handle for the fake SSM service.

    ``account_id``: the default account; ``region``: the region of an SSM client created
    with none configured; ``real_sleep``: keep botocore's real sleeps before retries and
    between waiter polls of SSM calls (by default they advance the fake's clock instead)."""
    mock = MockSSM(account_id=account_id, region=region, real_sleep=real_sleep)
    if target is None:
        return mock
    return mock(target)
