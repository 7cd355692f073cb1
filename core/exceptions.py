"""API errors every app may raise (DRF answers them as JSON ``{"detail": ...}``)."""

from rest_framework import status
from rest_framework.exceptions import APIException


class JobsUnavailableError(APIException):
    """The background-job broker refused the work: retrying later may succeed."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Background processing is unavailable, try again later."
    default_code = "jobs_unavailable"
