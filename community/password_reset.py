"""
Password reset by email: the link, the email, and setting the new password.

The request always answers the same (202) whatever the address: the lookup and
the email happen in ``send_password_reset_email``, a Celery task, so the request
does the same work (one publish) for a known and an unknown address. Tokens are
Django's ``default_token_generator``: they expire after ``PASSWORD_RESET_TIMEOUT``
and are single-use because they hash the password, which the reset changes.
Setting the password ends every session (``community.signals``).
"""

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

User = get_user_model()


def reset_link(user):
    """``FRONTEND_URL/reset-password?uid=…&token=…`` for ``user``."""
    query = urlencode(
        {
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
    )
    return f"{settings.FRONTEND_URL}/reset-password?{query}"


def users_for_email(email):
    """Active accounts with this address (case-insensitive) that sign in with a password."""
    users = User.objects.filter(email__iexact=email, is_active=True)
    return [user for user in users if user.has_usable_password()]


@shared_task(name="community.send_password_reset_email", ignore_result=True)
def send_password_reset_email(email):
    """Email a reset link to each account using ``email``; nothing for an unknown address."""
    for user in users_for_email(email):
        send_mail(
            subject=f"Reset your {settings.WAGTAIL_SITE_NAME} password",
            message=(
                f"Hello {user.get_username()},\n\n"
                "Someone (we hope you) asked to reset the password of your account. "
                f"Choose a new one here:\n\n{reset_link(user)}\n\n"
                f"The link works once, for {settings.PASSWORD_RESET_TIMEOUT // 60} minutes. "
                "If you did not ask, ignore this email: your password stays as it is.\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )


def user_for_token(uid, token):
    """The user whose valid, unused reset token this is, else ``None``."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def set_new_password(user, password):
    """Validate (Django's validators) and set ``password``; raises ``ValidationError``."""
    password_validation.validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
