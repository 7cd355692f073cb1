"""Newsletter routes, included under ``/api/newsletter/`` (trailing slash optional, as the community API)."""

from django.urls import re_path

from newsletter.api import views
from newsletter.bounces import NewsletterSESWebhookView

urlpatterns = [
    re_path(r"^subscribe/?$", views.SubscribeView.as_view(), name="newsletter-subscribe"),
    re_path(r"^confirm/?$", views.ConfirmView.as_view(), name="newsletter-confirm"),
    re_path(r"^me/?$", views.MySubscriptionView.as_view(), name="newsletter-me"),
    re_path(r"^unsubscribe/(?P<token>[^/]+)/$", views.unsubscribe, name="newsletter-unsubscribe"),
    re_path(r"^ses-events/?$", NewsletterSESWebhookView.as_view(), name="newsletter-ses-events"),
]
