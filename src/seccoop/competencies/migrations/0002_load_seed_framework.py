from django.db import migrations


def load(apps, schema_editor):
    from seccoop.competencies.seed import load_seed_framework

    load_seed_framework(
        Framework=apps.get_model("competencies", "Framework"),
        Competency=apps.get_model("competencies", "Competency"),
        ProficiencyScale=apps.get_model("competencies", "ProficiencyScale"),
        ProficiencyLevel=apps.get_model("competencies", "ProficiencyLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
