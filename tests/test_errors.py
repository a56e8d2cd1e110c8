"""errors.py has one exception per error shape of the installed model, each sent with its own code."""

from __future__ import annotations

import subprocess
import sys

import botocore.session
import pytest

from ssm_fake import errors


def _model_error_codes() -> set[str]:
    service = botocore.session.get_session().get_service_model("ssm")
    return {error.name for name in service.operation_names for error in service.operation_model(name).error_shapes}


def test_every_error_shape_of_the_model_has_an_exception() -> None:
    missing = {code for code in _model_error_codes() if not hasattr(errors, code)}
    assert missing == set(), f"add these to ssm_fake/errors.py: {sorted(missing)}"


def test_names_that_are_not_error_shapes_are_not_exceptions() -> None:
    for name in ("ParameterNotFoundd", "Parameter", "Tag"):
        assert not hasattr(errors, name)


@pytest.mark.parametrize("code", sorted(_model_error_codes()))
def test_each_exception_carries_its_code(code: str) -> None:
    error_class = getattr(errors, code)
    assert issubclass(error_class, errors.ServiceError)
    raised = error_class("what went wrong")
    assert (raised.error_code, raised.message) == (code, "what went wrong")
    assert raised.http_status == (500 if code == "InternalServerError" else 400)


def test_importing_the_package_does_not_load_the_service_model() -> None:
    probe = "import ssm_fake, ssm_fake.model as m; print(m.service_model.cache_info().currsize)"
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "0"
