from django.contrib.staticfiles.apps import StaticFilesConfig


class FolioStaticFilesConfig(StaticFilesConfig):
    """
    collectstatic without the ~80 MB of Font Awesome sources we never serve (only
    its CSS and webfonts are used). Django matches directory patterns against
    folder names, and no other app ships folders with these names.
    """

    ignore_patterns = StaticFilesConfig.ignore_patterns + [
        "svgs",
        "sprites",
        "js-packages",
        "less",
        "scss",
        "metadata",
        "otfs",
    ]
