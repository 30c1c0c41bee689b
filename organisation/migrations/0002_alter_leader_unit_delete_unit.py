"""Unit moved to core (core/migrations/0002_unit.py) with its table: state only.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_unit'),
        ('organisation', '0001_initial'),
        ('questions', '0002_alter_question_unit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='leader',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='leaders', to='core.unit', verbose_name='unit'),
                ),
                migrations.DeleteModel(
                    name='Unit',
                ),
            ],
            database_operations=[],
        ),
    ]
