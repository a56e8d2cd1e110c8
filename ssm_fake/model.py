"""The SSM service model of the installed botocore, loaded once and only when needed.

Validation, error encoding and the coverage tests all read the same model object, so
"what the service accepts" has a single source. Loading costs tens of milliseconds,
which is why nothing here runs at import time.
"""

from __future__ import annotations

from functools import cache

from botocore.loaders import Loader
from botocore.model import NoShapeFoundError, OperationModel, ServiceModel

SERVICE_NAME = "ssm"


@cache
def service_model() -> ServiceModel:
    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@cache
def operation_names() -> frozenset[str]:
    return frozenset(service_model().operation_names)


@cache
def error_message_member(code: str) -> str:
    """The member that carries an error's message: most shapes say ``Message``, some ``message``."""
    try:
        members = service_model().shape_for(code).members
    except NoShapeFoundError:  # a code a test injected, or a protocol-level one
        return "message"
    return "Message" if "Message" in members else "message"
