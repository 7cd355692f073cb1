from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from community import password_reset, signals  # noqa: F401 (receivers, Celery task)
