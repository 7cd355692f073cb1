"""
Newsletter API: subscribe, confirm, the signed-in reader's subscription, and the
one-click unsubscribe page. Thin views over ``newsletter.subscriptions``.
"""

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from core.openapi import ERROR, FIELD_ERRORS, UNAUTHORIZED
from newsletter import emails, subscriptions
from newsletter.api import serializers as s
from newsletter.api.throttles import SubscribeEmailThrottle, SubscribeThrottle

ACCEPTED = {"detail": "If this address can subscribe, a confirmation email is on its way."}
INVALID_LINK = {"detail": "This unsubscribe link is not valid."}


class SubscribeView(APIView):
    """Ask for posts by email. The same 202 and body for any address (no enumeration)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SubscribeThrottle, SubscribeEmailThrottle]

    @extend_schema(
        request=s.SubscribeSerializer,
        responses={202: s.AcceptedSerializer, 400: FIELD_ERRORS, 429: ERROR},
        tags=["newsletter"],
    )
    def post(self, request):
        serializer = s.SubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscriptions.subscribe(serializer.validated_data["email"], serializer.validated_data["topics"])
        return Response(ACCEPTED, status=status.HTTP_202_ACCEPTED)


class ConfirmView(APIView):
    """Confirm an address with the emailed token (once, within its lifetime)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SubscribeThrottle]

    @extend_schema(
        request=s.ConfirmSerializer,
        responses={200: s.ConfirmedSerializer, 400: FIELD_ERRORS, 429: ERROR},
        tags=["newsletter"],
    )
    def post(self, request):
        serializer = s.ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscriber = subscriptions.confirm(serializer.validated_data["token"])
        if subscriber is None:
            raise ValidationError({"token": ["This link is invalid, used or expired; subscribe again."]})
        return Response(s.ConfirmedSerializer(subscriber).data)


class MySubscriptionView(APIView):
    """The signed-in reader's subscription (JWT, as the community API)."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def represent(self, subscriber):
        if subscriber is None:
            return {"email": self.request.user.email, "state": "none", "topics": []}
        return s.MySubscriptionSerializer(subscriber).data

    @extend_schema(responses={200: s.MySubscriptionSerializer, 401: UNAUTHORIZED}, tags=["newsletter"])
    def get(self, request):
        return Response(self.represent(subscriptions.subscriber_for_user(request.user)))

    @extend_schema(
        request=s.MySubscriptionSerializer,
        responses={200: s.MySubscriptionSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["newsletter"],
    )
    def put(self, request):
        serializer = s.MySubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not request.user.email:
            raise ValidationError({"email": ["Add an email address to your account first."]})
        subscriber = subscriptions.update_for_user(request.user, serializer.validated_data["topic_keys"])
        return Response(self.represent(subscriber))


@csrf_exempt  # mail providers POST "List-Unsubscribe=One-Click" from their own servers
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click unsubscribe. GET only shows a form (link scanners follow links);
    POST unsubscribes. The signed token is the proof: no sign-in. The page's own form
    (``then=site``) lands the reader on the site's "unsubscribed" page; a mail provider's
    one-click POST gets the 200 it expects."""
    subscriber = emails.read_unsubscribe_token(token)
    if subscriber is None:
        return JsonResponse(INVALID_LINK, status=404)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        if request.POST.get("then") == "site":
            response = HttpResponseRedirect(f"{settings.FRONTEND_URL}/newsletter/unsubscribed/", status=303)
            response["Cache-Control"] = "private, no-store"
            return response
    context = {
        "email": subscriber.email,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "done": request.method == "POST",
    }
    response = render(request, "newsletter/unsubscribe.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
