"""Who may see and change the records of the evaluation app (see seccoop.core.permissions).

Objectives, plans, activities and evaluations are how the directorate
explains its work to itself, so every signed-in member of staff reads them.
Leadership and administrators change them, and so do the people assigned
to a record (`workforce.Assignment`): assigned to an initiative, someone
keeps its assessment, indicators, measurements, evaluations, returns and
recommendations; assigned to an objective, its resources; to a document,
its versions; to a framework, its criteria. The owner of a recommendation
may also record what was done about it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from seccoop.core.permissions import (
    Policy,
    Role,
    has_role,
    is_administrator,
    model_of,
    register,
)
from seccoop.evaluation.models import (
    Activity,
    AssessmentFramework,
    Criterion,
    DocumentVersion,
    Evaluation,
    GuidanceDocument,
    Indicator,
    InitialAssessment,
    Initiative,
    InvestmentReturn,
    Lesson,
    Measurement,
    Objective,
    Recommendation,
    ResourceAllocation,
)
from seccoop.workforce.models import Assignment


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_leadership(user) -> bool:
    return is_administrator(user) or has_role(user, Role.LEADERSHIP)


def _fk(obj, name):
    """A foreign key's target, or None while it is not set (an unsaved record's parent)."""
    return getattr(obj, name) if getattr(obj, f"{name}_id", None) else None


def anchors(obj) -> list:
    """The saved records whose assignees may change `obj` (itself, or what it belongs to)."""
    if isinstance(obj, DocumentVersion):
        found = [_fk(obj, "document")]
    elif isinstance(obj, Criterion):
        found = [_fk(obj, "framework")]
    elif isinstance(obj, ResourceAllocation):
        found = [_fk(obj, "objective"), _fk(obj, "initiative"), _fk(obj, "activity")]
    elif isinstance(obj, InitialAssessment | Indicator | Evaluation | InvestmentReturn):
        found = [_fk(obj, "initiative")]
    elif isinstance(obj, Measurement):
        indicator = _fk(obj, "indicator")
        found = [indicator.initiative if indicator else None]
    elif isinstance(obj, Recommendation):
        evaluation = _fk(obj, "evaluation")
        found = [evaluation.initiative if evaluation else None]
    elif isinstance(obj, Lesson):
        found = [obj, _fk(obj, "initiative"), _fk(obj, "activity")]
    else:
        found = [obj]
    return [record for record in found if record is not None and record.pk is not None]


def is_assigned(user, records) -> bool:
    """Whether the user holds an open assignment to any of these records."""
    person = getattr(user, "person", None) if _signed_in(user) else None
    if person is None or not records:
        return False
    rule = Q()
    for record in records:
        rule |= Q(source_type=ContentType.objects.get_for_model(type(record)), source_id=record.pk)
    return Assignment.objects.open().filter(rule, person=person).exists()


def assigned_ids(user, model) -> set[int]:
    """The ids of the records of `model` the user holds an open assignment to, in one query."""
    person = getattr(user, "person", None) if _signed_in(user) else None
    if person is None:
        return set()
    return set(
        Assignment.objects.open()
        .filter(person=person, source_type=ContentType.objects.get_for_model(model))
        .values_list("source_id", flat=True)
    )


class EvaluationPolicy(Policy):
    """Staff read; leadership, administrators and the people assigned change."""

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return True
        if is_leadership(user):
            return True
        if action == "import":
            # Staff import the indicators and measurements of the initiatives they are
            # assigned to (the importer refuses any other initiative's row by name);
            # the rest is leadership's.
            return model_of(obj) in (Indicator, Measurement) and (
                getattr(user, "person", None) is not None
            )
        if action in ("add", "change", "archive", "restore", "move"):
            return is_assigned(user, anchors(obj))
        return False


@register(GuidanceDocument)
@register(DocumentVersion)
@register(Objective)
@register(AssessmentFramework)
@register(Criterion)
@register(Activity)
@register(ResourceAllocation)
@register(Initiative)
@register(InitialAssessment)
@register(Indicator)
@register(Measurement)
@register(Evaluation)
@register(InvestmentReturn)
@register(Lesson)
class StaffReadablePolicy(EvaluationPolicy):
    pass


@register(Recommendation)
class RecommendationPolicy(EvaluationPolicy):
    def can(self, user, action, obj):
        if action in ("change", "move") and _signed_in(user) and obj.owner_id:
            person = getattr(user, "person", None)
            if person is not None and person.pk == obj.owner_id:
                return True
        return super().can(user, action, obj)


def may_add_top_level(user) -> bool:
    """Who adds documents, objectives, frameworks, activities and initiatives: leadership."""
    return _signed_in(user) and is_leadership(user)
