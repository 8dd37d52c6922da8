# The transfer job moved to core (core 0005_transfer_job_from_workforce), which
# takes over its table: only the state changes here, the rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0008_position_billet_attributes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TransferJob")],
            database_operations=[],
        ),
    ]
