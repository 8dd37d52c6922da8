"""The role types of the directorate and what their templates require."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seccoop.workforce.models import RoleRequirement, RoleTemplate, RoleType
from seccoop.workforce.reference import load_reference_data, read_role_types

OPM_SCALE = {1, 2, 3, 4, 5}


@pytest.fixture
def reference(seed_framework):
    load_reference_data()
    return seed_framework


def required(framework, role_type_slug):
    return dict(
        RoleRequirement.objects.filter(
            template__framework=framework, template__role_type__slug=role_type_slug
        ).values_list("competency__code", "level")
    )


def test_the_eight_staff_categories_of_the_directorate_are_role_types(reference):
    assert RoleType.objects.count() == 8
    assert set(RoleType.objects.values_list("slug", flat=True)) == {
        entry["slug"] for entry in read_role_types()
    }


def test_every_role_type_has_a_template_for_the_seed_framework(reference):
    without = RoleType.objects.exclude(templates__framework=reference)
    assert list(without) == []


def test_every_template_explains_its_levels(reference):
    assert not RoleTemplate.objects.filter(rationale="").exists()


def test_every_required_level_is_on_the_opm_scale(reference):
    levels = set(RoleRequirement.objects.values_list("level", flat=True))
    assert levels <= OPM_SCALE


def test_every_required_code_is_a_sub_competency_of_the_seed_framework(reference):
    foreign = RoleRequirement.objects.exclude(
        competency__framework=reference, competency__kind="sub-competency"
    )
    assert not foreign.exists()


def test_a_foreign_disclosure_specialist_needs_disclosure_at_advanced_or_higher(reference):
    levels = required(reference, "foreign-disclosure-specialist")
    assert all(levels[code] >= 4 for code in ["9.A", "9.B", "9.C", "9.D"])


def test_a_country_desk_officer_needs_country_orientation_at_intermediate_or_higher(reference):
    levels = required(reference, "country-desk-officer")
    assert all(levels[code] >= 3 for code in ["1.A", "1.B", "1.C", "1.D", "1.E"])


def test_a_negotiator_needs_negotiation_at_advanced_or_higher(reference):
    levels = required(reference, "international-agreements-negotiator")
    assert levels["3.F"] >= 4
    assert levels["9.B"] >= 4


def test_a_desk_officer_does_not_need_to_price_a_sale(reference):
    assert "4.C" not in required(reference, "country-desk-officer")


def test_leadership_needs_strategy_and_policy_above_everything_else(reference):
    levels = required(reference, "leadership-and-support")
    strategy = [levels[code] for code in ["2.A", "2.B", "2.C", "2.D", "2.E"]]
    others = [level for code, level in levels.items() if not code.startswith("2.")]
    assert min(strategy) > max(others)


def test_loading_the_reference_data_again_creates_nothing(reference):
    again = load_reference_data()
    assert (again.role_types_created, again.templates_created) == (0, 0)
    assert RoleRequirement.objects.count() == sum(
        len(required(reference, slug)) for slug in RoleType.objects.values_list("slug", flat=True)
    )


def test_loading_the_reference_data_keeps_an_operators_change(reference):
    line = RoleRequirement.objects.get(
        template__role_type__slug="country-desk-officer", competency__code="1.A"
    )
    line.level = 5
    line.save()
    load_reference_data()
    line.refresh_from_db()
    assert line.level == 5


def test_a_template_line_with_an_unknown_code_is_refused_and_nothing_is_written(seed_framework):
    document = {
        "framework": seed_framework.slug,
        "templates": [
            {
                "role_type": "country-desk-officer",
                "rationale": "Testing.",
                "requirements": [{"code": "1.A", "level": 3}, {"code": "10.Z", "level": 3}],
            }
        ],
    }
    with pytest.raises(ValidationError, match=r"country-desk-officer, line 2 \(10.Z\)"):
        load_reference_data(templates=document)
    assert not RoleType.objects.exists()
    assert not RoleTemplate.objects.exists()


def test_a_template_line_off_the_scale_is_refused(seed_framework):
    document = {
        "framework": seed_framework.slug,
        "templates": [
            {
                "role_type": "country-desk-officer",
                "rationale": "Testing.",
                "requirements": [{"code": "1.A", "level": 7}],
            }
        ],
    }
    with pytest.raises(ValidationError, match="level 7 is not a required level"):
        load_reference_data(templates=document)


def test_the_reference_data_loads_through_the_models_a_data_migration_sees(seed_framework):
    state = MigrationExecutor(connection).loader.project_state()
    load_reference_data(state.apps)
    assert RoleTemplate.objects.filter(framework=seed_framework).count() == 8
    assert RoleRequirement.objects.filter(
        template__role_type__slug="leadership-and-support"
    ).exists()
