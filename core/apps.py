from django.apps import AppConfig


class CoreConfig(AppConfig):
    """
    What every app shares and none owns: the response-cache mechanism, job
    dispatch, common API errors and absolute URLs. It imports no other Folio
    app, so the apps can all depend on it without depending on each other.
    """

    name = "core"
