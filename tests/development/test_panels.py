"""The development panel offered to the person page."""

import datetime

from django.urls import reverse

from seccoop.core.panels import panels_for
from seccoop.development import services


def test_the_person_panel_counts_the_plan_for_those_who_may_see_it(directorate, catalog):
    d = directorate
    services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=datetime.date.today()
    )
    [(template, context)] = [
        panel
        for panel in panels_for("person", d.alpha_lead.user, d.teammate)
        if panel[0].startswith("development/")
    ]
    assert (context["open_count"], context["done_count"]) == (1, 0)


def test_the_person_panel_is_not_shown_outside_the_chain(directorate, catalog):
    shown = panels_for("person", directorate.bravo_lead.user, directorate.teammate)
    assert not [panel for panel in shown if panel[0].startswith("development/")]


def test_the_person_page_shows_the_development_counts_with_correct_plurals(
    client, directorate, catalog
):
    d = directorate
    today = datetime.date.today()
    for course in (catalog.sales, catalog.regional):
        services.add_course(user=d.teammate.user, person=d.teammate, course=course, due_on=today)
    client.force_login(d.alpha_lead.user)
    html = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).content.decode()
    assert "2 open activities and 0 completed on the development plan." in html
    assert reverse("development:plan", args=[d.teammate.pk]) in html


def test_the_person_page_says_when_the_plan_is_empty(client, directorate, catalog):
    d = directorate
    client.force_login(d.alpha_lead.user)
    html = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).content.decode()
    assert "The development plan has no activity yet." in html
