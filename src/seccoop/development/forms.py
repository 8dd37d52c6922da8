"""Forms of the development pages; the rules themselves live in the models and services."""

from django import forms

from seccoop.competencies.models import Competency, CompetencyKind, Framework
from seccoop.development.models import AreaOfConcentration, CertificationLevel, Course, Delivery
from seccoop.workforce.models import Position


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": "usa-input"}, format="%Y-%m-%d"),
    )


def _select(**attrs):
    return forms.Select(attrs={"class": "usa-select", **attrs})


def sub_competency_choices():
    return (
        Competency.objects.filter(
            framework=Framework.objects.default(), kind=CompetencyKind.SUB_COMPETENCY
        )
        .active()
        .order_by("sort_order", "code")
    )


class SubCompetencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.label}"[:120]


class SubCompetenciesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.label}"[:120]


class CourseForm(forms.Form):
    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"class": "usa-input"}))
    provider = forms.CharField(
        max_length=200,
        help_text="Who teaches it, such as DSCU.",
        widget=forms.TextInput(
            attrs={"class": "usa-input", "aria-describedby": "id_provider_hint"}
        ),
    )
    level = forms.ChoiceField(choices=CertificationLevel.choices, widget=_select())
    hours = forms.IntegerField(
        min_value=1, max_value=2000, widget=forms.NumberInput(attrs={"class": "usa-input"})
    )
    delivery = forms.ChoiceField(choices=Delivery.choices, widget=_select())
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 5})
    )
    required_for_certification = forms.TypedChoiceField(
        label="Required for certification",
        coerce=lambda value: value in (True, "True"),
        choices=[(False, "No"), (True, "Yes")],
        help_text="Required training at the course's level and above.",
        widget=_select(**{"aria-describedby": "id_required_for_certification_hint"}),
    )

    @classmethod
    def initial_from(cls, course: Course) -> dict:
        return {name: getattr(course, name) for name in cls.base_fields}


class MappingLineForm(forms.Form):
    competency = SubCompetencyField(
        label="Sub-competency", queryset=Competency.objects.none(), widget=_select()
    )
    level = forms.TypedChoiceField(label="Builds it to level", coerce=int, widget=_select())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = Framework.objects.default()
        self.fields["competency"].queryset = sub_competency_choices()
        self.fields["level"].choices = [
            (level.value, f"{level.value} {level.name}")
            for level in framework.scale.levels.order_by("value")
            if level.value > 0
        ]


class AddCourseForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course", queryset=Course.objects.none(), widget=_select()
    )
    due_on = _date("Due on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.active().order_by("title")


class AddAssignmentForm(forms.Form):
    title = forms.CharField(
        label="On-the-job assignment",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    competencies = SubCompetenciesField(
        label="Sub-competencies it develops",
        queryset=Competency.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "usa-select", "size": 6}),
    )
    due_on = _date("Due on", help_text="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = sub_competency_choices()
        self.fields["due_on"].widget.attrs["id"] = "id_assignment_due_on"


class CompleteForm(forms.Form):
    completed_on = _date("Completed on")


class ObjectivesForm(forms.Form):
    objectives = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )


class CertificationDatesForm(forms.Form):
    entered_position_on = _date(
        "Assigned to the certification billet on",
        required=False,
        help_text="The deadline to certify runs from this day.",
    )


def _area_field(*, required: bool, help_text: str = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Area of concentration",
        queryset=AreaOfConcentration.objects.active(),
        required=required,
        help_text=help_text,
        empty_label="None" if not required else "Choose an area",
        widget=_select(),
    )


class ExperienceForm(forms.Form):
    area = _area_field(required=True)
    level = forms.ChoiceField(
        label="At level", choices=CertificationLevel.choices, widget=_select()
    )
    started_on = _date("From")
    ended_on = _date("To", required=False, help_text="Leave blank while it goes on.")


class RequestCertificationForm(forms.Form):
    level = forms.ChoiceField(
        label="Certify at level", choices=CertificationLevel.choices, widget=_select()
    )
    area = _area_field(required=False, help_text="Needed for Intermediate and Advanced.")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("return", "Return")],
        widget=_select(),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        help_text="Say why when returning it.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
    )


class RequirementForm(forms.Form):
    position = forms.ModelChoiceField(
        label="Position", queryset=Position.objects.none(), widget=_select()
    )
    level = forms.ChoiceField(
        label="Required certification",
        choices=[("", "None (not a certification position)"), *CertificationLevel.choices],
        required=False,
        widget=_select(),
    )
    area = _area_field(required=False, help_text="Needed for Intermediate and Advanced.")
    key = forms.TypedChoiceField(
        label="Key billet",
        choices=[("False", "Non-key"), ("True", "Key")],
        coerce=lambda value: value == "True",
        initial="False",
        widget=_select(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.active().select_related("org_unit")
