"""Testing code that reads its configuration from Parameter Store.

`load_config` is the application code; `main` is what its test looks like with ssm_fake:
no AWS account, no credentials, no network.
"""

from __future__ import annotations

from typing import Any

import boto3

from ssm_fake import mock_ssm


def load_config(client: Any, prefix: str) -> dict[str, str]:
    """Application code: every parameter under `prefix`, decrypted, keyed by its last path part."""
    config: dict[str, str] = {}
    for page in client.get_paginator("get_parameters_by_path").paginate(Path=prefix, WithDecryption=True):
        for parameter in page["Parameters"]:
            config[parameter["Name"].rsplit("/", 1)[-1]] = parameter["Value"]
    return config


@mock_ssm
def main() -> None:
    client = boto3.client("ssm", region_name="eu-west-1")
    client.put_parameter(Name="/shop/prod/db_host", Value="db.internal", Type="String")
    client.put_parameter(Name="/shop/prod/db_password", Value="s3cret", Type="SecureString")
    client.put_parameter(Name="/shop/test/db_host", Value="localhost", Type="String")

    assert load_config(client, "/shop/prod") == {"db_host": "db.internal", "db_password": "s3cret"}

    # The fake behaves like the service: encrypted unless asked, versions, real errors.
    stored = client.get_parameter(Name="/shop/prod/db_password")["Parameter"]
    assert stored["Value"] != "s3cret"
    client.put_parameter(Name="/shop/prod/db_host", Value="db2.internal", Type="String", Overwrite=True)
    assert client.get_parameter(Name="/shop/prod/db_host:1")["Parameter"]["Value"] == "db.internal"
    try:
        client.get_parameter(Name="/shop/prod/missing")
    except client.exceptions.ParameterNotFound:
        pass
    else:
        raise AssertionError("expected ParameterNotFound")
    print("parameter_store: ok")


if __name__ == "__main__":
    main()
