"""The direct commercial sales of the demo directorate: DDTC export licences and agreements.

Added by `seccoop load-demo` after the cases. Each licence is moved to its
state through the licence workflow (so each has its state-change log), with
the DoD review, the certification to Congress where AECA 36(c) or 36(d) calls
for one, and provisos. The companies are invented; the kinds, categories and
rules are the ITAR's. Dates are placed relative to today.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.partners.models import Country
from seccoop.programs.models import ExportLicence
from seccoop.programs.services import licences as services
from seccoop.workforce.models import OrgUnit

MARKER = "050100001"  # the DDTC reference of the first demo licence

# (reference, kind, country, USML category, value $M, MDE $M, applicant, commodity,
#  end user, state, days in it, licenses manufacture abroad)
LICENCES = (
    (
        "050100001",
        "dsp-5",
        "AE",
        "XI",
        "12",
        "0",
        "Horizon Satcom Systems, Inc.",
        "Military satellite communication ground terminals and spares",
        "UAE Armed Forces Joint Signals Command",
        "approved-with-provisos",
        60,
        False,
    ),
    (
        "050100002",
        "dsp-5",
        "IN",
        "VIII",
        "60",
        "20",
        "Rotorcraft Components Corp.",
        "Transmission and rotor head kits for utility helicopters",
        "Indian Army Aviation Corps",
        "congressional-review",
        8,
        False,
    ),
    (
        "050100003",
        "taa",
        "JP",
        "XI",
        "30",
        "0",
        "Pacific Radar Systems LLC",
        "Technical assistance to integrate an upgraded fire control radar",
        "Japan Air Self-Defense Force",
        "under-review",
        20,
        False,
    ),
    (
        "050100004",
        "mla",
        "KR",
        "III",
        "40",
        "0",
        "Keystone Munitions Co.",
        "Licensed production of 155 mm artillery fuzes",
        "Republic of Korea Army",
        "approved",
        120,
        True,
    ),
    (
        "050100005",
        "dsp-73",
        "GB",
        "VIII",
        "2",
        "0",
        "Skyward Unmanned Systems, Inc.",
        "Demonstration unmanned aircraft for a trade show, returned after it",
        "Farnborough exhibition stand (returned to the applicant)",
        "approved",
        30,
        False,
    ),
    (
        "050100006",
        "dsp-61",
        "DE",
        "XI",
        "1.5",
        "0",
        "Northwind Avionics Inc.",
        "Temporary import of an airborne radar for depot repair",
        "German Air Force",
        "submitted",
        5,
        False,
    ),
    (
        "050100007",
        "dsp-5",
        "BR",
        "I",
        "1.2",
        "0",
        "Ridgeline Arms LLC",
        "Precision rifles and spare barrels",
        "Federal Police of Brazil",
        "returned-without-action",
        40,
        False,
    ),
)
PROVISOS = {
    "050100001": [
        ("applicant", "No technical data beyond operation and maintenance level is authorised."),
        ("end-user", "No retransfer or re-export without the prior written approval of DDTC."),
    ],
}
NOTES = {
    "returned-without-action": "Returned: the application lacked the signed end-user statement.",
}


def build_demo(*, today: datetime.date | None = None) -> str:
    """Build the demo licences; say what was done (or why nothing was)."""
    if ExportLicence.objects.filter(reference=MARKER).exists():
        return "The demo export licences are already loaded; nothing was changed."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no export licences were loaded."
    countries = {c.iso_code: c for c in Country.objects.filter(primary_desk_officer__isnull=False)}
    today = today or timezone.localdate()
    team = OrgUnit.objects.filter(name="International Acquisition Team").first()
    built = 0
    with transaction.atomic():
        for row in LICENCES:
            reference, kind, iso, usml, value, mde, applicant, commodity, end_user = row[:9]
            state, days, abroad = row[9:]
            country = countries.get(iso)
            if country is None:
                continue
            licence = services.create_licence(
                user=admin,
                data={
                    "kind": kind,
                    "commodity": commodity,
                    "applicant": applicant,
                    "country": country,
                    "end_user": end_user,
                    "usml_category": usml,
                    "value": Decimal(value) * 1_000_000,
                    "mde_value": Decimal(mde) * 1_000_000 if Decimal(mde) else None,
                    "manufacture_abroad": abroad,
                    "org_unit": team,
                    "description": f"A direct commercial sale to {country.name}.",
                },
            )
            services.assign_staff(
                user=admin, licence=licence, person=country.primary_desk_officer,
                role="country desk",
            )  # fmt: skip
            _move_to(admin, licence, reference, state, today - datetime.timedelta(days=days))
            built += 1
    return f"Loaded {built} export licences and agreements of direct commercial sales."


def _move(admin, licence, name, day, values=None, note=""):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    services.move_licence(
        user=admin, licence=licence, name=name, values=values, note=note, today=day, at=at,
        expected_version=licence.version,
    )  # fmt: skip


def _move_to(admin, licence, reference, state, reached) -> None:
    """Submit, staff through DoD, certify where needed, then decide: as DDTC would."""
    if state == "drafted":
        return
    start = reached - datetime.timedelta(days=60)
    _move(admin, licence, "submit", start, {"reference": reference})
    if state == "submitted":
        return
    if state == "returned-without-action":
        _move(admin, licence, "return_without_action", reached, note=NOTES[state])
        return
    _move(admin, licence, "refer_to_dod", start + datetime.timedelta(days=7),
          {"dod_office": "Defense Technology Security Administration"})  # fmt: skip
    if state == "under-review":
        return
    for party, text in PROVISOS.get(reference, []):
        services.add_proviso(user=admin, licence=licence, text=text, party=party)
    recommendation = "approve-with-provisos" if reference in PROVISOS else "approve"
    _move(admin, licence, "record_dod_recommendation", start + datetime.timedelta(days=30),
          {"dod_recommendation": recommendation})  # fmt: skip
    notice = services.certification_for(licence)
    approval = reached
    if notice.required:
        certified = (
            reached if state == "congressional-review" else start + datetime.timedelta(days=35)
        )
        _move(admin, licence, "certify_to_congress", certified,
              {"notification_reference": f"DDTC {certified:%y}-{licence.pk:03d}"})  # fmt: skip
        if state == "congressional-review":
            return
        approval = max(reached, certified + datetime.timedelta(days=notice.review_days))
    name = "approve_with_provisos" if reference in PROVISOS else "approve"
    values = None
    if licence.is_agreement:
        values = {"expires_on": approval + datetime.timedelta(days=365 * 10)}
    _move(admin, licence, name, approval, values)
