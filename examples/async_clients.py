"""Testing asyncio code that reads its configuration with an aioboto3 client.

`load_settings` is the application code: it reads several parameters at once with
`asyncio.gather`. The test puts the parameters with plain boto3 and lets the fake answer
the async client too; a throttled read is retried without a real wait.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aioboto3
import boto3

from ssm_fake import mock_ssm


async def load_settings(names: list[str]) -> dict[str, str]:
    """Application code: the values of ``names``, read concurrently."""
    async with aioboto3.Session().client("ssm", region_name="eu-west-1") as client:
        replies: list[Any] = await asyncio.gather(
            *(client.get_parameter(Name=name, WithDecryption=True) for name in names)
        )
    return {reply["Parameter"]["Name"]: reply["Parameter"]["Value"] for reply in replies}


def main() -> None:
    with mock_ssm() as ssm:
        setup = boto3.client("ssm", region_name="eu-west-1")
        setup.put_parameter(Name="/svc/url", Value="https://svc.internal", Type="String")
        setup.put_parameter(Name="/svc/token", Value="t0ken", Type="SecureString")
        ssm.inject_error("GetParameter", "ThrottlingException", times=1)  # one read is throttled, then retried

        settings = asyncio.run(load_settings(["/svc/url", "/svc/token"]))

        assert settings == {"/svc/url": "https://svc.internal", "/svc/token": "t0ken"}
        assert [c.error_code for c in ssm.calls if c.event_name == "GetParameter"].count("ThrottlingException") == 1


if __name__ == "__main__":
    main()
