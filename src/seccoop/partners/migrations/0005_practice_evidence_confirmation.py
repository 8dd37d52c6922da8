"""Evidence of practice waits for confirmation when someone records it for another person.

Evidence already recorded stays confirmed: it has counted until now, the
records it came from do not say reliably who listed whom (an engagement keeps
no author), and the person or their supervisor chain may still decline any of
it from the person's page. New evidence is pending unless its writer says
otherwise, so the column default moves to "pending" once the rows are filled.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0003_record_version"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0004_history_of_links"),
        ("workforce", "0005_gap_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpracticeevidence",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalpracticeevidence",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who confirmed or declined it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalpracticeevidence",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who recorded the work that gave this evidence.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalpracticeevidence",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for confirmation"),
                    ("confirmed", "Confirmed"),
                    ("declined", "Declined"),
                ],
                default="confirmed",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="practiceevidence",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="practiceevidence",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who confirmed or declined it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="practiceevidence",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who recorded the work that gave this evidence.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="practiceevidence",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for confirmation"),
                    ("confirmed", "Confirmed"),
                    ("declined", "Declined"),
                ],
                default="confirmed",
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="practiceevidence",
            index=models.Index(fields=["status", "person"], name="practice_status_idx"),
        ),
        # Existing rows were filled with "confirmed" above; from now on the default is "pending".
        migrations.AlterField(
            model_name="historicalpracticeevidence",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for confirmation"),
                    ("confirmed", "Confirmed"),
                    ("declined", "Declined"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="practiceevidence",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for confirmation"),
                    ("confirmed", "Confirmed"),
                    ("declined", "Declined"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
    ]
