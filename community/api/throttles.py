"""
The community API's throttles: each picks a scope and an identity; counting
(atomic, fixed-window) is ``core.throttling.AtomicRateThrottle``'s.
"""

import unicodedata

from core.throttling import AtomicRateThrottle, BodyFieldThrottle


class UserOrIPThrottle(AtomicRateThrottle):
    """Signed-in callers by user id, others by address."""

    def get_identity(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"ip-{self.get_ident(request)}"


class LoginIPThrottle(AtomicRateThrottle):
    scope = "login_ip"


class LoginUsernameThrottle(BodyFieldThrottle):
    """Per attacked account, whatever address the attempts come from."""

    scope = "login_user"

    field = "username"

    def normalize(self, value):
        return unicodedata.normalize("NFKC", value.strip()).casefold()


class RegisterThrottle(AtomicRateThrottle):
    scope = "register"


class CommentWriteThrottle(UserOrIPThrottle):
    scope = "comment"
    methods = {"POST", "PATCH"}


class LikeThrottle(UserOrIPThrottle):
    scope = "like"
    methods = {"POST", "DELETE"}


class ReportThrottle(UserOrIPThrottle):
    scope = "report"
    methods = {"POST"}


class PreviewThrottle(UserOrIPThrottle):
    scope = "comment_preview"
    methods = {"POST"}


class ModerationThrottle(UserOrIPThrottle):
    """Bans and mutes (a stolen token should not ban or mute at machine speed)."""

    scope = "moderation"
    methods = {"POST", "DELETE"}
