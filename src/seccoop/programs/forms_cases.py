"""Forms of the case pages. They gather input; the services validate and write it."""

from __future__ import annotations

from django import forms

from seccoop.core.workflow import Transition
from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import (
    Agreement,
    Case,
    CaseLine,
    CaseMilestone,
    CaseReview,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    Payment,
    Program,
)
from seccoop.programs.models.cases import CHECKLIST
from seccoop.programs.services.cases import CASE_ROLES
from seccoop.workforce.models import OrgUnit, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def styled(form: forms.Form) -> forms.Form:
    """Give every widget its USWDS class and point it at its hint."""
    for name, field in form.fields.items():
        widget = field.widget
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{form.auto_id % form.add_prefix(name)}_hint"
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "usa-checkbox__input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "usa-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "usa-textarea")
            widget.attrs.setdefault("rows", 3)
        elif isinstance(widget, forms.widgets.Input) and not widget.is_hidden:
            widget.attrs.setdefault("class", "usa-input")
    return form


class VersionedForm(forms.ModelForm):
    """A record form that carries the version the editor opened, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        styled(self)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self):
        # The services run the model's own validation, with the version check, on save.
        pass


class CaseForm(VersionedForm):
    class Meta:
        model = Case
        fields = [
            "identifier",
            "title",
            "country",
            "kind",
            "implementing_agency",
            "aod_group",
            "org_unit",
            "description",
            "legal_authority",
            "mde_value",
            "offer_period",
            "offer_validity_days",
            "offer_period_reason",
            "fund_source",
            "fund_fiscal_year",
            "funds_obligate_by",
            "funds_cancel_on",
            "funds_available_on",
            "programs",
            "agreements",
        ]
        labels = {"org_unit": "Program team", "kind": "Kind of case"}
        widgets = {
            name: DateInput()
            for name in ("funds_obligate_by", "funds_cancel_on", "funds_available_on")
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.active().order_by("name")
        self.fields["org_unit"].queryset = OrgUnit.objects.active()
        # The programs and agreements the editor sees (the service checks again).
        programs, agreements = Program.objects.active(), Agreement.objects.active()
        if user is not None:
            programs, agreements = programs.visible_to(user), agreements.visible_to(user)
        self.fields["programs"].queryset = programs.order_by("name")
        self.fields["agreements"].queryset = agreements.order_by("title")
        for name in ("programs", "agreements"):
            self.fields[name].widget.attrs["class"] = "usa-select"
            self.fields[name].widget.attrs["size"] = 6
        if self.instance.kind != "dcs":
            # A direct commercial sale is recorded as an export licence, not opened as a case;
            # a case kept as one from before keeps its kind.
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] != "dcs"
            ]
        # Left blank, the period is the standard one for the kind of case.
        self.fields["offer_period"].required = False
        self.fields["offer_validity_days"].required = False

    def changes(self) -> dict:
        changes = super().changes()
        changes["offer_period"] = changes.get("offer_period") or "standard"
        if changes.get("offer_validity_days") is None:
            changes.pop("offer_validity_days", None)
        return changes


class RequestForm(VersionedForm):
    class Meta:
        model = LetterOfRequest
        fields = [
            "kind",
            "reference",
            "received_on",
            "requested_response",
            "funding_source",
            "desired_delivery_on",
            "major_defense_equipment",
            "country_team_assessment",
            *[name for name, _ in CHECKLIST],
            "notes",
        ]
        labels = {
            "kind": "Kind of request",
            "received_on": "Received on",
            "desired_delivery_on": "Desired delivery date",
            **{name: f"States {label}" for name, label in CHECKLIST},
            "from_authorized_official": "Signed by an official authorized to request",
            "through_proper_channels": "Sent through the proper channels",
        }
        widgets = {"received_on": DateInput(), "desired_delivery_on": DateInput()}

    CHECKBOXES = (
        "major_defense_equipment",
        "country_team_assessment",
        *[name for name, _ in CHECKLIST],
    )


class LineForm(forms.Form):
    description = forms.CharField(max_length=300)
    item_code = forms.CharField(
        max_length=30,
        required=False,
        label="Item code (MASL)",
        help_text=CaseLine._meta.get_field("item_code").help_text,
    )
    quantity = forms.IntegerField(min_value=1, initial=1)
    unit_value = forms.DecimalField(
        min_value=0, max_digits=15, decimal_places=2, label="Unit value (U.S. dollars)"
    )
    significant_military_equipment = forms.BooleanField(
        required=False,
        label="Significant military equipment (SME)",
        help_text=CaseLine._meta.get_field("significant_military_equipment").help_text,
    )
    major_defense_equipment = forms.BooleanField(
        required=False,
        label="Major defense equipment (MDE)",
        help_text=CaseLine._meta.get_field("major_defense_equipment").help_text,
    )
    enhanced_monitoring = forms.BooleanField(
        required=False,
        label="Designated for enhanced end-use monitoring (EEUM)",
        help_text=CaseLine._meta.get_field("enhanced_monitoring").help_text,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "line")
        super().__init__(*args, **kwargs)
        styled(self)


class DeliveryForm(forms.Form):
    """A delivery of some of a line's articles; a designated line's come with serial numbers."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(min_value=1, label="Articles delivered")
    delivered_on = forms.DateField(widget=DateInput(), label="Delivered on")
    serial_numbers = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Serial numbers",
        help_text="One a line. Required for a line designated for enhanced end-use monitoring: "
        "one per article delivered.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class VersionForm(forms.Form):
    """Write an amendment or a modification of an accepted case (SAMM C6.7)."""

    kind = forms.ChoiceField(
        label="Kind of change",
        choices=[
            ("amendment", "Amendment: changes the scope; offered to and accepted by the purchaser"),
            ("modification", "Modification: a unilateral change that needs no acceptance"),
        ],
    )
    description = forms.CharField(
        widget=forms.Textarea,
        label="Purpose and reason",
        help_text=CaseVersion._meta.get_field("description").help_text,
    )
    grounds = forms.ChoiceField(
        label="Modification's change (modifications only)",
        choices=[("", "—"), *CaseVersion._meta.get_field("grounds").choices],
        required=False,
    )
    value = forms.DecimalField(
        min_value=0,
        max_digits=15,
        decimal_places=2,
        label="Case value after the change (U.S. dollars)",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "version")
        super().__init__(*args, **kwargs)
        styled(self)


