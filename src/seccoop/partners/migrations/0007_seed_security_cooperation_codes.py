"""Seed the SC customer code, FMS eligibility and NATO+5 status of the demo's countries.

Customer codes follow SAMM chapter 4, Table C4.T2 (Country and International
Organization Codes); they differ from ISO codes for several countries (UK, GY,
JA, KS, AT, CN, EN, TC). NATO+5 is every NATO member (the North Atlantic
Treaty's parties, nato.int) and the five named in AECA section 36(b)(1):
Australia, Israel, Japan, the Republic of Korea and New Zealand. Each value is
data an administrator edits on the country; the migration only fills blanks.
"""

from django.db import migrations

# ISO alpha-2 -> SC customer code, for the countries the demo's cases use (and IL, NZ).
CUSTOMER_CODES = {
    "GB": "UK",
    "FR": "FR",
    "DE": "GY",
    "PL": "PL",
    "NO": "NO",
    "JP": "JA",
    "KR": "KS",
    "AU": "AT",
    "IN": "IN",
    "CA": "CN",
    "BR": "BR",
    "EE": "EN",
    "KE": "KE",
    "AE": "TC",
    "BE": "BE",
    "IL": "IS",
    "NZ": "NZ",
}
NATO = [
    "AL",
    "BE",
    "BG",
    "CA",
    "HR",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IS",
    "IT",
    "LV",
    "LT",
    "LU",
    "ME",
    "NL",
    "MK",
    "NO",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "TR",
    "GB",
    "US",
]
PLUS_FIVE = ["AU", "IL", "JP", "KR", "NZ"]


def seed(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    for iso, code in CUSTOMER_CODES.items():
        Country.objects.filter(iso_code=iso, sc_customer_code="").update(
            sc_customer_code=code, fms_eligible=True
        )
    Country.objects.filter(iso_code__in=[*NATO, *PLUS_FIVE]).exclude(iso_code="US").update(
        nato_plus_five=True
    )


def unseed(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    Country.objects.update(sc_customer_code="", fms_eligible=False, nato_plus_five=False)


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_country_security_cooperation_codes")]

    operations = [migrations.RunPython(seed, unseed)]
