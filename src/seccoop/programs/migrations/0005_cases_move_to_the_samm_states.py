"""Move the cases kept before to the SAMM's states and offer periods.

States: "executing" was the time between implementation and supply complete,
which the SAMM calls implemented, so such cases become "implemented";
"closure-in-progress" was the wait between supply complete and closure, the
SAMM's interim closure, so they become "interim-closed". Every other state
keeps its value. The state-change log is not rewritten: the workflow still
names the retired states (RETIRED_STATES).

Offer periods: a case offered before kept only its offer day, so its agency
approval (MILAP) is taken as that day; a period that is not the standard one
for its kind (85 days, 30 for BPC) is recorded as short or long, with a reason
asking for review, so the case still validates.
"""

from django.db import migrations
from django.db.models import F

STATES = {"executing": "implemented", "closure-in-progress": "interim-closed"}
BACK = {"interim-closed": "closure-in-progress"}
REASON = "Kept before offer periods were recorded; review the period."


def forward(apps, schema_editor):
    Case = apps.get_model("programs", "Case")
    for old, new in STATES.items():
        Case.objects.filter(state=old).update(state=new)
    Case.objects.filter(approved_on__isnull=True, offered_on__isnull=False).update(
        approved_on=F("offered_on")
    )
    for case in Case.objects.all().only("pk", "kind", "offer_validity_days"):
        standard = 30 if case.kind == "bpc" else 85
        if case.offer_validity_days == standard:
            continue
        period = "short" if case.offer_validity_days < standard else "long"
        Case.objects.filter(pk=case.pk).update(offer_period=period, offer_period_reason=REASON)


def backward(apps, schema_editor):
    Case = apps.get_model("programs", "Case")
    for new, old in BACK.items():
        Case.objects.filter(state=new).update(state=old)
    # Cases in states the earlier release did not know go back to their nearest one.
    Case.objects.filter(state="request-acknowledged").update(state="request-received")
    Case.objects.filter(state="proposed").update(state="reviewed")


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_cases_follow_the_samm")]

    operations = [migrations.RunPython(forward, backward)]
