"""Public parameters (``/aws/service/...``): readable by every account, refused to writers,
pinnable by a test. Sources: the user guide's public-parameter pages and real get-parameters
output ("Type: String", "DataType: text", an ARN with no account)."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from service_errors import service_error

AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
REGIONS = "/aws/service/global-infrastructure/regions"
AMI_ID = re.compile(r"ami-[0-9a-f]{17}")


def _walk(call: Any, **kwargs: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        reply = call(**kwargs)
        found.extend(reply["Parameters"])
        if "NextToken" not in reply:
            return found
        kwargs["NextToken"] = reply["NextToken"]


def _leaves(parameters: list[dict[str, Any]]) -> dict[str, str]:
    return {p["Name"].rsplit("/", 1)[1]: p["Value"] for p in parameters}


def test_ami_alias_reads_like_the_service(ssm_client: Any) -> None:
    # Real output (aws ssm get-parameters --names .../amzn2-ami-hvm-x86_64-gp2): Type String, DataType text,
    # ARN arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/... (no account).
    parameter = ssm_client.get_parameter(Name=AL2023)["Parameter"]
    assert parameter["Type"] == "String"
    assert parameter["DataType"] == "text"
    assert AMI_ID.fullmatch(parameter["Value"])
    assert parameter["ARN"] == f"arn:aws:ssm:us-east-1::parameter{AL2023}"
    assert parameter["Version"] >= 1


def test_ami_alias_by_arn_and_in_get_parameters(ssm_client: Any) -> None:
    by_arn = ssm_client.get_parameter(Name=f"arn:aws:ssm:us-east-1::parameter{AL2023}")["Parameter"]
    reply = ssm_client.get_parameters(Names=[AL2023, "/aws/service/ami-amazon-linux-latest/nope"])
    assert [p["Value"] for p in reply["Parameters"]] == [by_arn["Value"]]
    assert reply["InvalidParameters"] == ["/aws/service/ami-amazon-linux-latest/nope"]


def test_image_ids_differ_by_region_and_every_account_reads_them(ssm_fake: Any) -> None:
    east = boto3.client("ssm", region_name="us-east-1")
    west = boto3.client("ssm", region_name="eu-west-1")
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("111122223333"))
    value = east.get_parameter(Name=AL2023)["Parameter"]["Value"]
    assert other.get_parameter(Name=AL2023)["Parameter"]["Value"] == value
    assert west.get_parameter(Name=AL2023)["Parameter"]["Value"] != value


@pytest.mark.parametrize(
    "path",
    [
        "/aws/service/ami-amazon-linux-latest",
        "/aws/service/ami-windows-latest",
        "/aws/service/canonical/ubuntu/server",
        "/aws/service/ecs/optimized-ami",
        "/aws/service/eks/optimized-ami",
        "/aws/service/bottlerocket",
    ],
)
def test_every_ami_family_is_published(ssm_client: Any, path: str) -> None:
    found = _walk(ssm_client.get_parameters_by_path, Path=path, Recursive=True)
    assert found
    assert all(p["Name"].startswith(path + "/") for p in found)
    ids = [p["Value"] for p in found if p["Name"].endswith(("image_id", "ami-id")) or "ami-" in p["Name"]]
    assert ids and all(AMI_ID.fullmatch(value) for value in ids)


def test_regions_one_level_and_recursive(ssm_client: Any) -> None:
    one_level = _walk(ssm_client.get_parameters_by_path, Path=REGIONS)
    names = [p["Name"] for p in one_level]
    assert f"{REGIONS}/us-east-1" in names
    assert all(name.count("/") == REGIONS.count("/") + 1 for name in names)
    assert {p["Value"] for p in one_level} >= {"us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"}
    east = {
        p["Name"].rsplit("/", 1)[1]: p["Value"]
        for p in _walk(ssm_client.get_parameters_by_path, Path=f"{REGIONS}/us-east-1")
    }
    assert east == {
        "domain": "amazonaws.com",
        "geolocationCountry": "US",
        "geolocationRegion": "US-VA",
        "longName": "US East (N. Virginia)",
        "partition": "aws",
    }
    deep = _walk(ssm_client.get_parameters_by_path, Path=f"{REGIONS}/us-east-1", Recursive=True)
    assert f"{REGIONS}/us-east-1/services/ssm" in {p["Name"] for p in deep}
    assert f"{REGIONS}/us-east-1/availability-zones/use1-az1" in {p["Name"] for p in deep}
    assert f"{REGIONS}/us-east-1/local-zones/use1-bos1-az1" in {p["Name"] for p in deep}


def test_services_per_region_and_regions_per_service(ssm_client: Any) -> None:
    services = "/aws/service/global-infrastructure/services"
    ssm = {
        p["Name"].rsplit("/", 1)[1]: p["Value"]
        for p in _walk(ssm_client.get_parameters_by_path, Path=f"{services}/ssm")
    }
    assert ssm["longName"] == "AWS Systems Manager"
    regions = _walk(ssm_client.get_parameters_by_path, Path=f"{services}/ssm/regions")
    assert "eu-west-1" in {p["Value"] for p in regions}
    endpoint = ssm_client.get_parameter(Name=f"{services}/ssm/regions/eu-west-1/endpoint")["Parameter"]["Value"]
    assert endpoint == "ssm.eu-west-1.amazonaws.com"
    china = ssm_client.get_parameter(Name=f"{services}/s3/regions/cn-north-1/endpoint")["Parameter"]["Value"]
    assert china == "s3.cn-north-1.amazonaws.com.cn"


def test_availability_zone_names_its_region(ssm_client: Any) -> None:
    zone = "/aws/service/global-infrastructure/availability-zones/euw1-az2"
    assert ssm_client.get_parameter(Name=zone)["Parameter"]["Value"] == "euw1-az2"
    assert ssm_client.get_parameter(Name=f"{zone}/region")["Parameter"]["Value"] == "eu-west-1"


def test_global_infrastructure_answers_in_the_documented_regions_only(ssm_fake: Any) -> None:
    # User guide: "the path /aws/service/global-infrastructure is supported for queries in the following
    # AWS Regions only" (17 regions; ca-west-1 users are told to query ca-central-1).
    name = f"{REGIONS}/us-east-1/longName"
    supported = boto3.client("ssm", region_name="ca-central-1")
    elsewhere = boto3.client("ssm", region_name="ca-west-1")
    assert supported.get_parameter(Name=name)["Parameter"]["Value"] == "US East (N. Virginia)"
    assert service_error(elsewhere.get_parameter, Name=name) == ("ParameterNotFound", "")
    assert AMI_ID.fullmatch(elsewhere.get_parameter(Name=AL2023)["Parameter"]["Value"])


def test_writes_to_public_parameters_are_refused(ssm_client: Any) -> None:
    # The reserved "aws" prefix: "No access to reserved parameter name: ..." (aws-solutions/quota-monitor-for-aws
    # issue 30).
    put = service_error(
        ssm_client.put_parameter, Name=AL2023, Value="ami-0123456789abcdef0", Type="String", Overwrite=True
    )
    assert put == ("AccessDeniedException", f"No access to reserved parameter name: {AL2023[1:]}.")
    assert service_error(ssm_client.delete_parameter, Name=AL2023)[0] == "AccessDeniedException"
    assert service_error(ssm_client.label_parameter_version, Name=AL2023, Labels=["x"])[0] == "AccessDeniedException"
    assert ssm_client.delete_parameters(Names=[AL2023])["InvalidParameters"] == [AL2023]
    assert AMI_ID.fullmatch(ssm_client.get_parameter(Name=AL2023)["Parameter"]["Value"])


def test_pinning_a_value_makes_latest_ami_code_testable(ssm_fake: Any, ssm_client: Any) -> None:
    before = ssm_client.get_parameter(Name=AL2023)["Parameter"]
    ssm_fake.set_public_parameter(AL2023, "ami-0123456789abcdef0")
    after = ssm_client.get_parameter(Name=AL2023)["Parameter"]
    assert (after["Value"], after["Version"]) == ("ami-0123456789abcdef0", before["Version"] + 1)
    west = boto3.client("ssm", region_name="eu-west-1")
    assert west.get_parameter(Name=AL2023)["Parameter"]["Value"] == "ami-0123456789abcdef0"
    by_path = _walk(ssm_client.get_parameters_by_path, Path="/aws/service/ami-amazon-linux-latest")
    assert {p["Name"]: p["Value"] for p in by_path}[AL2023] == "ami-0123456789abcdef0"


def test_pinning_in_one_region_and_adding_a_name(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.set_public_parameter(AL2023, "ami-0aaaaaaaaaaaaaaaa", region="eu-west-1")
    west = boto3.client("ssm", region_name="eu-west-1")
    assert west.get_parameter(Name=AL2023)["Parameter"]["Value"] == "ami-0aaaaaaaaaaaaaaaa"
    assert ssm_client.get_parameter(Name=AL2023)["Parameter"]["Value"] != "ami-0aaaaaaaaaaaaaaaa"
    new = "/aws/service/ami-amazon-linux-latest/al2099-ami-x86_64"
    ssm_fake.set_public_parameter(new, "ami-0bbbbbbbbbbbbbbbb")
    assert ssm_client.get_parameter(Name=new)["Parameter"]["Value"] == "ami-0bbbbbbbbbbbbbbbb"
    names = [p["Name"] for p in _walk(ssm_client.get_parameters_by_path, Path="/aws/service/ami-amazon-linux-latest")]
    assert new in names and names == sorted(names)
    ssm_fake.reset()
    assert service_error(ssm_client.get_parameter, Name=new) == ("ParameterNotFound", "")


def test_set_public_parameter_refuses_other_names(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="/aws/service/"):
        ssm_fake.set_public_parameter("/app/ami", "ami-0123456789abcdef0")


def test_describe_parameters_discovers_a_namespace(ssm_client: Any) -> None:
    # Own parameters are not mixed in, and a Path filter under /aws/service lists public ones
    # ("please specify within a global namespace").
    ssm_client.put_parameter(Name="/app/x", Value="v", Type="String")
    reply = _walk(
        ssm_client.describe_parameters,
        ParameterFilters=[{"Key": "Path", "Values": ["/aws/service/ami-windows-latest"]}],
    )
    assert reply and all(p["Name"].startswith("/aws/service/ami-windows-latest/") for p in reply)
    assert all(p["Type"] == "String" and "LastModifiedUser" not in p for p in reply)
    assert [p["Name"] for p in ssm_client.describe_parameters()["Parameters"]] == ["/app/x"]
    code, _ = service_error(ssm_client.describe_parameters, ParameterFilters=[{"Key": "Path", "Values": ["/aws"]}])
    assert code == "ValidationException"


def test_paging_a_public_path_returns_each_name_once(ssm_client: Any) -> None:
    pages: list[list[str]] = []
    kwargs: dict[str, Any] = {"Path": "/aws/service/global-infrastructure", "Recursive": True, "MaxResults": 10}
    for _ in range(30):
        reply = ssm_client.get_parameters_by_path(**kwargs)
        pages.append([p["Name"] for p in reply["Parameters"]])
        if "NextToken" not in reply:
            break
        kwargs["NextToken"] = reply["NextToken"]
    names = [name for page in pages for name in page]
    assert len(names) == len(set(names)) == 10 * len(pages)
    assert names == sorted(names)
