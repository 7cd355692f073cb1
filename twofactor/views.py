"""Enter a code (verify) and enrol a TOTP device (setup), inside the Wagtail admin."""

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        label="Code from your authenticator app",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: a 6-digit code from the user's confirmed device."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # match_token applies django-otp's throttling (growing delays after failures).
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", "That code is not valid. Check your device's clock and try again.")
    return render(request, "twofactor/verify.html", {"form": form, "next": _safe_next(request)})


def _qr_svg(url):
    out = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return out.getvalue().decode()


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def setup(request):
    """
    Enrol: show a new secret (QR code and base32), confirm it with one code.
    Only staff can enrol; an already-enrolled user must have passed the second
    step (the middleware sees to it) to replace their device.
    """
    if not request.user.is_staff:
        messages.error(request, "Two-factor sign-in is for staff accounts.")
        return redirect("wagtailadmin_home")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect("wagtailadmin_home")
        form.add_error("token", "That code is not valid; scan the code again and retry.")
    context = {
        "form": form,
        "secret": _base32(device),
        "qr_svg": _qr_svg(device.config_url),
        "enrolled": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "twofactor/setup.html", context)


def _base32(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode()
