"""Links changed through the evaluation API, and by set() and clear(), are kept and audited."""

import json

from seccoop.core.history import change_history
from seccoop.core.models import AuditAction, AuditEntry
from seccoop.evaluation.models import GuidanceDocument
from seccoop.partners.models import Country
from seccoop.programs.models import Case


def link_entries(record, field: str) -> list[dict]:
    return [
        {"who": entry.actor_username, **entry.changes[field]}
        for entry in AuditEntry.objects.filter(
            action=AuditAction.UPDATE,
            model=record._meta.label_lower,
            object_id=str(record.pk),
        ).order_by("pk")
        if field in entry.changes
    ]


def test_a_leader_swapping_a_releasable_country_through_the_api_is_named_in_history_and_audit(
    client, directorate, save
):
    lee = directorate.leader.user
    estonia, latvia = Country.objects.get(iso_code="EE"), Country.objects.get(iso_code="LV")
    document = save(
        GuidanceDocument, links={"releasable_to": [latvia]}, title="Baltic plan", kind="guidance"
    )
    client.force_login(lee)
    response = client.patch(
        f"/api/v1/evaluation/documents/{document.pk}",
        json.dumps({"version": document.version, "releasable_to": [estonia.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    [latest, *_] = change_history(document)
    assert latest.who == lee.get_full_name()
    assert [(c.name, c.sentence) for c in latest.changes] == [
        ("releasable to", "added Estonia; removed Latvia")
    ]
    assert link_entries(document, "releasable_to")[-2:] == [
        {"who": lee.username, "removed": ["Latvia"]},
        {"who": lee.username, "added": ["Estonia"]},
    ]


def test_set_and_clear_of_an_objectives_cases_are_both_recorded(directorate, world):
    objective = world.objective
    poland = world.poland
    first = Case.objects.create(identifier="PL-D-AAA", title="Patriot", country=poland)
    second = Case.objects.create(identifier="PL-D-AAB", title="Air defense radars", country=poland)
    objective.cases.set([first, second])
    objective.cases.clear()
    newest, older = change_history(objective)[:2]
    assert [c.sentence for c in older.changes] == [f"added {first}, {second}"]
    assert [c.sentence for c in newest.changes] == [f"removed {first}, {second}"]
    assert [
        {key: value for key, value in entry.items() if key != "who"}
        for entry in link_entries(objective, "cases")
    ] == [
        {"added": sorted([str(first), str(second)])},
        {"removed": sorted([str(first), str(second)])},
    ]
