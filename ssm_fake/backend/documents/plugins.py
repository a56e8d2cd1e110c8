"""The plugins a Command or Policy document may use: their properties and platforms.

A document names plugins in ``runtimeConfig`` (schema 1.2) or as ``mainSteps[].action``
(2.x); this table is how the fake checks them the way the service does (a missing required
property, a property the plugin does not know) and how it derives a document's
``PlatformTypes``::

    spec = plugin_spec("aws:runShellScript")   # names match case-insensitively
    spec.platforms                             # ("Linux", "MacOS")

The properties and platforms follow today's "Command document plugin reference" of the
user guide where it differs from the plugin section of the 2014 API reference (which made
``aws:domainJoin`` need directoryOU, and asked nothing of ``aws:psModule``,
``aws:updateAgent`` and ``aws:updateSsmAgent``). The reference lists the plugins that also
run on macOS: refreshAssociation, runShellScript, runPowerShellScript, softwareInventory,
updateSsmAgent.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOWS = "Windows"
LINUX = "Linux"
MACOS = "MacOS"
ALL_PLATFORMS = (WINDOWS, LINUX, MACOS)
# Every properties entry may carry an id (Amazon's own documents use "0.aws:runShellScript").
_COMMON_PROPERTIES = frozenset({"id"})


@dataclass(frozen=True)
class PluginSpec:
    """What one plugin accepts; ``open`` plugins take free-form configuration (not checked)."""

    name: str
    platforms: tuple[str, ...]
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    open: bool = False

    def problems(self, properties: dict[str, object]) -> list[str]:
        """What is wrong with one properties entry, as sentences for the error message."""
        if self.open:
            return []
        missing = sorted(self.required - properties.keys())
        unknown = sorted(properties.keys() - self.required - self.optional - _COMMON_PROPERTIES)
        found: list[str] = []
        if missing:
            found.append(f"plugin {self.name} is missing required properties: {', '.join(missing)}")
        if unknown:
            allowed = ", ".join(sorted(self.required | self.optional))
            found.append(f"plugin {self.name} does not accept properties: {', '.join(unknown)} (it accepts {allowed})")
        return found


def _spec(
    name: str, platforms: tuple[str, ...], required: str = "", optional: str = "", open: bool = False
) -> PluginSpec:
    return PluginSpec(name, platforms, frozenset(required.split()), frozenset(optional.split()), open)


_SCRIPT_OPTIONAL = "workingDirectory timeoutSeconds"
_WINDOWS_LINUX = (WINDOWS, LINUX)
_PLUGINS = (
    _spec("aws:runShellScript", (LINUX, MACOS), "runCommand", _SCRIPT_OPTIONAL),
    # Windows Server and Linux, as the reference says and AWS-RunPowerShellScript's PlatformTypes show.
    _spec("aws:runPowerShellScript", _WINDOWS_LINUX, "runCommand", _SCRIPT_OPTIONAL),
    _spec("aws:updateSsmAgent", ALL_PLATFORMS, "agentName allowDowngrade source", "targetVersion"),
    _spec("aws:updateAgent", (WINDOWS,), "agentName source", "allowDowngrade targetVersion"),
    _spec("aws:applications", (WINDOWS,), "action source", "parameters sourceHash"),
    _spec("aws:cloudWatch", (WINDOWS,), open=True),
    _spec(
        "aws:domainJoin",
        _WINDOWS_LINUX,
        "directoryId directoryName dnsIpAddresses",
        "directoryOU setHostName setHostNameToFQDN keepComputerName",
    ),
    _spec("aws:psModule", (WINDOWS,), "source", "runCommand sourceHash workingDirectory timeoutSeconds"),
    _spec("aws:configureDocker", _WINDOWS_LINUX, "action"),
    _spec("aws:configurePackage", _WINDOWS_LINUX, "name action", "installationType version additionalArguments"),
    _spec("aws:downloadContent", _WINDOWS_LINUX, "sourceType sourceInfo", "destinationPath"),
    _spec("aws:refreshAssociation", ALL_PLATFORMS, "", "associationIds"),
    _spec(
        "aws:runDockerAction",
        _WINDOWS_LINUX,
        "action",
        "container cmd image memory cpuShares volume env user publish timeoutSeconds workingDirectory",
    ),
    _spec("aws:runDocument", _WINDOWS_LINUX, "documentType", "documentPath documentParameters timeoutSeconds"),
    _spec(
        "aws:softwareInventory",
        ALL_PLATFORMS,
        "",
        "applications awsComponents files networkConfig billingInfo windowsUpdates "
        "instanceDetailedInformation services windowsRegistry windowsRoles customInventory",
    ),
)
_BY_NAME = {spec.name.lower(): spec for spec in _PLUGINS}


def plugin_spec(name: str) -> PluginSpec | None:
    """The plugin called ``name`` (any case: the reference writes ``aws:runshellscript`` too)."""
    return _BY_NAME.get(name.lower())


def known_plugins() -> str:
    return ", ".join(spec.name for spec in _PLUGINS)


def platforms_of(plugin_names: list[str]) -> tuple[str, ...]:
    """The platforms a document runs on: every platform one of its plugins supports."""
    found = {platform for name in plugin_names if (spec := plugin_spec(name)) for platform in spec.platforms}
    return tuple(platform for platform in ALL_PLATFORMS if platform in found)
