"""Rows built in Python (gap table, rating history, heatmap cells) escape what people typed.

These rows skip the template engine's autoescaping for speed, so each
piece of text a user or an imported file supplied must be escaped by hand.
"""

from django.urls import reverse

from seccoop.competencies.models import Competency
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating

MARKUP = '<script>alert(1)</script> & "quoted"'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"


def test_rating_evidence_with_markup_shows_as_text_in_the_rating_history(client, directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="1.A"),
        level=3,
        source=RatingSource.SUPERVISOR,
        evidence=MARKUP,
    )
    client.force_login(d.alpha_lead.user)
    page = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).text
    assert ESCAPED in page
    assert MARKUP not in page


def test_a_sub_competency_statement_with_markup_shows_as_text_in_the_gap_table(client, directorate):
    d = directorate
    Competency.objects.filter(framework=d.framework, code="1.A").update(description=MARKUP)
    client.force_login(d.alpha_lead.user)
    page = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).text
    assert ESCAPED in page
    assert MARKUP not in page


def test_a_sub_competency_code_with_markup_is_escaped_in_every_heatmap_link(client, directorate):
    d = directorate
    Competency.objects.filter(framework=d.framework, code="1.A").update(code='1.A"><b>')
    client.force_login(d.workforce_manager.user)
    page = client.get(reverse("workforce:heatmap"), {"unit": d.division.pk}).text
    assert "competency=1.A%22%3E%3Cb%3E" in page
    assert "#col-1.A&quot;&gt;&lt;b&gt;" in page
    assert '1.A"><b>' not in page
