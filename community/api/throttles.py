"""
The community API's throttles: each picks a scope and an identity; counting
(atomic, fixed-window) is ``core.throttling.AtomicRateThrottle``'s.
"""

import hashlib
import unicodedata

from core.throttling import AtomicRateThrottle


class UserOrIPThrottle(AtomicRateThrottle):
    """Signed-in callers by user id, others by address."""

    def get_identity(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"ip-{self.get_ident(request)}"


class LoginIPThrottle(AtomicRateThrottle):
    scope = "login_ip"


class LoginUsernameThrottle(AtomicRateThrottle):
    """Per attacked account, whatever address the attempts come from."""

    scope = "login_user"

    def get_identity(self, request, view):
        try:
            username = request.data.get("username")
        except Exception:  # unparsable body: the view answers 400
            return None
        if not isinstance(username, str) or not username.strip():
            return None
        normalized = unicodedata.normalize("NFKC", username.strip()).casefold()
        # Hashed: cache keys must not carry spaces or control characters.
        # surrogatepass: a lone surrogate in JSON ("\\ud800") must not turn into a 500 here.
        return hashlib.sha256(normalized.encode("utf-8", "surrogatepass")).hexdigest()[:32]


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
