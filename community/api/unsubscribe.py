"""
One-click unsubscribe from community emails (RFC 8058), at ``/api/unsubscribe/<token>/``.

The token is signed (``community.notifications.unsubscribe_token``) for one user and
one kind of email, so holding it is the proof: no sign-in, and no CSRF token (mail
providers POST ``List-Unsubscribe=One-Click`` from their own servers). ``GET`` only
shows a confirmation, since link scanners follow links; ``POST`` turns the kind off.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from community import notifications
from community.models import PendingNotification, Profile

INVALID = {"detail": "This unsubscribe link is not valid."}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        return JsonResponse(INVALID, status=404)
    user, kind = found
    context = {
        "kind_label": PendingNotification.Kind(kind).label.lower(),
        "username": user.get_username(),
        "done": request.method == "POST",
    }
    if request.method == "POST":
        profile = Profile.for_user(user)
        setattr(profile, Profile.EMAIL_FLAGS[kind], False)
        profile.save(update_fields=[Profile.EMAIL_FLAGS[kind]])
    response = render(request, "community/unsubscribe.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
