"""Who may do what. One place for the moderator rule, so the API and the admin agree."""

MODERATOR_GROUPS = ("Moderators", "Editors")
AUTHOR_GROUP = "Authors"


def _group_names(user):
    # Cached on the user object: a request asks several times.
    names = getattr(user, "_community_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._community_group_names = names
    return names


def is_moderator(user):
    """Moderators are superusers and members of the Wagtail groups Moderators or Editors."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & set(MODERATOR_GROUPS))


def can_write(user):
    """Members of Authors (and moderators/editors, who may also write)."""
    if user is None or not user.is_authenticated:
        return False
    return is_moderator(user) or AUTHOR_GROUP in _group_names(user)
