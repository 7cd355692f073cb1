"""
The Newsletter area of the Wagtail admin: subscribers (topics, state, filters, CSV
export) and per-post sends (recipients, sent, failed, bounced), plus a "Send me a
test email" button on each post that emails the editor the latest draft.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import BlogPage
from newsletter import emails
from newsletter.models import Send, Subscriber


class SubscriberFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(choices=Subscriber.State.choices)
    topic = django_filters.CharFilter(
        field_name="topics__key", label="Topic (blog, author:<slug>, tag:<slug>)"
    )

    class Meta:
        model = Subscriber
        fields = ["state", "topic"]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Subscribers"
    url_prefix = "newsletter/subscribers"
    filterset_class = SubscriberFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    search_fields = ["email"]
    list_display = [
        "email",
        Column("state", label="State", accessor="get_state_display"),
        Column("topics", label="Topics", accessor="topics_text"),
        DateColumn("created_at", label="Subscribed"),
        DateColumn("confirmed_at", label="Confirmed"),
    ]
    list_export = ["email", "state", "topics_text", "created_at", "confirmed_at", "suppressed_reason"]
    export_headings = {"topics_text": "Topics"}
    export_filename = "newsletter-subscribers"
    form_fields = ["email", "state", "suppressed_reason"]

    def get_queryset(self, request):
        return Subscriber.objects.prefetch_related("topics")


class SendViewSet(SnippetViewSet):
    model = Send
    icon = "mail"
    menu_label = "Sends"
    url_prefix = "newsletter/sends"
    copy_view_enabled = False
    add_to_admin_menu = False
    list_per_page = 50
    list_display = [
        TitleColumn(
            "post",
            label="Post",
            accessor=lambda send: send.post.title,
            get_url=lambda send: reverse("wagtailadmin_pages:edit", args=[send.post_id]),
        ),
        DateColumn("created_at", label="Started"),
        Column("recipients", label="Recipients"),
        Column("sent", label="Sent"),
        Column("failed", label="Failed"),
        Column("bounced", label="Bounced"),
        DateColumn("finished_at", label="Finished"),
    ]
    list_export = ["post", "created_at", "recipients", "sent", "failed", "bounced", "finished_at"]
    export_filename = "newsletter-sends"

    def get_queryset(self, request):
        return Send.objects.with_counts().select_related("post")


class NewsletterViewSetGroup(SnippetViewSetGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 260
    items = (SubscriberViewSet, SendViewSet)


register_snippet(NewsletterViewSetGroup)


@require_http_methods(["GET", "POST"])
def test_email_view(request, page_id):
    """GET asks, POST emails the requesting editor the post's latest draft as subscribers would see it."""
    page = get_object_or_404(BlogPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if not request.user.email:
        messages.error(request, "Your account has no email address.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "POST":
        emails.send_test_email(page.get_latest_revision_as_object(), request.user)
        messages.success(request, f"Test email sent to {request.user.email}.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "newsletter/admin/test_email.html", {"page": page})


@hooks.register("register_admin_urls")
def register_test_email_url():
    return [path("newsletter/test-email/<int:page_id>/", test_email_view, name="newsletter_test_email")]


@hooks.register("register_page_header_buttons")
def test_email_button(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, BlogPage) or not page.permissions_for_user(user).can_edit():
        return []
    url = reverse("newsletter_test_email", args=[page.pk])
    return [HeaderButton("Send me a test email", url, icon_name="mail", priority=95)]
