"""
The error answers every Folio DRF API shares, for drf-spectacular declarations:
400 ``{"field": ["message"]}``, and ``{"detail": "..."}`` for the rest.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Validation errors by field: `{"field": ["message"]}`.'
)
UNAUTHORIZED = OpenApiResponse(ERROR, description="Not signed in, or the token is invalid or expired.")
NOT_FOUND = OpenApiResponse(ERROR, description="No such object, or not visible to the caller.")
FORBIDDEN = OpenApiResponse(ERROR, description="Signed in, but not allowed.")
ERRORS = {400: FIELD_ERRORS, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 429: ERROR}


def answers(success, *error_codes):
    """``success`` (``{status: serializer}``) and the standard error bodies of ``error_codes``."""
    return {**success, **{code: ERRORS[code] for code in error_codes}}
