"""Permissions for community objects. The rules themselves are the model's
(``Comment.can_edit``, ``Comment.can_delete``), so the API, its serializers and the
services agree; the moderator rule lives in ``community.roles``."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from community.services import NOT_YOURS


class IsOwnerOrModeratorCanDelete(BasePermission):
    """Anyone who can see a comment may read it; its author may edit it; its author
    or a moderator may delete it."""

    message = NOT_YOURS

    def has_object_permission(self, request, view, comment):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return comment.can_delete(request.user)
        return comment.can_edit(request.user)
