"""The service's error codes as exceptions, so handlers say *what* failed and the
protocol alone decides *how* it goes on the wire.

Raise them from a handler::

    raise errors.ParameterNotFound(f"Parameter {name} not found.")

The class name is the error code the client sees (``client.exceptions.ParameterNotFound``).
There is one class for every error shape in the SSM service model (a test keeps this
list complete), plus the protocol-level codes the service sends without modelling them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar


class ServiceError(Exception):
    """An error reply: ``code`` becomes ``__type``, ``status`` the HTTP status."""

    code: ClassVar[str] = "ServiceError"
    status: ClassVar[int] = 400

    def __init__(self, message: str = "", **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = cls.__name__

    @property
    def error_code(self) -> str:
        return self.code

    @property
    def http_status(self) -> int:
        return self.status


class InjectedError(ServiceError):
    """An error a test asked for with ``SSMFake.inject_error``: any code, any status."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self._code = code
        self._status = status

    @property
    def error_code(self) -> str:
        return self._code

    @property
    def http_status(self) -> int:
        return self._status


class InternalServerError(ServiceError):
    status = 500


# Protocol-level errors the service sends without modelling them.
class SerializationException(ServiceError): ...


class InvalidAction(ServiceError): ...


class UnknownOperationException(ServiceError): ...


# HTTP-level refusals of the server (``ssm_fake.server``).
class RequestEntityTooLargeException(ServiceError):
    status = 413


class LengthRequired(ServiceError):
    status = 411


class NotImplementedByFake(ServiceError): ...


# One class per error shape of the SSM service model.
class AccessDeniedException(ServiceError): ...


class AlreadyExistsException(ServiceError): ...


class AssociatedInstances(ServiceError): ...


class AssociationAlreadyExists(ServiceError): ...


class AssociationDoesNotExist(ServiceError): ...


class AssociationExecutionDoesNotExist(ServiceError): ...


class AssociationLimitExceeded(ServiceError): ...


class AssociationVersionLimitExceeded(ServiceError): ...


class AutomationDefinitionNotApprovedException(ServiceError): ...


class AutomationDefinitionNotFoundException(ServiceError): ...


class AutomationDefinitionVersionNotFoundException(ServiceError): ...


class AutomationExecutionLimitExceededException(ServiceError): ...


class AutomationExecutionNotFoundException(ServiceError): ...


class AutomationStepNotFoundException(ServiceError): ...


class ComplianceTypeCountLimitExceededException(ServiceError): ...


class ConflictException(ServiceError): ...


class CustomSchemaCountLimitExceededException(ServiceError): ...


class DocumentAlreadyExists(ServiceError): ...


class DocumentLimitExceeded(ServiceError): ...


class DocumentPermissionLimit(ServiceError): ...


class DocumentVersionLimitExceeded(ServiceError): ...


class DoesNotExistException(ServiceError): ...


class DuplicateDocumentContent(ServiceError): ...


class DuplicateDocumentVersionName(ServiceError): ...


class DuplicateInstanceId(ServiceError): ...


class FeatureNotAvailableException(ServiceError): ...


class HierarchyLevelLimitExceededException(ServiceError): ...


class HierarchyTypeMismatchException(ServiceError): ...


class IdempotentParameterMismatch(ServiceError): ...


class IncompatiblePolicyException(ServiceError): ...


class InvalidActivation(ServiceError): ...


class InvalidActivationId(ServiceError): ...


class InvalidAggregatorException(ServiceError): ...


class InvalidAllowedPatternException(ServiceError): ...


class InvalidAssociation(ServiceError): ...


class InvalidAssociationVersion(ServiceError): ...


class InvalidAutomationExecutionParametersException(ServiceError): ...


class InvalidAutomationSignalException(ServiceError): ...


class InvalidAutomationStatusUpdateException(ServiceError): ...


class InvalidCommandId(ServiceError): ...


class InvalidDeleteInventoryParametersException(ServiceError): ...


class InvalidDeletionIdException(ServiceError): ...


class InvalidDocument(ServiceError): ...


class InvalidDocumentContent(ServiceError): ...


class InvalidDocumentOperation(ServiceError): ...


class InvalidDocumentSchemaVersion(ServiceError): ...


class InvalidDocumentType(ServiceError): ...


class InvalidDocumentVersion(ServiceError): ...


class InvalidFilter(ServiceError): ...


class InvalidFilterKey(ServiceError): ...


class InvalidFilterOption(ServiceError): ...


class InvalidFilterValue(ServiceError): ...


class InvalidInstanceId(ServiceError): ...


class InvalidInstanceInformationFilterValue(ServiceError): ...


class InvalidInstancePropertyFilterValue(ServiceError): ...


class InvalidInventoryGroupException(ServiceError): ...


class InvalidInventoryItemContextException(ServiceError): ...


class InvalidInventoryRequestException(ServiceError): ...


class InvalidItemContentException(ServiceError): ...


class InvalidKeyId(ServiceError): ...


class InvalidNextToken(ServiceError): ...


class InvalidNotificationConfig(ServiceError): ...


