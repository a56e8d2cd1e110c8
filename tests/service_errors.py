"""What a failing call's error looks like to the caller, for tests that check code and message."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def service_error(call: Any, **kwargs: Any) -> tuple[str, str]:
    """(code, message) of the ClientError ``call(**kwargs)`` must raise."""
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]
