"""``POST /api/auth/password-reset/`` and ``POST /api/auth/password-reset/confirm/``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from community import password_reset
from community.api import throttles
from core import jobs
from core.openapi import ERROR, FIELD_ERRORS
from core.throttling import EmailAddressThrottle

ACCEPTED = {
    "detail": "If an account uses this address, an email with a link to reset its password is on its way."
}


class PasswordResetRequestSerializer(serializers.Serializer):
    """In: ``{"email": "reader@example.com"}``."""

    email = serializers.EmailField(max_length=254)


class PasswordResetAcceptedSerializer(serializers.Serializer):
    """Out (202, whatever the address): ``{"detail": "If an account uses this address, …"}``."""

    detail = serializers.CharField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    """In: ``{"uid", "token", "new_password"}`` from the emailed link and the reader."""

    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class PasswordResetThrottle(throttles.AtomicRateThrottle):
    scope = "password_reset"


class PasswordResetEmailThrottle(EmailAddressThrottle):
    scope = "password_reset_email"


class PasswordResetView(APIView):
    """Email a reset link. The same 202 and body for any address, known or not."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetThrottle, PasswordResetEmailThrottle]

    @extend_schema(
        request=PasswordResetRequestSerializer,
        responses={202: PasswordResetAcceptedSerializer, 400: FIELD_ERRORS, 429: ERROR, 503: ERROR},
        tags=["auth"],
    )
    def post(self, request):
        serializer = PasswordResetRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        jobs.enqueue(password_reset.send_password_reset_email, serializer.validated_data["email"])  # or a 503
        return Response(ACCEPTED, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(APIView):
    """Set a new password with the emailed token (once); every session of the account ends."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetThrottle]

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: OpenApiResponse(description="Password changed."), 400: FIELD_ERRORS, 429: ERROR},
        tags=["auth"],
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = password_reset.user_for_token(data["uid"], data["token"])
        if user is None:
            raise ValidationError({"token": ["This link is invalid or has expired; ask for a new one."]})
        try:
            password_reset.set_new_password(user, data["new_password"])
        except DjangoValidationError as error:
            raise ValidationError({"new_password": list(error.messages)}) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