class InvalidOptionException(ServiceError): ...


class InvalidOutputFolder(ServiceError): ...


class InvalidOutputLocation(ServiceError): ...


class InvalidParameters(ServiceError): ...


class InvalidPermissionType(ServiceError): ...


class InvalidPluginName(ServiceError): ...


class InvalidPolicyAttributeException(ServiceError): ...


class InvalidPolicyTypeException(ServiceError): ...


class InvalidResourceId(ServiceError): ...


class InvalidResourceType(ServiceError): ...


class InvalidResultAttributeException(ServiceError): ...


class InvalidRole(ServiceError): ...


class InvalidSchedule(ServiceError): ...


class InvalidTag(ServiceError): ...


class InvalidTarget(ServiceError): ...


class InvalidTargetMaps(ServiceError): ...


class InvalidTypeNameException(ServiceError): ...


class InvalidUpdate(ServiceError): ...


class InvocationDoesNotExist(ServiceError): ...


class ItemContentMismatchException(ServiceError): ...


class ItemSizeLimitExceededException(ServiceError): ...


class MalformedResourcePolicyDocumentException(ServiceError): ...


class MaxDocumentSizeExceeded(ServiceError): ...


class NoLongerSupportedException(ServiceError): ...


class OpsItemAccessDeniedException(ServiceError): ...


class OpsItemAlreadyExistsException(ServiceError): ...


class OpsItemConflictException(ServiceError): ...


class OpsItemInvalidParameterException(ServiceError): ...


class OpsItemLimitExceededException(ServiceError): ...


class OpsItemNotFoundException(ServiceError): ...


class OpsItemRelatedItemAlreadyExistsException(ServiceError): ...


class OpsItemRelatedItemAssociationNotFoundException(ServiceError): ...


class OpsMetadataAlreadyExistsException(ServiceError): ...


class OpsMetadataInvalidArgumentException(ServiceError): ...


class OpsMetadataKeyLimitExceededException(ServiceError): ...


class OpsMetadataLimitExceededException(ServiceError): ...


class OpsMetadataNotFoundException(ServiceError): ...


class OpsMetadataTooManyUpdatesException(ServiceError): ...


class ParameterAlreadyExists(ServiceError): ...


class ParameterLimitExceeded(ServiceError): ...


class ParameterMaxVersionLimitExceeded(ServiceError): ...


class ParameterNotFound(ServiceError): ...


class ParameterPatternMismatchException(ServiceError): ...


class ParameterVersionLabelLimitExceeded(ServiceError): ...


class ParameterVersionNotFound(ServiceError): ...


class PoliciesLimitExceededException(ServiceError): ...


class ResourceDataSyncAlreadyExistsException(ServiceError): ...


class ResourceDataSyncConflictException(ServiceError): ...


class ResourceDataSyncCountExceededException(ServiceError): ...


class ResourceDataSyncInvalidConfigurationException(ServiceError): ...


class ResourceDataSyncNotFoundException(ServiceError): ...


class ResourceInUseException(ServiceError): ...


class ResourceLimitExceededException(ServiceError): ...


class ResourceNotFoundException(ServiceError): ...


class ResourcePolicyConflictException(ServiceError): ...


class ResourcePolicyInvalidParameterException(ServiceError): ...


class ResourcePolicyLimitExceededException(ServiceError): ...


class ResourcePolicyNotFoundException(ServiceError): ...


class ServiceQuotaExceededException(ServiceError): ...


class ServiceSettingNotFound(ServiceError): ...


class StatusUnchanged(ServiceError): ...


class SubTypeCountLimitExceededException(ServiceError): ...


class TargetInUseException(ServiceError): ...


class TargetNotConnected(ServiceError): ...


class ThrottlingException(ServiceError): ...


class TooManyTagsError(ServiceError): ...


class TooManyUpdates(ServiceError): ...


class TotalSizeLimitExceededException(ServiceError): ...


class UnsupportedCalendarException(ServiceError): ...


class UnsupportedFeatureRequiredException(ServiceError): ...


class UnsupportedInventoryItemContextException(ServiceError): ...


class UnsupportedInventorySchemaVersionException(ServiceError): ...


class UnsupportedOperatingSystem(ServiceError): ...


class UnsupportedOperationException(ServiceError): ...


class UnsupportedParameterType(ServiceError): ...


class UnsupportedPlatformType(ServiceError): ...


class ValidationException(ServiceError): ...


if not TYPE_CHECKING:  # invisible to mypy, so that a misspelt code in a handler is still caught

    def __getattr__(name: str) -> type[ServiceError]:
        """An error shape a newer botocore model added after this list was written."""
        if name.startswith("__"):  # the import system's probes (__path__ …) must not load the model
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from botocore.model import NoShapeFoundError

        from .model import service_model

        try:
            shape = service_model().shape_for(name)
        except NoShapeFoundError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        if not shape.metadata.get("exception"):
            raise AttributeError(f"{name!r} is a shape of the SSM model, not an error")
        error_class = type(name, (ServiceError,), {"__module__": __name__})
        globals()[name] = error_class
        return error_class
