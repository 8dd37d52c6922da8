"""Every country of ISO 3166-1, from pycountry, so the countries exist after migrate."""

from django.db import migrations


def load(apps, schema_editor):
    import pycountry

    Country = apps.get_model("partners", "Country")
    known = set(Country.objects.values_list("iso_code", flat=True))
    Country.objects.bulk_create(
        [
            Country(
                iso_code=country.alpha_2,
                iso_alpha3=country.alpha_3,
                # The common name where ISO gives one ("Bolivia" rather than
                # "Bolivia, Plurinational State of").
                name=getattr(country, "common_name", None) or country.name,
                official_name=getattr(country, "official_name", ""),
            )
            for country in pycountry.countries
            if country.alpha_2 not in known
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
