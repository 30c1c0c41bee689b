"""Unit moves from organisation to core without moving its data: the table `organisation_unit` stays (Meta.db_table);
only Django's state changes, and the content type is renamed so that permissions on units keep their rows.
"""

import django.db.models.deletion
from django.db import migrations, models


def _rename(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=new, model="unit").exists():
        return
    content_type.objects.filter(app_label=old, model="unit").update(app_label=new)


def move_content_type(apps, schema_editor):
    _rename(apps, "organisation", "core")


def move_content_type_back(apps, schema_editor):
    _rename(apps, "core", "organisation")


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_initial'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Unit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('kind', models.CharField(choices=[('leadership', 'Leadership'), ('office', 'Office'), ('department', 'Department (phòng)'), ('board', 'Board (ban)'), ('commune', 'Commune or town'), ('other', 'Other unit')], default='department', max_length=12, verbose_name='kind')),
                        ('functions', models.TextField(blank=True, max_length=1000, verbose_name='functions')),
                        ('address', models.CharField(blank=True, max_length=255, verbose_name='address')),
                        ('phone', models.CharField(blank=True, max_length=60, verbose_name='phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='core.unit', verbose_name='part of')),
                    ],
                    options={
                        'verbose_name': 'unit',
                        'verbose_name_plural': 'units',
                        'db_table': 'organisation_unit',
                        'ordering': ['sort_order', 'name'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
