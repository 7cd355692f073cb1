"""OpenAPI schema hooks."""

EXCLUDED_PREFIXES = ("/api/v2/", "/admin/", "/django-admin/", "/documents/")


def exclude_non_community_paths(endpoints, **kwargs):
    """Wagtail's own API v2 and admin views are not DRF-describable (schema generation
    errors on them and their operationIds collide): document the community API only."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith(EXCLUDED_PREFIXES)]