# The fields a person gives when moving a version; the rest the service works out.
VERSION_MOVE_FIELDS = {
    "offer": ("approved_on", "offered_on"),
    "accept": ("signed_by", "accepted_on"),
    "lapse": ("ended_on",),
    "issue": ("issued_on",),
    "cancel": ("ended_on",),
}


class VersionMoveForm(forms.Form):
    """The button of one move of an amendment or modification, with its days and note."""

    note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, transition: Transition, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["note"].label = "Note (required)" if transition.note_required else "Note"
        self.fields["note"].required = transition.note_required
        for name in VERSION_MOVE_FIELDS.get(transition.name, ()):
            field = CaseVersion._meta.get_field(name).formfield(required=False)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.help_text = (
                    "Leave blank for the day of the offer; the offer expires the case's offer "
                    "period after it."
                    if name == "approved_on"
                    else "Leave blank for today."
                )
            self.fields[name] = field
        styled(self)

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in VERSION_MOVE_FIELDS.get(self.transition.name, ())
            if self.cleaned_data.get(name) not in (None, "")
        }


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["due_on", "amount", "description"]
        labels = {"due_on": "Payment due on", "amount": "Amount (U.S. dollars)"}
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "payment")
        super().__init__(*args, **kwargs)
        styled(self)

    def _post_clean(self):
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = CaseMilestone
        fields = ["kind", "title", "due_on"]
        labels = {"due_on": "Milestone due on", "title": "Milestone or deliverable"}
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "milestone")
        super().__init__(*args, **kwargs)
        styled(self)

    def _post_clean(self):
        pass


class ReviewForm(forms.ModelForm):
    class Meta:
        model = CaseReview
        fields = ["kind", "held_on", "summary", "engagement"]
        labels = {"kind": "Kind of review", "held_on": "Held on"}
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, engagements=None, **kwargs):
        kwargs.setdefault("prefix", "review")
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = (
            engagements if engagements is not None else Engagement.objects.none()
        )
        styled(self)

    def _post_clean(self):
        pass


class ClosureActionForm(forms.ModelForm):
    class Meta:
        model = ClosureAction
        fields = ["stakeholder", "description", "due_on"]
        labels = {"description": "Closure action", "due_on": "Action due on"}
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "closure")
        super().__init__(*args, **kwargs)
        styled(self)

    def _post_clean(self):
        pass


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person to assign")
    role = forms.ChoiceField(choices=[(role, role.capitalize()) for role in CASE_ROLES])

    def __init__(self, *args, people=None, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        styled(self)


class EngagementLinkForm(forms.Form):
    engagement = forms.ModelChoiceField(
        queryset=Engagement.objects.none(),
        label="Engagement",
        help_text="Industry advisory meetings, trade shows and reviews about the case.",
    )

    def __init__(self, *args, engagements=None, **kwargs):
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = (
            engagements if engagements is not None else Engagement.objects.none()
        )
        styled(self)


class TransitionForm(forms.Form):
    """A transition's button, its note, and the fields it may set (a day, the expiry)."""

    note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, transition: Transition, case: Case, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["note"].label = "Note (required)" if transition.note_required else "Note"
        self.fields["note"].required = transition.note_required
        for name in transition.fields:
            model_field = Case._meta.get_field(name)
            field = model_field.formfield(required=False)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.help_text = _DATE_HINTS.get(name, "Leave blank for today.")
            self.fields[name] = field
        styled(self)

    def values(self) -> dict:
        """The fields given, leaving the defaults (today, the computed expiry) to the service."""
        return {
            name: self.cleaned_data[name]
            for name in self.transition.fields
            if self.cleaned_data.get(name) not in (None, "")
        }


_DATE_HINTS = {
    "offer_expires_on": "Leave blank for the case's offer period after the agency's approval.",
    "closure_due_on": "Leave blank for 12 months after supply and services complete.",
}
