"""Federation routes (wired at the root by cms/urls.py): discovery and ``/ap/``."""

from django.urls import path

from fediverse import views

SLUG = "<str:slug>"

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo-links"),
    path("nodeinfo/2.1", views.nodeinfo, name="nodeinfo"),
    path("ap/inbox/", views.inbox_view, name="ap-shared-inbox"),
    path("ap/blog/", views.actor, name="ap-blog"),
    path("ap/blog/inbox/", views.inbox_view, name="ap-blog-inbox"),
    path("ap/blog/outbox/", views.outbox, name="ap-blog-outbox"),
    path("ap/blog/followers/", views.followers, name="ap-blog-followers"),
    path("ap/blog/following/", views.following, name="ap-blog-following"),
    path(f"ap/authors/{SLUG}/", views.actor, name="ap-author"),
    path(f"ap/authors/{SLUG}/inbox/", views.inbox_view, name="ap-author-inbox"),
    path(f"ap/authors/{SLUG}/outbox/", views.outbox, name="ap-author-outbox"),
    path(f"ap/authors/{SLUG}/followers/", views.followers, name="ap-author-followers"),
    path(f"ap/authors/{SLUG}/following/", views.following, name="ap-author-following"),
    path("ap/posts/<int:page_id>/", views.post, name="ap-post"),
    path("ap/posts/<int:page_id>/replies/", views.post_replies, name="ap-post-replies"),
    path("ap/comments/<int:comment_id>/", views.comment, name="ap-comment"),
]
