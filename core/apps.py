from django.apps import AppConfig


class CoreConfig(AppConfig):
    """
    What every app shares and none owns: the response-cache mechanism, the
    content-change signal, job dispatch and common API errors. It imports no
    other Folio app, so the apps can all depend on it without depending on each
    other.
    """

    name = "core"

    def ready(self):
        from core import cache  # noqa: F401 (connects the API cache to content_changed)
