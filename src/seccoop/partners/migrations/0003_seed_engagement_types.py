"""The kinds of engagement and the sub-competencies each exercises."""

from django.db import migrations

FRAMEWORK = "dod-security-cooperation"

# (slug, name, sub-competency codes exercised by taking part)
ENGAGEMENT_TYPES = [
    ("meeting", "Meeting", ["1.D", "1.E"]),
    ("visit", "Visit", ["1.D"]),
    ("exploratory-discussion", "Exploratory discussion", ["3.C"]),
    ("technical-discussion", "Technical discussion", ["3.C", "3.A"]),
    ("staff-talks", "Staff talks", ["1.D", "1.E", "6.A"]),
    ("exchange", "Exchange", ["1.D", "6.E"]),
    ("conference", "Conference", ["1.D", "7.E"]),
    ("trade-show", "Trade show", ["4.K", "4.G"]),
    ("negotiation-round", "Negotiation round", ["3.F"]),
    ("program-review", "Program management review", ["4.B"]),
]


def seed(apps, schema_editor):
    EngagementType = apps.get_model("partners", "EngagementType")
    Competency = apps.get_model("competencies", "Competency")
    by_code = {
        competency.code: competency
        for competency in Competency.objects.filter(framework__slug=FRAMEWORK)
    }
    for slug, name, codes in ENGAGEMENT_TYPES:
        kind, _ = EngagementType.objects.get_or_create(slug=slug, defaults={"name": name})
        # A database without the seed framework still gets the types, without their codes.
        kind.competencies.add(*[by_code[code] for code in codes if code in by_code])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_load_countries"),
        ("competencies", "0002_load_seed_framework"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
