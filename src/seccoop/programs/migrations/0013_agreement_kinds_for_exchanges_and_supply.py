"""Three more kinds of agreement the directorate negotiates, with where each comes from.

- A personnel exchange annex places exchange personnel (ESEP, the Defense Personnel
  Exchange Program) under a master exchange agreement: DoDD 5230.20 and DoDI 5530.03.
- A reciprocal defense procurement memorandum of understanding lets each party's firms
  compete for the other's defense contracts: DFARS 225.872-1 lists the countries that
  hold one.
- A security of supply arrangement is a non-binding arrangement for priority delivery of
  defense goods and services in both directions, under a Declaration of Principles
  (OUSD(A&S) Industrial Base Policy, "Security of Supply"; CRS In Focus IF11894).
"""

from django.db import migrations

KINDS = [
    (
        "pep-annex",
        "Personnel exchange program annex",
        "Places exchange personnel under a master exchange agreement (DoDD 5230.20; DoDI 5530.03).",
    ),
    (
        "rdp-mou",
        "Reciprocal defense procurement memorandum of understanding",
        "Lets each party's firms compete for the other's defense contracts "
        "(DFARS 225.872-1 lists the qualifying countries).",
    ),
    (
        "sosa",
        "Security of supply arrangement",
        "Non-binding: each side may ask for priority delivery of the other's defense goods "
        "and services (OUSD(A&S) Industrial Base Policy; CRS In Focus IF11894).",
    ),
]


def add_kinds(apps, schema_editor):
    AgreementType = apps.get_model("programs", "AgreementType")
    for slug, name, description in KINDS:
        AgreementType.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


def remove_unused_kinds(apps, schema_editor):
    AgreementType = apps.get_model("programs", "AgreementType")
    AgreementType.objects.filter(
        slug__in=[slug for slug, _, _ in KINDS], agreements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0012_cwp_def_content_and_funding_execution"),
    ]

    operations = [migrations.RunPython(add_kinds, remove_unused_kinds)]
