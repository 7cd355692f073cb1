"""The admin's two-factor pages (under /admin/2fa/) and a link to them in the account menu."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [path("2fa/", include("twofactor.urls"))]


@hooks.register("register_settings_menu_item")
def register_twofactor_menu_item():
    return MenuItem("Two-factor sign-in", reverse("twofactor_setup"), icon_name="lock", order=10000)
