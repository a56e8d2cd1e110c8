"""mock_ssm in each of its forms: decorator, class decorator, context manager, start/stop, nesting."""

from __future__ import annotations

import asyncio
import unittest
from typing import Any

import boto3
import pytest
from botocore.endpoint import Endpoint

from ssm_fake import SSMFake, mock_ssm
from ssm_fake.mock import active_fake

ORIGINAL_SEND = Endpoint.__dict__["_send"]


def _client() -> Any:
    return boto3.client("ssm", region_name="us-east-1")


def _names() -> list[str]:
    return [p["Name"] for p in _client().describe_parameters()["Parameters"]]


def _put(name: str, value: str = "v") -> None:
    _client().put_parameter(Name=name, Value=value, Type="String")


def test_bare_decorator_gives_each_call_an_empty_state() -> None:
    @mock_ssm
    def body() -> list[str]:
        before = _names()
        _put("first")
        return before

    assert body() == []
    assert body() == []  # the first call's parameter is gone


def test_decorator_with_options_sets_the_default_account() -> None:
    @mock_ssm(account_id="111122223333", region="eu-west-1")
    def body() -> str:
        fake = active_fake()
        assert fake is not None
        _put("p")
        arn: str = _client().get_parameter(Name="p")["Parameter"]["ARN"]
        return arn

    assert body() == "arn:aws:ssm:us-east-1:111122223333:parameter/p"


def test_decorator_keeps_the_function_name_and_return_value() -> None:
    @mock_ssm
    def answer() -> int:
        return 42

    assert answer.__name__ == "answer"
    assert answer() == 42


def test_async_functions_run_inside_the_mock() -> None:
    @mock_ssm
    async def body() -> str:
        _put("async")
        await asyncio.sleep(0)
        value: str = _client().get_parameter(Name="async")["Parameter"]["Value"]
        return value

    assert asyncio.run(body()) == "v"
    assert active_fake() is None


def test_generators_are_refused_with_advice() -> None:
    def generator() -> Any:
        yield 1

    with pytest.raises(TypeError, match="with mock_ssm"):
        mock_ssm(generator)


def test_context_manager_yields_the_handle_and_stops_on_exit() -> None:
    with mock_ssm() as fake:
        assert isinstance(fake, SSMFake)
        assert active_fake() is fake
        assert Endpoint.__dict__["_send"] is not ORIGINAL_SEND
    assert active_fake() is None
    assert Endpoint.__dict__["_send"] is ORIGINAL_SEND


def test_start_and_stop_by_hand() -> None:
    mock = mock_ssm()
    fake = mock.start()
    try:
        _put("manual")
        assert fake.calls[-1].event_name == "PutParameter"
    finally:
        mock.stop()
    assert active_fake() is None
    with pytest.raises(RuntimeError, match="without a matching start"):
        mock.stop()


def test_nested_activations_share_one_state_owned_by_the_outermost() -> None:
    with mock_ssm() as outer:
        _put("outer")
        with mock_ssm(account_id="999999999999") as inner:
            assert inner is outer
            assert _names() == ["outer"]
            _put("inner")
        assert sorted(_names()) == ["inner", "outer"]
    with mock_ssm():
        assert _names() == []


def test_overlapping_start_stop_keep_the_state_until_the_last_stop() -> None:
    first, second = mock_ssm(), mock_ssm()
    first.start()
    _put("kept")
    second.start()
    first.stop()
    assert _names() == ["kept"]
    second.stop()
    assert active_fake() is None


def test_an_exception_in_the_test_still_stops_the_mock() -> None:
    @mock_ssm
    def failing() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing()
    assert active_fake() is None
    assert Endpoint.__dict__["_send"] is ORIGINAL_SEND


def test_unittest_case_runs_setup_test_and_teardown_in_one_state() -> None:
    seen: dict[str, Any] = {}

    @mock_ssm
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            _put("from-setup")

        def tearDown(self) -> None:
            seen["teardown"] = _names()

        def test_reads_setup_state(self) -> None:
            seen["test"] = _names()
            _put("from-test")

        def test_second_starts_clean(self) -> None:
            seen["second"] = _names()

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert seen["test"] == ["from-setup"]
    assert seen["second"] == ["from-setup"]
    assert sorted(seen["teardown"]) in (["from-setup"], ["from-setup", "from-test"])
    assert active_fake() is None


def test_unittest_case_whose_setup_fails_does_not_leak_the_mock() -> None:
    @mock_ssm
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            raise RuntimeError("setup broke")

        def test_never_runs(self) -> None:  # pragma: no cover - setUp fails first
            pass

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert len(result.errors) == 1
    assert active_fake() is None


def test_plain_class_wraps_test_methods_and_spans_setup_method() -> None:
    @mock_ssm
    class Plain:
        def setup_method(self, method: Any) -> None:
            _put("set-up")

        def teardown_method(self) -> None:
            self.after = _names()

        def test_one(self) -> list[str]:
            return _names()

    instance = Plain()
    instance.setup_method(Plain.test_one)
    assert instance.test_one() == ["set-up"]
    instance.teardown_method(Plain.test_one)  # type: ignore[call-arg]
    assert instance.after == ["set-up"]
    assert active_fake() is None
    assert Plain().test_one() == []  # without setup_method: a fresh, empty mock


def test_decorated_pytest_function_sees_fixtures(tmp_path: Any) -> None:
    @mock_ssm
    def uses_fixture(path: Any) -> bool:
        return bool(path.exists()) and active_fake() is not None

    assert uses_fixture(tmp_path)
