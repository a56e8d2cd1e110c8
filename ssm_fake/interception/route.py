"""What an active mock hands the patches: where SSM requests go, and how to answer them.

The patches never import the fake (that would load the backend for every ``import
ssm_fake``); they read :data:`current`, which ``install`` sets and ``uninstall`` clears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import Credentials


@dataclass(frozen=True, slots=True)
class Route:
    """The active mock, as the patches see it."""

    # (operation, request) -> the reply botocore parses as if it came from the network.
    answer: Callable[[str, AWSPreparedRequest], AWSResponse]
    # request -> its SSM action, or None for a request to another service.
    recognise: Callable[[AWSPreparedRequest], str | None]
    # botocore's OperationModel -> whether it is an SSM operation (known before a request exists).
    serves: Callable[[Any], bool]
    # What a client without any credentials signs SSM requests with.
    credentials: Credentials
    # The region of an SSM client created under the mock with no region configured.
    region: str
    # Moves the fake's clock by a number of seconds; None when the mock keeps real sleeps.
    advance_clock: Callable[[float], None] | None

    def reply(self, request: AWSPreparedRequest) -> AWSResponse | None:
        """The fake's reply to an SSM request; None for another service's request."""
        operation = self.recognise(request)
        return None if operation is None else self.answer(operation, request)


# The route of the running mock; None while no mock runs.
current: Route | None = None
