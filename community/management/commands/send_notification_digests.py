"""Send community email digests whose window has closed (cron, where no Celery worker runs)."""

from django.core.management.base import BaseCommand

from community import notifications
from community.tasks import send_due_digests


class Command(BaseCommand):
    help = "Send the community email digests that are due."

    def handle(self, *args, **options):
        due = notifications.due_windows().count()
        send_due_digests()
        self.stdout.write(f"{due} digest(s) due.")
