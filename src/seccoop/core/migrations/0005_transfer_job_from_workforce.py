# The transfer job of the workforce app, now core's for every app's tables. It
# keeps its table (workforce_transferjob) and rows: the model enters core's
# state without touching the database, then its `kind` widens to hold a table's
# full name (controls.disclosure-requests).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_client_certificates"),
        ("workforce", "0009_transfer_job_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TransferJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "direction",
                            models.CharField(
                                choices=[("import", "Import"), ("export", "Export")],
                                max_length=6,
                            ),
                        ),
                        ("kind", models.CharField(max_length=20)),
                        ("filename", models.CharField(max_length=255)),
                        ("file_format", models.CharField(blank=True, max_length=4)),
                        ("content", models.BinaryField(blank=True, default=b"")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("waiting", "Waiting for a worker"),
                                    ("running", "Running"),
                                    ("succeeded", "Done"),
                                    ("failed", "Failed"),
                                ],
                                default="waiting",
                                max_length=10,
                            ),
                        ),
                        ("stage", models.CharField(blank=True, max_length=20)),
                        ("rows_done", models.PositiveIntegerField(default=0)),
                        ("rows_total", models.PositiveIntegerField(default=0)),
                        ("outcome", models.TextField(blank=True)),
                        ("problems", models.JSONField(blank=True, default=list)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "db_table": "workforce_transferjob",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="kind",
            field=models.CharField(max_length=60),
        ),
    ]
