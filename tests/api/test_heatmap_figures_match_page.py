"""The heatmap API and export carry every figure the heatmap page prints."""

import csv
import io

from django.urls import reverse

from seccoop.core.exports import render
from seccoop.workforce.exports import export_heatmap
from seccoop.workforce.models import OrgUnit, RatingSource
from seccoop.workforce.services import record_rating
from tests.workforce.heatmap_tables import heatmap_table


def rate(d, person, code, level):
    record_rating(
        user=d.workforce_manager.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.VALIDATED,
    )


def rated(d):
    rate(d, d.teammate, "1.A", 3)
    rate(d, d.underling, "1.A", 2)
    rate(d, d.bravo_member, "1.D", 2)
    rate(d, d.teammate, "4.C", 1)


def page_table(client, person, unit, measure):
    client.force_login(person.user)
    html = client.get(reverse("workforce:heatmap"), {"unit": unit.pk, "measure": measure}).text
    return heatmap_table(html)


def api_rows(api_as, person, unit):
    return api_as(person).get(f"/api/v1/heatmap?unit={unit.pk}").json()


def printed(body, measure):
    """The API's figures written as the page prints each row and cell."""
    table = {}
    named = [
        (row["unit"]["name"] + (" (placed directly in it)" if row["direct_only"] else ""), row)
        for row in body["rows"]
    ]
    if body["total"]:
        unit = body["total"]["unit"]
        named.append(("Total" + (f": {unit['name']}" if unit else ""), body["total"]))
    for name, row in named:
        cells = {"People": str(row["people"]), "People short": str(row["people_short"])}
        for c, code in enumerate(body["codes"]):
            if not row["required"][c]:
                cells[code] = "—"
                continue
            shown = (
                f"{row['shortfall_shown'][c]:.1f}"
                if measure == "shortfall"
                else f"{row['percent_meeting'][c]}%"
            )
            cells[code] = shown + ("!" if row["nobody_proficient"][c] else "")
        table[name] = cells
    return table


def test_the_leaders_heatmap_api_gives_every_share_the_page_prints(client, directorate, api_as):
    d = directorate
    rated(d)
    body = api_rows(api_as, d.leader, d.division)
    assert printed(body, "share") == page_table(client, d.leader, d.division, "share")


def test_the_leaders_heatmap_api_gives_every_shortfall_the_page_prints(client, directorate, api_as):
    d = directorate
    rated(d)
    body = api_rows(api_as, d.leader, d.division)
    assert printed(body, "shortfall") == page_table(client, d.leader, d.division, "shortfall")


def test_a_supervisors_heatmap_api_matches_the_page_he_sees(client, directorate, api_as):
    d = directorate
    rated(d)
    body = api_rows(api_as, d.alpha_lead, d.division)
    assert printed(body, "share") == page_table(client, d.alpha_lead, d.division, "share")


def test_the_api_flags_a_required_sub_competency_nobody_in_the_unit_is_proficient_on(
    directorate, api_as
):
    d = directorate
    rated(d)
    body = api_rows(api_as, d.leader, d.division)
    bravo = next(row for row in body["rows"] if row["unit"]["name"] == "Bravo Team")
    assert bravo["nobody_proficient"][body["codes"].index("1.D")] is True
    assert body["proficient_level"] == d.framework.scale.proficient_value


def test_the_api_counts_the_people_placed_directly_in_the_chosen_unit_apart(directorate, api_as):
    d = directorate
    body = api_rows(api_as, d.leader, d.division)
    own = body["rows"][0]
    # Lee alone holds a position placed directly in the division.
    assert (own["unit"]["name"], own["direct_only"], own["people"]) == (
        "Armaments Cooperation Division",
        True,
        1,
    )


def test_the_heatmap_export_carries_the_figures_of_the_api(directorate, api_as):
    d = directorate
    rated(d)
    OrgUnit.objects.filter(pk=d.division.pk).update(external_id="D-ACD")
    OrgUnit.objects.filter(pk=d.alpha.pk).update(external_id="T-ALPHA")
    OrgUnit.objects.filter(pk=d.bravo.pk).update(external_id="T-BRAVO")
    division = OrgUnit.objects.get(pk=d.division.pk)
    body = api_rows(api_as, d.workforce_manager, division)
    data = render(export_heatmap(parent=division), "csv").decode("utf-8-sig")
    exported = {
        (line["org_unit"], line["code"]): line for line in csv.DictReader(io.StringIO(data))
    }
    for row in body["rows"]:
        for c, code in enumerate(body["codes"]):
            line = exported[(row["unit"]["name"], code)]
            expected = {
                "people": str(row["people"]),
                "required": str(row["required"][c]),
                "meeting": str(row["meeting"][c]),
                "percent_meeting": ""
                if row["percent_meeting"][c] is None
                else str(row["percent_meeting"][c]),
                "shortfall_shown": ""
                if row["shortfall_shown"][c] is None
                else str(row["shortfall_shown"][c]),
                "nobody_proficient": str(row["nobody_proficient"][c]),
                "placed_directly_only": str(row["direct_only"]),
            }
            assert {key: line[key] for key in expected} == expected, (row["unit"]["name"], code)
