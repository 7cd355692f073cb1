"""
The moderation side in the Wagtail admin: a Community menu (comments, reports,
requests to write) with filters and bulk actions, a "Comments" button on each
post, and a dashboard panel on the admin home.
"""

import django_filters
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from blog.models import BlogPage
from community import dashboard, roles, services
from community.models import Ban, Comment, Report, WriterRequest


def post_column():
    return TitleColumn(
        "post",
        label="Post",
        accessor=lambda obj: obj.post.title,
        get_url=lambda obj: reverse("wagtailadmin_pages:edit", args=[obj.post_id]),
    )


# --- Comments ----------------------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Comment.Status.choices)
    reported = django_filters.BooleanFilter(label="Has open reports", method="filter_reported")
    post = django_filters.ModelChoiceFilter(
        queryset=BlogPage.objects.order_by("title"), field_name="post", label="Post"
    )
    author = django_filters.CharFilter(
        field_name="author__username", lookup_expr="iexact", label="Author (username)"
    )
    deleted = django_filters.BooleanFilter(field_name="is_deleted", label="Deleted")
    remote = django_filters.BooleanFilter(
        field_name="remote_id", lookup_expr="isnull", exclude=True, label="From the fediverse"
    )

    class Meta:
        model = Comment
        fields = ["status", "reported", "post", "author", "deleted", "remote"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        open_reports = Q(reports__status=Report.Status.OPEN)
        ids = Comment.objects.filter(open_reports).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class CommentEditView(EditView):
    """The edit form moderates as the bulk actions do: a status set to visible or hidden
    goes through ``community.services``, which settles the comment's open reports (and,
    for a held comment, sends the emails it owes); the form saves the rest."""

    MODERATE = {
        Comment.Status.VISIBLE: services.approve_comments,
        Comment.Status.HIDDEN: services.hide_comments,
    }

    def save_instance(self):
        before, after = self.form.initial.get("status"), self.form.instance.status
        moderate = self.MODERATE.get(after) if after != before else None
        with transaction.atomic():
            if moderate:
                self.form.instance.status = before  # the service sees the change it makes
            instance = super().save_instance()
            if moderate:
                moderate([instance])
        return instance


class CommentViewSet(SnippetViewSet):
    model = Comment
    edit_view_class = CommentEditView
    icon = "comment"
    menu_label = "Comments"
    url_prefix = "community/comments"
    filterset_class = CommentFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "post", "author", "remote_author", "remote_id", "parent", "body", "status", "held_reason",
        "is_deleted", "created", "edited_at", "pinned_at", "previous_versions",
    ]  # fmt: skip
    list_per_page = 50
    ordering = ["-created"]
    list_display = [
        TitleColumn(
            "excerpt",
            label="Comment",
            accessor=lambda c: "[deleted]" if c.is_deleted else Truncator(c.body).chars(80),
            get_url=lambda c: reverse("wagtailsnippets_community_comment:inspect", args=[c.pk]),
        ),
        UserColumn("author"),
        Column("origin", label="Origin", accessor="origin"),
        post_column(),
        Column("status", accessor="get_status_display"),
        Column("held_reason", label="Held because"),
        Column("open_report_count", label="Open reports"),
        DateColumn("created"),
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("post", "author", "remote_author").with_report_info()


class ModerateComments(SnippetBulkAction):
    """A bulk moderation action on comments: ``operation`` is the ``community.services``
    function applied to the selection (which also settles the comments' open reports)."""

    models = [Comment]
    template_name = "community/bulk_confirm.html"
    operation = None

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", comment)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        objects = list(objects)
        cls.operation(objects)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} comment(s): {self.display_name.lower()}d."


class ApproveComments(ModerateComments):
    """Approve; open reports are dismissed."""

    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    operation = staticmethod(services.approve_comments)
    action_priority = 10


class HideComments(ModerateComments):
    """Hide; open reports are resolved."""

    display_name = "Hide"
    action_type = "hide"
    aria_label = "Hide the selected comments"
    operation = staticmethod(services.hide_comments)
    action_priority = 20


class DeleteComments(ModerateComments):
    """Soft delete: replies keep their place under a "[deleted]" comment; open reports
    are resolved."""

    display_name = "Soft delete"
    action_type = "soft_delete"
    aria_label = "Delete the selected comments"
    operation = staticmethod(services.delete_comments)
    action_priority = 30
    classes = {"serious"}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} comment(s) deleted."


