"""ssm_fake: an in-process fake of AWS Systems Manager for unit tests.

from ssm_fake import mock_ssm

@mock_ssm
def test_reads_parameter():
    client = boto3.client("ssm", region_name="us-east-1")
    client.put_parameter(Name="/app/db", Value="x", Type="String")
    assert client.get_parameter(Name="/app/db")["Parameter"]["Value"] == "x"
"""

from typing import TYPE_CHECKING, Any

from .fake import SSMFake
from .mock import MockSSM, mock_ssm

if TYPE_CHECKING:
    from .interception import SSMRequestEscaped
    from .local_script import LocalScriptRunner
    from .local_shell import LocalShellHandler

__all__ = ["LocalScriptRunner", "LocalShellHandler", "MockSSM", "SSMFake", "SSMRequestEscaped", "mock_ssm"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Loaded only when a test asks: LocalShellHandler and LocalScriptRunner pull in the backend,
    # and the interception (with wrapt) is needed only once a mock starts.
    if name == "LocalShellHandler":
        from .local_shell import LocalShellHandler

        return LocalShellHandler
    if name == "LocalScriptRunner":
        from .local_script import LocalScriptRunner

        return LocalScriptRunner
    if name == "SSMRequestEscaped":
        from .interception import SSMRequestEscaped

        return SSMRequestEscaped
    raise AttributeError(f"module 'ssm_fake' has no attribute {name!r}")
