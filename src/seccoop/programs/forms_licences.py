"""Forms of the export licence pages. They gather input; the services validate and write it."""

from __future__ import annotations

from django import forms

from seccoop.core.workflow import Transition
from seccoop.partners.models import Country
from seccoop.programs.forms_cases import DateInput, VersionedForm, styled
from seccoop.programs.models import Agreement, ExportLicence, LicenceProviso, Program
from seccoop.programs.services.licences import LICENCE_ROLES
from seccoop.workforce.models import OrgUnit, Person


class LicenceForm(VersionedForm):
    class Meta:
        model = ExportLicence
        fields = [
            "kind",
            "reference",
            "commodity",
            "applicant",
            "country",
            "end_user",
            "foreign_parties",
            "usml_category",
            "value",
            "mde_value",
            "design_construction_value",
            "manufacture_abroad",
            "org_unit",
            "description",
        ]
        labels = {
            "kind": "Kind of licence or agreement",
            "org_unit": "Program team",
            "value": "Value (U.S. dollars)",
            "mde_value": "Major defense equipment value (U.S. dollars)",
            "design_construction_value": "Design and construction services value (U.S. dollars)",
        }

    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.none(), required=False, help_text="Programs it supports."
    )
    agreements = forms.ModelMultipleChoiceField(
        queryset=Agreement.objects.none(),
        required=False,
        help_text="International agreements it is made under.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.active().order_by("name")
        self.fields["org_unit"].queryset = OrgUnit.objects.active()
        if user is not None:
            self.fields["programs"].queryset = Program.objects.visible_to(user).active()
            self.fields["agreements"].queryset = Agreement.objects.visible_to(user).active()
        if self.instance.pk is not None:
            self.fields["programs"].initial = list(self.instance.programs.all())
            self.fields["agreements"].initial = list(self.instance.agreements.all())
        styled(self)

    def links(self) -> dict:
        return {
            "programs": list(self.cleaned_data["programs"]),
            "agreements": list(self.cleaned_data["agreements"]),
        }


class ProvisoForm(forms.ModelForm):
    class Meta:
        model = LicenceProviso
        fields = ["text", "party"]
        labels = {"text": "Proviso"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "proviso")
        super().__init__(*args, **kwargs)
        styled(self)

    def _post_clean(self):
        pass


class LicenceAssignForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person to assign")
    role = forms.ChoiceField(choices=[(role, role.capitalize()) for role in LICENCE_ROLES])

    def __init__(self, *args, people=None, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        styled(self)


_DATE_HINTS = {
    "expires_on": "Leave blank for four years after approval (a licence); an agreement needs "
    "the end of its stated term.",
}


class LicenceTransitionForm(forms.Form):
    """A transition's button, its note, and the fields it may set."""

    note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, transition: Transition, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["note"].label = "Note (required)" if transition.note_required else "Note"
        self.fields["note"].required = transition.note_required
        for name in transition.fields:
            field = ExportLicence._meta.get_field(name).formfield(required=False)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.help_text = _DATE_HINTS.get(name, "Leave blank for today.")
            self.fields[name] = field
        styled(self)

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.transition.fields
            if self.cleaned_data.get(name) not in (None, "")
        }
