"""
Newsletter emails: the confirmation email, a post as subscribers get it, and the
signed links they carry.

A post is rendered once per send (``PostEmail``); each message only adds the
subscriber's one-click unsubscribe link (RFC 8058 ``List-Unsubscribe`` with an https
URL and a mailto, and ``List-Unsubscribe-Post``). Mail clients ignore ``<style>``
and external CSS, so the HTML carries inline styles, added to the post's sanitized
HTML by nh3 itself.
"""

from email.utils import parseaddr

import nh3
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from blog import markdown
from blog.serializers import SOCIAL_FILTER, rendition
from core.urls import absolute_url
from newsletter.models import Subscriber

UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def confirm_url(token):
    """The frontend page that confirms (it POSTs the token to the API)."""
    return f"{settings.FRONTEND_URL}/newsletter/confirm/?token={token}"


def unsubscribe_token(subscriber_id):
    return signing.dumps(subscriber_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The subscriber of a valid token, else None (tampered or unknown)."""
    try:
        subscriber_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=subscriber_id).first() if isinstance(subscriber_id, int) else None


def unsubscribe_url(subscriber_id):
    """The one-click URL (the API's own origin: mail providers POST to it directly)."""
    path = reverse("newsletter-unsubscribe", kwargs={"token": unsubscribe_token(subscriber_id)})
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + path


def unsubscribe_mailto():
    return settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def send_confirmation_email(subscriber, token, connection=None):
    """The email with the link that confirms ``subscriber``."""
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "url": confirm_url(token),
        "hours": settings.NEWSLETTER_CONFIRM_MAX_AGE_HOURS,
    }
    EmailMultiAlternatives(
        f"Confirm your subscription to {settings.WAGTAIL_SITE_NAME}",
        render_to_string("newsletter/email/confirm.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


def post_url(post):
    """The post on the site (the frontend serves the page tree's paths)."""
    parts = post.get_url_parts()
    return settings.FRONTEND_URL + (parts[2] if parts else "/")


# Mail clients drop <style> and external CSS: each element carries its own.
EMAIL_STYLES = {
    "h2": {"style": "font-size:22px;line-height:1.3;margin:28px 0 12px"},
    "h3": {"style": "font-size:18px;line-height:1.3;margin:24px 0 8px"},
    "p": {"style": "margin:0 0 16px"},
    "a": {"style": "color:#1d4ed8"},
    "img": {"style": "max-width:100%;height:auto;border:0"},
    "pre": {"style": "background:#f3f4f6;padding:12px;overflow:auto;font-size:14px;line-height:1.45"},
    "code": {"style": "font-family:Menlo,Consolas,monospace;font-size:14px"},
    "blockquote": {"style": "margin:0 0 16px;padding-left:16px;border-left:4px solid #d1d5db;color:#4b5563"},
    "table": {"style": "border-collapse:collapse;margin:0 0 16px"},
    "th": {"style": "border:1px solid #d1d5db;padding:6px 10px;text-align:left"},
    "td": {"style": "border:1px solid #d1d5db;padding:6px 10px"},
}


def _absolute_links(tag, attribute, value):
    # Site-relative links in a post point at the site, not at the mailbox.
    if attribute == "href" and value.startswith("/") and not value.startswith("//"):
        return settings.FRONTEND_URL + value
    return markdown._absolute_media(tag, attribute, value)


def email_html(body_html):
    """The post's sanitized HTML (as the API serves it) with inline styles and absolute links."""
    attributes = {tag: set(allowed) for tag, allowed in markdown.ALLOWED_ATTRIBUTES.items()}
    for tag in EMAIL_STYLES:
        attributes.setdefault(tag, set()).add("style")
    return nh3.clean(
        body_html,
        tags=markdown.ALLOWED_TAGS,
        attributes=attributes,
        url_schemes=markdown.URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=EMAIL_STYLES,
        attribute_filter=_absolute_links,
    )


class PostEmail:
    """A post rendered once for its send; ``message(subscriber)`` adds the per-address parts."""

    def __init__(self, post):
        hero = rendition(post.hero_image, SOCIAL_FILTER) if post.hero_image_id else None
        self.subject = post.title
        self.context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "title": post.title,
            "excerpt": post.excerpt,
            "hero_url": absolute_url(hero.url) if hero else "",
            "hero_alt": post.hero_alt,
            "body_html": email_html(markdown.render_markdown_cached(post.body)),
            "body_text": post.body,
            "post_url": post_url(post),
            "authors": ", ".join(author.name for author in post.authors),
        }
        self.mailto = unsubscribe_mailto()

    def message(self, subscriber_id, email, connection=None):
        """The email to one subscriber, with their own unsubscribe link."""
        url = unsubscribe_url(subscriber_id)
        context = {**self.context, "unsubscribe_url": url}
        message = EmailMultiAlternatives(
            self.subject,
            render_to_string("newsletter/email/post.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{url}>, <mailto:{self.mailto}?subject=unsubscribe>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(render_to_string("newsletter/email/post.html", context), "text/html")
        return message


def send_test_email(post, user):
    """The post (a draft, say) as subscribers would get it, to ``user`` alone; its
    unsubscribe link is a dummy one (signed for no subscriber)."""
    PostEmail(post).message(0, user.email).send()
