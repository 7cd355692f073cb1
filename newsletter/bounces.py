"""
SES bounces and complaints suppress the address.

SES publishes them to an SNS topic that POSTs to ``/api/newsletter/ses-events/``:
django-ses's ``SESEventWebhookView`` verifies the SNS signature (the signing
certificate is fetched from an ``amazonaws.com`` URL and checked) and the topic, then
sends ``bounce_received`` / ``complaint_received``. A permanent bounce or any
complaint suppresses the address; a transient bounce (mailbox full) does not.
"""

from django.conf import settings
from django.dispatch import receiver
from django_ses import signals as ses_signals
from django_ses.utils import get_emails_from_complaint_obj, get_permanent_bounced_emails_from_bounce_obj
from django_ses.views import SESEventWebhookView

from newsletter import subscriptions


class NewsletterSESWebhookView(SESEventWebhookView):
    """django-ses's webhook, refusing every topic until ``AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS``
    names ours (django-ses accepts any topic when it is empty: anyone's signed SNS message)."""

    def verify_event_topic(self, notification):
        return bool(settings.AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS) and super().verify_event_topic(notification)


@receiver(ses_signals.bounce_received)
def suppress_bounced(sender, bounce_obj, **kwargs):
    subscriptions.suppress(get_permanent_bounced_emails_from_bounce_obj(bounce_obj), "bounce")


@receiver(ses_signals.complaint_received)
def suppress_complained(sender, complaint_obj, **kwargs):
    subscriptions.suppress(get_emails_from_complaint_obj(complaint_obj), "complaint")
