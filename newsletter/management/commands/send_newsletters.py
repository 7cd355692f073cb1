"""``manage.py send_newsletters``: resume unfinished sends (run from cron, e.g. every 5 minutes)."""

from django.core.management.base import BaseCommand

from newsletter.tasks import resume_sends


class Command(BaseCommand):
    help = "Send every newsletter delivery that is due (retries, sends a lost task left unfinished)."

    def handle(self, *args, **options):
        resume_sends()
