import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser with a random password on first run and say how to sign in. "
        "The password is kept in var/admin-password.txt (never committed)."
    )

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@folio.local", password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if password_file.exists():
            self.stdout.write(
                f"Sign in at {admin_url} as 'admin' with the password in {password_file} "
                f"({password_file.read_text().strip()})"
            )
        else:
            self.stdout.write(f"Sign in at {admin_url} with your existing superuser.")
