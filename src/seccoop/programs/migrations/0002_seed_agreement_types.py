"""The usual kinds of international agreement; administrators add others."""

from django.db import migrations

AGREEMENT_TYPES = [
    ("mou", "Memorandum of understanding"),
    ("project-arrangement", "Project arrangement"),
    ("emta", "Equipment and material transfer arrangement"),
    ("loan-agreement", "Loan agreement"),
    ("iep-annex", "Information exchange program annex"),
]


def seed(apps, schema_editor):
    AgreementType = apps.get_model("programs", "AgreementType")
    for slug, name in AGREEMENT_TYPES:
        AgreementType.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
