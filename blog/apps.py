from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"

    def ready(self):
        from blog import purge, signals, tags  # noqa: F401 (connect the receivers)

        purge.disconnect_wagtail_receivers()
