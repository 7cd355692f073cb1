"""
The Fediverse area of the Wagtail admin: followers of each actor, recent activities,
deliveries, and the blocked domains and actors (the one thing edited here). Replies
from the fediverse are moderated in Community → Comments, marked with their origin.
"""

import django_filters
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fediverse.models import Block, Delivery, Follower, LocalActor, ReceivedActivity


class RecordsOnly(ModelPermissionPolicy):
    """Records of what happened: listed, inspected and deleted, never added or edited."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RecordViewSet(SnippetViewSet):
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50


class FollowerFilterSet(WagtailFilterSet):
    actor = django_filters.ModelChoiceFilter(
        queryset=LocalActor.objects.select_related("author"), label="Actor"
    )

    class Meta:
        model = Follower
        fields = ["actor"]


class FollowerViewSet(RecordViewSet):
    model = Follower
    icon = "group"
    menu_label = "Followers"
    url_prefix = "fediverse/followers"
    filterset_class = FollowerFilterSet
    inspect_view_fields = ["actor", "remote", "follow_id", "created"]
    list_display = [
        Column("remote", label="Follower"),
        Column("actor", label="Follows"),
        Column("inbox", label="Delivered to", accessor=lambda f: f.remote.delivery_inbox),
        DateColumn("created"),
    ]

    def get_queryset(self, request):
        return Follower.objects.select_related("actor__author", "remote")


class ActivityFilterSet(WagtailFilterSet):
    type = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = ReceivedActivity
        fields = ["type"]


class ReceivedActivityViewSet(RecordViewSet):
    model = ReceivedActivity
    icon = "history"
    menu_label = "Recent activities"
    url_prefix = "fediverse/activities"
    filterset_class = ActivityFilterSet
    inspect_view_fields = ["activity_id", "type", "actor_id", "object_id", "outcome", "received"]
    ordering = ["-received"]
    list_display = [
        Column("type"),
        Column("actor_id", label="Actor"),
        Column("outcome"),
        DateColumn("received"),
    ]


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Delivery.Status.choices)

    class Meta:
        model = Delivery
        fields = ["status"]


class DeliveryViewSet(RecordViewSet):
    model = Delivery
    icon = "mail"
    menu_label = "Deliveries"
    url_prefix = "fediverse/deliveries"
    filterset_class = DeliveryFilterSet
    inspect_view_fields = [
        "actor",
        "inbox",
        "activity",
        "status",
        "attempts",
        "last_error",
        "created",
        "updated",
    ]
    ordering = ["-created"]
    list_display = [
        Column("type", label="Activity", accessor=lambda d: d.activity.get("type")),
        Column("inbox"),
        Column("status", accessor="get_status_display"),
        Column("attempts"),
        DateColumn("updated"),
    ]


class BlockViewSet(SnippetViewSet):
    model = Block
    icon = "cross"
    menu_label = "Blocks"
    url_prefix = "fediverse/blocks"
    copy_view_enabled = False
    list_display = [
        Column("domain"),
        Column("actor_id", label="Actor"),
        Column("reason"),
        DateColumn("created"),
    ]


class FediverseViewSetGroup(SnippetViewSetGroup):
    menu_label = "Fediverse"
    menu_icon = "globe"
    menu_order = 260
    items = (FollowerViewSet, ReceivedActivityViewSet, DeliveryViewSet, BlockViewSet)


for record in (Follower, ReceivedActivity, Delivery):
    register_permission_policy(record, RecordsOnly(record))
register_snippet(FediverseViewSetGroup)
