"""Hypothesis strategies for property-testing code that uses SSM, built from the fake's own rules.

What they generate is what the fake accepts, and the fake accepts what the service does, so
a failing property points at your code, not at the input::

    import boto3
    from hypothesis import given
    from ssm_fake import mock_ssm
    from ssm_fake.strategies import parameter_names, parameter_values

    @given(name=parameter_names(), value=parameter_values())
    def test_round_trip(name, value):
        with mock_ssm():                      # a fresh fake for every example
            client = boto3.client("ssm", region_name="us-east-1")
            client.put_parameter(Name=name, Value=value, Type="String")
            assert client.get_parameter(Name=name)["Parameter"]["Value"] == value

Needs the ``hypothesis`` extra: ``pip install "ssm_fake[hypothesis]"``. docs/property-testing.md
has the patterns (fresh state per example, retries with ``inject_error``).
"""

try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        'ssm_fake.strategies needs hypothesis, which is not installed: pip install "ssm_fake[hypothesis]"'
    ) from error

from .requests import STATE_ERRORS, invalid_requests, model_requests, operations, requests
from .resources import command_outcomes, documents, labels, parameter_names, parameter_values, tags

__all__ = [
    "STATE_ERRORS",
    "command_outcomes",
    "documents",
    "invalid_requests",
    "labels",
    "model_requests",
    "operations",
    "parameter_names",
    "parameter_values",
    "requests",
    "tags",
]
