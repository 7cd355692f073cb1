"""Permissions for community objects; the moderator rule itself lives in ``community.roles``."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from community import roles


class IsOwnerOrModeratorCanDelete(BasePermission):
    """Anyone who can see a comment may read it; its author may edit it; its author
    or a moderator may delete it."""

    message = "You can only change your own comments."

    def has_object_permission(self, request, view, comment):
        if request.method in SAFE_METHODS:
            return True
        is_owner = request.user.is_authenticated and comment.author_id == request.user.pk
        if request.method == "DELETE":
            return is_owner or roles.is_moderator(request.user)
        return is_owner
