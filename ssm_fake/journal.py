"""Every call the fake answered, in order, so a test can assert on what its code sent.

``SSMFake.calls`` is a list of :class:`CallRecord`; ``to_cloudtrail()`` renders one the
way CloudTrail would log it, for code that consumes CloudTrail events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# CloudTrail never logs a parameter's value: PutParameter's Value shows as this marker.
_HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One answered call: what was asked, what was answered, and as whom."""

    event_name: str
    request_parameters: dict[str, Any]
    response_elements: dict[str, Any] | None
    error_code: str | None
    error_message: str | None
    account_id: str
    region: str
    request_id: str
    event_time: datetime
    access_key_id: str | None = None

    def to_cloudtrail(self) -> dict[str, Any]:
        """The record in CloudTrail's event format (eventVersion 1.08)."""
        read_only = self.event_name.startswith(("Get", "Describe", "List"))
        request = dict(self.request_parameters)
        if "Value" in request:
            request["Value"] = _HIDDEN
        event: dict[str, Any] = {
            "eventVersion": "1.08",
            "userIdentity": {
                "type": "IAMUser",
                "accountId": self.account_id,
                "accessKeyId": self.access_key_id or "",
            },
            "eventTime": self.event_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": "ssm.amazonaws.com",
            "eventName": self.event_name,
            "awsRegion": self.region,
            "sourceIPAddress": "127.0.0.1",
            "userAgent": "ssm_fake",
            "requestParameters": _cloudtrail_members(request) or None,
            # CloudTrail leaves out what read-only calls return.
            "responseElements": None if read_only else _cloudtrail_members(self.response_elements),
            "requestID": self.request_id,
            "eventID": self.request_id,
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": self.account_id,
            "eventCategory": "Management",
        }
        if self.error_code is not None:
            event["errorCode"] = self.error_code
            event["errorMessage"] = self.error_message or ""
        return event


def _cloudtrail_members(value: Any) -> Any:
    """Members in CloudTrail's spelling (lowerCamelCase), timestamps as text, secrets hidden."""
    if isinstance(value, dict):
        return {key[:1].lower() + key[1:]: _cloudtrail_members(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cloudtrail_members(item) for item in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value