# --- Reports -----------------------------------------------------------------


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Report.Status.choices)

    class Meta:
        model = Report
        fields = ["status"]


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = "Reports"
    url_prefix = "community/reports"
    filterset_class = ReportFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["comment", "reporter", "reason", "status", "created"]
    list_display = [
        TitleColumn(
            "reason",
            label="Reason",
            accessor=lambda r: Truncator(r.reason).chars(80),
            get_url=lambda r: reverse("wagtailsnippets_community_report:edit", args=[r.pk]),
        ),
        TitleColumn(
            "comment",
            label="Comment",
            accessor=lambda r: "[deleted]" if r.comment.is_deleted else Truncator(r.comment.body).chars(60),
            get_url=lambda r: reverse("wagtailsnippets_community_comment:inspect", args=[r.comment_id]),
        ),
        UserColumn("reporter"),
        Column("status", accessor="get_status_display"),
        DateColumn("created"),
    ]

    def get_queryset(self, request):
        return Report.objects.select_related("comment", "reporter")


# --- Requests to write ------------------------------------------------------------


class WriterRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=WriterRequest.Status.choices)

    class Meta:
        model = WriterRequest
        fields = ["status"]


class WriterRequestViewSet(SnippetViewSet):
    model = WriterRequest
    icon = "user"
    menu_label = "Requests to write"
    url_prefix = "community/writer-requests"
    filterset_class = WriterRequestFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [UserColumn("user"), "message", Column("status", accessor="get_status_display"), "created"]


class DecideWriterRequests(SnippetBulkAction):
    models = [WriterRequest]
    template_name = "community/bulk_confirm.html"
    decision = None

    def check_perm(self, request_obj):
        return request_obj.status == WriterRequest.Status.PENDING and roles.is_moderator(self.request.user)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        with transaction.atomic():
            for request_obj in objects:
                getattr(request_obj, cls.decision)(user)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} request(s) {self.decision}d."


class ApproveWriterRequests(DecideWriterRequests):
    display_name = "Approve: make Author"
    action_type = "approve_writer"
    aria_label = "Approve the selected requests"
    decision = "approve"


class DeclineWriterRequests(DecideWriterRequests):
    display_name = "Decline"
    action_type = "decline_writer"
    aria_label = "Decline the selected requests"
    decision = "decline"


# --- Bans ---------------------------------------------------------------------------


class BanViewSet(SnippetViewSet):
    """Moderators ban readers from commenting and liking (also ``POST /api/moderation/bans/``)."""

    model = Ban
    icon = "warning"
    menu_label = "Bans"
    url_prefix = "community/bans"
    copy_view_enabled = False
    list_display = [UserColumn("user"), "until", "reason", UserColumn("created_by", label="By"), "created"]
    ordering = ["-created"]

    def get_queryset(self, request):
        return Ban.objects.select_related("user", "created_by")


class CommunityViewSetGroup(SnippetViewSetGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 250
    items = (CommentViewSet, ReportViewSet, WriterRequestViewSet, BanViewSet)


register_snippet(CommunityViewSetGroup)

for action in (ApproveComments, HideComments, DeleteComments, ApproveWriterRequests, DeclineWriterRequests):
    hooks.register("register_bulk_action", action)


# --- Per-post button and dashboard ------------------------------------------------


@hooks.register("after_create_snippet")
def record_who_banned(request, instance):
    if isinstance(instance, Ban) and instance.created_by_id is None:
        Ban.objects.filter(pk=instance.pk).update(created_by=request.user)


@hooks.register("register_page_header_buttons")
def post_comments_button(page, user, view_name, next_url=None):
    """A "Comments (n)" button on each post, opening the queue filtered to that post."""
    if not isinstance(page.specific_deferred, BlogPage) or not roles.is_moderator(user):
        return []
    count = Comment.objects.filter(post_id=page.pk, is_deleted=False).count()
    url = reverse("wagtailsnippets_community_comment:list") + f"?post={page.pk}"
    return [HeaderButton(f"Comments ({count})", url, icon_name="comment", priority=90)]


class ModerationPanel(Component):
    """Comments and likes per day for 30 days, and what waits for a moderator."""

    name = "community_moderation"
    template_name = "community/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        data = dashboard.summary()
        data["charts"] = [
            {
                "key": "comments",
                "label": "comments",
                "bars": data["comment_bars"],
                "total": data["comments_total"],
                "colour": "#2e6ca4",
            },
            {
                "key": "likes",
                "label": "likes",
                "bars": data["like_bars"],
                "total": data["likes_total"],
                "colour": "#c2410c",
            },
        ]
        data["comments_url"] = reverse("wagtailsnippets_community_comment:list")
        data["reports_url"] = reverse("wagtailsnippets_community_report:list")
        data["writer_requests_url"] = reverse("wagtailsnippets_community_writerrequest:list")
        return data


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if roles.is_moderator(request.user):
        panels.append(ModerationPanel())
