"""Wagtail's migrations store its default workflow with an English name, which the admin shows as data.
Give it the Vietnamese name editors see everywhere else (issue 8)."""

from django.db import migrations

NAMES = {"Moderators approval": "Kiểm duyệt trước khi xuất bản"}


def rename(apps, schema_editor, names):
    for model in ("Workflow", "Task"):
        Model = apps.get_model("wagtailcore", model)
        for old, new in names.items():
            Model.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_feedback_settings"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: rename(apps, editor, NAMES),
            lambda apps, editor: rename(apps, editor, {v: k for k, v in NAMES.items()}),
        )
    ]
