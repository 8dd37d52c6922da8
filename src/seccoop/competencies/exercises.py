"""Which sub-competencies each kind of work record exercises.

Every kind of work record declares the sub-competencies (codes of the
default framework) that doing that work exercises, as a class attribute::

    class Case(DomainModel):
        exercises = ("4.A", "4.F", "4.H")

A kind of record on which people are assigned with a role may also say which
of its codes each role exercises, so that evidence follows what a person did
on the record (a financial analyst on a case prices and accounts; the case
manager does the whole of it)::

    roles = {"case manager": EVERY_CODE, "financial analyst": ("4.C", "4.L")}

`EVERY_CODE` gives a role all the codes the record exercises, including those
a record adds to its class's declaration (`exercised_codes()`). A role the
kind of record does not declare (assignments on records without role
declarations take free-text roles) exercises all of the record's codes.

A model whose declaration lives in data (engagement types, for instance)
defines a classmethod `exercise_declarations()` returning
`[(label, codes), ...]` instead. This module gathers the declarations of all
installed apps, so a page and a test can show the whole mapping and name any
sub-competency that no kind of work exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from seccoop.competencies.models import Competency, CompetencyKind, Framework

# A role that does the whole of the work of its record (see `roles` above).
EVERY_CODE = "*"


@dataclass(frozen=True)
class Declaration:
    """One kind of work record and the codes it exercises."""

    app_label: str
    label: str
    codes: tuple[str, ...]
    roles: tuple[tuple[str, tuple[str, ...] | str], ...] = ()

    def roles_exercising(self, code: str) -> list[str]:
        """The declared roles whose work exercises `code`."""
        return [name for name, codes in self.roles if codes == EVERY_CODE or code in codes]


def declarations() -> list[Declaration]:
    """Every declaration of every installed app, in app and model order."""
    found: list[Declaration] = []
    for model in apps.get_models():
        provider = getattr(model, "exercise_declarations", None)
        if callable(provider):
            for label, codes in provider():
                found.append(Declaration(model._meta.app_label, label, tuple(codes)))
            continue
        codes = getattr(model, "exercises", None)
        if codes:
            label = str(model._meta.verbose_name).capitalize()
            roles = tuple(roles_of(model).items())
            found.append(Declaration(model._meta.app_label, label, tuple(codes), roles))
    return found


def codes_of(model_or_record) -> tuple[str, ...]:
    """The codes a record (or kind of record) exercises.

    A record may narrow or widen its class's declaration with an
    `exercised_codes()` method (a program exercises different things by kind).
    """
    method = getattr(model_or_record, "exercised_codes", None)
    if callable(method) and not isinstance(model_or_record, type):
        return tuple(method())
    return tuple(getattr(model_or_record, "exercises", ()))


def roles_of(model) -> dict[str, tuple[str, ...] | str]:
    """The roles a kind of record declares, by name as written, with the codes each exercises."""
    return {
        name: codes if codes == EVERY_CODE else tuple(codes)
        for name, codes in getattr(model, "roles", {}).items()
    }


def codes_for_role(record, role: str) -> tuple[str, ...]:
    """The codes a person exercises on `record` in `role` (all of them for an undeclared role)."""
    codes = codes_of(record)
    declared = {name.casefold(): subset for name, subset in roles_of(type(record)).items()}
    subset = declared.get((role or "").strip().casefold())
    if subset is None or subset == EVERY_CODE:
        return codes
    return tuple(code for code in codes if code in subset)


def competencies_of(model_or_record, framework: Framework) -> list[Competency]:
    """The framework's sub-competencies a record exercises, in framework order."""
    codes = codes_of(model_or_record)
    return list(
        framework.competencies.filter(code__in=codes, kind=CompetencyKind.SUB_COMPETENCY).order_by(
            "sort_order", "code"
        )
    )


@dataclass(frozen=True)
class MappingRow:
    competency: Competency
    declarations: list[Declaration]

    @property
    def entries(self) -> list[tuple[Declaration, list[str]]]:
        """Each declaration with the roles exercising this sub-competency on it, if it names any."""
        return [(d, d.roles_exercising(self.competency.code)) for d in self.declarations]


def mapping(framework: Framework) -> list[MappingRow]:
    """Each sub-competency of the framework with the kinds of work that exercise it."""
    by_code: dict[str, list[Declaration]] = {}
    for declaration in declarations():
        for code in declaration.codes:
            by_code.setdefault(code, []).append(declaration)
    return [
        MappingRow(competency, by_code.get(competency.code, []))
        for competency in framework.competencies.filter(
            kind=CompetencyKind.SUB_COMPETENCY
        ).order_by("sort_order", "code")
    ]


def unexercised(framework: Framework) -> list[Competency]:
    """The sub-competencies no kind of work record exercises."""
    return [row.competency for row in mapping(framework) if not row.declarations]


def unknown_codes(framework: Framework) -> dict[str, list[str]]:
    """Declared codes that are not sub-competencies of the framework, by declaration label."""
    known = set(
        framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY).values_list(
            "code", flat=True
        )
    )
    return {
        declaration.label: sorted(set(declaration.codes) - known)
        for declaration in declarations()
        if set(declaration.codes) - known
    }
