"""Human rights vetting: assistance without a current approval is flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from seccoop.controls import services
from seccoop.controls.models import Assistance, Nominee, NomineeKind
from seccoop.core.services import create_record


@pytest.fixture
def regiment(controls, dana):
    return create_record(
        user=dana,
        model=Nominee,
        data={
            "country": controls.france,
            "kind": NomineeKind.UNIT,
            "name": "2nd Parachute Regiment",
            "nominated_on": datetime.date(2026, 1, 5),
        },
    )


def give(dana, regiment, day):
    return services.record_assistance(
        user=dana, nominee=regiment, provided_on=day, description="Jump master course"
    )


def flags():
    return list(services.vetting_flags(Assistance.objects.all()))


def test_assistance_to_a_unit_never_vetted_is_flagged(dana, regiment):
    assistance, flagged = give(dana, regiment, datetime.date(2026, 2, 1))
    assert flagged
    assert flags() == [assistance]


def test_assistance_within_a_current_approval_is_not_flagged(dana, regiment):
    services.record_vetting(
        user=dana,
        nominee=regiment,
        requested_on=datetime.date(2026, 1, 6),
        result="approved",
        vetted_on=datetime.date(2026, 1, 20),
    )
    _, flagged = give(dana, regiment, datetime.date(2026, 2, 1))
    assert not flagged
    assert flags() == []


def test_an_approval_holds_a_year_by_default(dana, regiment):
    vetting = services.record_vetting(
        user=dana,
        nominee=regiment,
        requested_on=datetime.date(2026, 1, 6),
        result="approved",
        vetted_on=datetime.date(2026, 1, 20),
    )
    assert vetting.expires_on == datetime.date(2027, 1, 20)


def test_assistance_after_the_approval_expired_is_flagged(dana, regiment):
    services.record_vetting(
        user=dana,
        nominee=regiment,
        requested_on=datetime.date(2025, 1, 6),
        result="approved",
        vetted_on=datetime.date(2025, 1, 20),
        expires_on=datetime.date(2026, 1, 20),
    )
    _, flagged = give(dana, regiment, datetime.date(2026, 2, 1))
    assert flagged


def test_assistance_while_vetting_is_pending_or_denied_is_flagged(dana, regiment):
    services.record_vetting(
        user=dana,
        nominee=regiment,
        requested_on=datetime.date(2026, 1, 6),
        result="denied",
        vetted_on=datetime.date(2026, 1, 20),
        findings="Credible information of a gross violation.",
    )
    _, flagged = give(dana, regiment, datetime.date(2026, 2, 1))
    assert flagged


def test_a_suspension_states_the_remediation_required(dana, regiment):
    with pytest.raises(ValidationError) as refused:
        services.record_vetting(
            user=dana,
            nominee=regiment,
            requested_on=datetime.date(2026, 1, 6),
            result="suspended",
            vetted_on=datetime.date(2026, 1, 20),
        )
    assert "remediation" in refused.value.message_dict


def test_a_vetting_flag_cannot_point_at_an_fms_case(dana, regiment, controls):
    from seccoop.programs.models import Case

    sale = Case.objects.create(identifier="FR-D-LHY", title="Rifles", country=controls.france)

    with pytest.raises(ValidationError) as refused:
        services.record_assistance(
            user=dana, nominee=regiment, provided_on=datetime.date(2026, 2, 1),
            description="Rifles delivered", case=sale,
        )  # fmt: skip

    assert (
        "Vetting applies to BPC assistance; FR-D-LHY is a Foreign Military Sales case."
        in refused.value.message_dict["case"]
    )
    assert not Assistance.objects.exists()


def test_a_vetting_flag_may_point_at_a_bpc_case(dana, regiment, controls):
    from seccoop.programs.models import Case

    program = Case.objects.create(
        identifier="FR-B-LHZ", title="Border security training", country=controls.france,
        kind="bpc",
    )  # fmt: skip

    assistance, flagged = services.record_assistance(
        user=dana, nominee=regiment, provided_on=datetime.date(2026, 2, 1),
        description="Border security course", case=program,
    )  # fmt: skip

    assert (assistance.case, flagged) == (program, True)
