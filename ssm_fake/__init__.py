"""ssm_fake: an in-process fake of AWS Systems Manager for unit tests.

from ssm_fake import mock_ssm

@mock_ssm
def test_reads_parameter():
    client = boto3.client("ssm", region_name="us-east-1")
    client.put_parameter(Name="/app/db", Value="x", Type="String")
    assert client.get_parameter(Name="/app/db")["Parameter"]["Value"] == "x"
"""

from .fake import SSMFake
from .local_shell import LocalShellHandler
from .mock import MockSSM, mock_ssm

__all__ = ["LocalShellHandler", "MockSSM", "SSMFake", "mock_ssm"]
__version__ = "0.1.0"
