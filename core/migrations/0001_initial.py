"""PortalSettings moves from the shell (portal) to the toolkit (core) without moving its data.

The table `portal_portalsettings` stays where it is (the model names it in Meta.db_table): this migration only
tells Django's state that core now owns it, and renames the content type so that the groups' permissions on the
settings (change_portalsettings) keep pointing at the same row.
"""

import django.db.models.deletion
from django.db import migrations, models


def _rename(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=new, model="portalsettings").exists():
        return
    content_type.objects.filter(app_label=old, model="portalsettings").update(app_label=new)


def move_content_type(apps, schema_editor):
    _rename(apps, "portal", "core")


def move_content_type_back(apps, schema_editor):
    _rename(apps, "core", "portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('portal', '0004_vietnamese_default_workflow'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PortalSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('portal_title', models.CharField(default='Trang thông tin điện tử', help_text="Shown above the unit's name in the page header.", max_length=120, verbose_name='portal title')),
                        ('unit_level', models.CharField(choices=[('province', 'Province'), ('city', 'City'), ('district', 'District'), ('town', 'Town'), ('urban_district', 'Urban district'), ('commune', 'Commune'), ('ward', 'Ward'), ('special_zone', 'Special zone')], default='district', max_length=20, verbose_name='administrative level')),
                        ('unit_name', models.CharField(default='Mường Tè', help_text='The name without its level, e.g. “Mường Tè”.', max_length=120, verbose_name='unit name')),
                        ('authority_name', models.CharField(blank=True, help_text='E.g. “UBND huyện Mường Tè”. Left empty, it is made from the level and the name.', max_length=160, verbose_name="people's committee")),
                        ('address', models.CharField(blank=True, max_length=255, verbose_name='address')),
                        ('phone', models.CharField(blank=True, max_length=60, verbose_name='phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('editor_in_charge', models.CharField(blank=True, help_text="Name and position of the person responsible for the portal's content.", max_length=160, verbose_name='responsible for content')),
                        ('licence', models.CharField(blank=True, help_text='Operating licence number and issuing body.', max_length=255, verbose_name='licence')),
                        ('comments_enabled', models.BooleanField(default=True, help_text='Readers may comment on articles.', verbose_name='comments enabled')),
                        ('ratings_enabled', models.BooleanField(default=True, help_text='Readers may rate articles.', verbose_name='ratings enabled')),
                        ('comment_premoderation', models.BooleanField(default=True, help_text='New comments stay hidden until a moderator approves them.', verbose_name='Moderate comments before publishing')),
                        ('banned_words', models.TextField(blank=True, help_text='One word or phrase per line; a comment containing one is marked as spam.', verbose_name='banned words')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'portal settings',
                        'db_table': 'portal_portalsettings',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
