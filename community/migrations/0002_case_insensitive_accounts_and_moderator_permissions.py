"""
- Usernames and (non-empty) emails unique regardless of case, enforced by the
  database so simultaneous registrations cannot both win.
- Moderators and Editors may work the comment queue in the Wagtail admin.
"""

from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("comment", "view"), ("comment", "change"),
    ("report", "view"), ("report", "change"),
    ("writerrequest", "view"), ("writerrequest", "change"),
    ("communitysettings", "change"),
]  # fmt: skip


def grant_moderators(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for name in ("Moderators", "Editors"):
        group, _ = Group.objects.get_or_create(name=name)
        for model, action in MODERATOR_PERMISSIONS:
            content_type, _ = ContentType.objects.get_or_create(app_label="community", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("home", "0002_site_root_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX community_username_ci ON auth_user (LOWER(username))",
            "DROP INDEX community_username_ci",
        ),
        migrations.RunSQL(
            "CREATE UNIQUE INDEX community_email_ci ON auth_user (LOWER(email)) WHERE email <> ''",
            "DROP INDEX community_email_ci",
        ),
        migrations.RunPython(grant_moderators, migrations.RunPython.noop),
    ]
