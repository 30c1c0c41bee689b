"""Personal data only for those given it: whether an answered question shows the asker's name is the asker's
choice (existing questions: not shown from now on), and the permission to see the contact form's submissions.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0002_alter_question_unit'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='contactpage',
            options={'permissions': [('view_contact_submissions', "Can view and export the contact form's submissions")], 'verbose_name': 'contact page'},
        ),
        migrations.AddField(
            model_name='question',
            name='show_name',
            field=models.BooleanField(default=False, help_text="The asker's choice: their name is shown with the published answer. Otherwise it is hidden.", verbose_name='show the name'),
        ),
        migrations.AlterField(
            model_name='question',
            name='published',
            field=models.BooleanField(default=False, help_text="Show the question and its answer on the portal. The asker's email and phone are never shown, their name only if they chose so.", verbose_name='published'),
        ),
    ]
