"""Forms of the partner pages.

They only gather what was entered; the services validate the records with
full_clean() and check the policy, so each rule lives in one place.
"""

from __future__ import annotations

from django import forms

from seccoop.partners.models import (
    CapabilityArea,
    Counterpart,
    Country,
    EngagementType,
    IlrLevel,
    PartnerOrganization,
    ProfileSectionKind,
    Severity,
    language_names,
)
from seccoop.partners.services import ActionData, EngagementData
from seccoop.workforce.models import Person


def _date(**kwargs) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date", "class": "usa-input"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(**kwargs) -> forms.CharField:
    return forms.CharField(widget=forms.TextInput(attrs={"class": "usa-input"}), **kwargs)


def _area(**kwargs) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}), **kwargs
    )


def _choice(choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, widget=forms.Select(attrs={"class": "usa-select"}), **kwargs
    )


def _many(queryset, **kwargs) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "usa-select seccoop-multiselect", "size": 6}),
        **kwargs,
    )


class CounterpartChoiceField(forms.ModelMultipleChoiceField):
    """Counterparts named with their organization and its country, to tell namesakes apart."""

    def label_from_instance(self, obj) -> str:
        organization = obj.organization
        where = f" ({organization.country.name})" if organization.country_id else ""
        return f"{obj.full_name}, {organization.name}{where}"


def _combo_box(queryset, **kwargs) -> forms.ModelChoiceField:
    """A single chooser drawn as a USWDS combo box: type to filter a long list."""
    return forms.ModelChoiceField(
        queryset=queryset,
        widget=forms.Select(attrs={"class": "usa-select", "data-combo-box": "true"}),
        **kwargs,
    )


def _people():
    return Person.objects.active().order_by("last_name", "first_name")


def _version(required: bool = False) -> forms.IntegerField:
    """The version of the record the editor opened, so a later edit by someone else is not lost.

    Required wherever the record already exists; a profile section written
    for the first time has none.
    """
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=required,
        min_value=1,
        error_messages={
            "invalid": "The form lost the version it was opened at; reload the page.",
            "required": "The form lost the version it was opened at; reload the page.",
        },
    )


class EngagementForm(forms.Form):
    """An engagement, and optionally its first follow-up action."""

    title = _text(max_length=300)
    engagement_type = forms.ModelChoiceField(
        label="Type",
        queryset=EngagementType.objects.active(),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    starts_on = _date(label="Starts on")
    ends_on = _date(label="Ends on")
    place = _text(max_length=200, required=False)
    countries = _many(Country.objects.active().order_by("name"))
    participants = _many(_people(), label="Our participants")
    counterparts = CounterpartChoiceField(
        queryset=Counterpart.objects.active()
        .select_related("organization", "organization__country")
        .order_by("last_name", "first_name", "organization__name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "usa-select seccoop-multiselect", "size": 6}),
    )
    organizations = _many(
        PartnerOrganization.objects.active().order_by("name"),
        label="Organizations taking part (such as industry)",
    )
    objectives = _area(required=False)
    outcome = _area(required=False, label="Outcome notes")
    action_description = _text(max_length=500, required=False, label="Follow-up action (optional)")
    action_owner = _combo_box(_people(), label="Action owner", required=False)
    action_due_on = _date(label="Action due on", required=False)
    version = _version()

    def __init__(self, *args, with_action: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_action:
            # Editing: follow-up actions are added on the engagement's page.
            for name in ("action_description", "action_owner", "action_due_on"):
                del self.fields[name]
            self.fields["version"].required = True
        else:
            # Logging a new engagement: there is no version yet.
            del self.fields["version"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action_description"):
            for name in ("action_owner", "action_due_on"):
                if not cleaned.get(name):
                    self.add_error(name, "Required when a follow-up action is given.")
        return cleaned

    def data_for_service(self) -> EngagementData:
        values = self.cleaned_data
        return EngagementData(
            title=values["title"],
            engagement_type=values["engagement_type"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            place=values["place"],
            objectives=values["objectives"],
            outcome=values["outcome"],
            countries=list(values["countries"]),
            participants=list(values["participants"]),
            counterparts=list(values["counterparts"]),
            organizations=list(values["organizations"]),
        )

    def actions(self) -> list[ActionData]:
        values = self.cleaned_data
        if not values.get("action_description"):
            return []
        return [
            ActionData(
                description=values["action_description"],
                owner=values["action_owner"],
                due_on=values["action_due_on"],
            )
        ]

    @classmethod
    def initial_from(cls, engagement) -> dict:
        return {
            "title": engagement.title,
            "engagement_type": engagement.engagement_type_id,
            "starts_on": engagement.starts_on,
            "ends_on": engagement.ends_on,
            "place": engagement.place,
            "objectives": engagement.objectives,
            "outcome": engagement.outcome,
            "countries": list(engagement.countries.values_list("pk", flat=True)),
            "participants": list(engagement.participants.values_list("pk", flat=True)),
            "counterparts": list(engagement.counterparts.values_list("pk", flat=True)),
            "organizations": list(engagement.organizations.values_list("pk", flat=True)),
            "version": engagement.version,
        }


class ActionForm(forms.Form):
    description = _text(max_length=500, label="Action")
    owner = _combo_box(_people())
    due_on = _date(label="Due on")


class ProfileSectionForm(forms.Form):
    kind = _choice(ProfileSectionKind.choices, label="Section")
    text = _area()
    as_of = _date(label="As of")
    version = _version()


class GapAssessmentForm(forms.Form):
    area = _choice(CapabilityArea.choices, label="Capability area")
    severity = forms.TypedChoiceField(
        choices=Severity.choices,
        coerce=int,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    assessed_on = _date(label="Assessed on")
    notes = _area(required=False)


class DeskForm(forms.Form):
    primary = _combo_box(_people(), label="Primary desk officer", required=False)
    backup = _combo_box(_people(), label="Backup desk officer", required=False)
    version = _version(required=True)


def _ilr(label: str) -> forms.ChoiceField:
    return _choice(IlrLevel.choices, label=label)


class LanguageForm(forms.Form):
    language = _choice((), label="Language")
    listening = _ilr("Listening (ILR)")
    reading = _ilr("Reading (ILR)")
    speaking = _ilr("Speaking (ILR)")
    tested_on = _date(label="Tested on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted(language_names().items(), key=lambda item: item[1])
        self.fields["language"].choices = names
