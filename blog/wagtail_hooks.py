"""Admin wiring for the blog: authors as snippets, icons for the Markdown editor."""

from django.templatetags.static import static
from django.utils.html import format_html_join
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)


@hooks.register("insert_global_admin_css")
def markdown_editor_icons():
    # EasyMDE's toolbar uses Font Awesome 4 class names; serve Font Awesome
    # Free from our own static files rather than letting it load from a CDN.
    stylesheets = [
        "fontawesomefree/css/fontawesome.min.css",
        "fontawesomefree/css/solid.min.css",
        "fontawesomefree/css/v4-shims.min.css",
    ]
    links = ((static(path),) for path in stylesheets)
    return format_html_join("", '<link rel="stylesheet" href="{}">', links)
