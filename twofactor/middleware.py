"""Staff with a TOTP device pass a second step before any admin page."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

PROTECTED_PREFIXES = ("/admin/", "/django-admin/")


class AdminOTPRequiredMiddleware:
    """
    After ``django_otp.middleware.OTPMiddleware``: a signed-in user who has a
    confirmed TOTP device but has not entered a code in this session is sent to
    the verification page from every admin URL except signing in and out and the
    verification page itself. Users without a device are not affected (2FA is
    optional per user); an enrolled user cannot skip it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path not in self.exempt_paths()
            and user_has_device(user, confirmed=True)
        ):
            return redirect(f"{reverse('twofactor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def exempt_paths():
        return {
            reverse("twofactor_verify"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("admin:login"),
            reverse("admin:logout"),
        }
