"""The evidence panel of a person's page: evidence of practice waiting for them or their chain.

Registered for the "person" page (core.panels). It shows only to those who may
confirm or decline the person's evidence (the person and their supervisor
chain), and only when some is waiting.
"""

from seccoop.core import panels
from seccoop.partners.models import PracticeEvidence
from seccoop.partners.policies import may_decide_rule
from seccoop.workforce.models import Person


def for_person(user, person) -> dict | None:
    if not Person.objects.filter(may_decide_rule(user), pk=person.pk).exists():
        return None
    pending = PracticeEvidence.objects.pending().filter(person=person).count()
    if not pending:
        return None
    return {"person": person, "pending_count": pending}


panels.register("person", "partners/includes/person_evidence_panel.html", for_person, order=60)
