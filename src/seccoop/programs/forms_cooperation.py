"""Forms of the program and agreement pages.

They only gather what was entered; the model's full_clean() (run by the
ModelForm and again by the services) and the policy decide, so each rule
lives in one place. Saving always goes through the services.
"""

from __future__ import annotations

from django import forms
from django.conf import settings

from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import (
    Agreement,
    AgreementDraft,
    AgreementInteraction,
    AgreementObligation,
    ConcurrenceAnswer,
    ConcurrenceOffice,
    CriticalProgramInformation,
    CwpResourcePlan,
    DefDeliverable,
    ExecutionReport,
    FundingLine,
    Instrument,
    NominationScore,
    NoticeKind,
    PartnerContribution,
    PartnerProgramAssessment,
    Program,
    ProgramAssessment,
    ProgramDocument,
    ProgramDocumentVersion,
    RequirementsHarmonization,
    Risk,
    TechnologyReleaseRoadmap,
)
from seccoop.workforce.models import OrgUnit, Person


def uswds(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget its USWDS class, dates a date picker, hints their aria link."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, forms.DateField):
            field.widget = widget = forms.DateInput(
                attrs={"type": "date", "class": "usa-input"}, format="%Y-%m-%d"
            )
        elif isinstance(widget, forms.SelectMultiple):
            widget.attrs.setdefault("class", "usa-select seccoop-multiselect")
            widget.attrs.setdefault("size", 6)
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "usa-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "usa-textarea")
            widget.attrs.setdefault("rows", 4)
        elif isinstance(widget, forms.widgets.Input) and not widget.is_hidden:
            widget.attrs.setdefault("class", "usa-input")
        if field.help_text:
            widget.attrs["aria-describedby"] = f"id_{name}_hint"
    return form


class RecordForm(forms.ModelForm):
    """A work record's fields and, when editing, the version the editor opened."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "The form lost the version it was opened at; reload the page."},
    )
    many_to_many: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        for name in ("org_unit",):
            if name in self.fields:
                self.fields[name].queryset = OrgUnit.objects.active().order_by("path")
        if "countries" in self.fields:
            self.fields["countries"].queryset = Country.objects.order_by("name")
        uswds(self)

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name not in self.many_to_many and name in self.cleaned_data
        }


class ProgramForm(RecordForm):
    many_to_many = ("countries",)

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "description",
            "countries",
            "org_unit",
            "fiscal_year",
            "starts_on",
            "ends_on",
            "quad_chart",
            "full_nomination",
            "nominating_organisation",
            "advocate",
            "endorsing_command",
            "endorsed_on",
            "trl_at_entry",
            "trl_at_exit",
            "partner_equitability",
            "candidate_program",
            "differential_capability",
            "protection_features",
            "industry_cost_share",
            "cost_share_authorised_by",
            "cost_share_authorised_on",
            "cost_share_authorisation_reason",
            "external_id",
        ]
        labels = {
            "countries": "Partner nations",
            "org_unit": "Program team",
            "external_id": "Reference",
            "industry_cost_share": "Industry cost share (%)",
            "nominating_organisation": "Nominating DoD organisation",
            "endorsing_command": "Endorsing combatant command",
            "endorsed_on": "Date of the combatant command's endorsement",
            "trl_at_entry": "Technology readiness at entry",
            "trl_at_exit": "Technology readiness at exit",
            "partner_equitability": "Partner equitability statement",
            "cost_share_authorised_by": "Share below half authorised by",
            "cost_share_authorised_on": "Share below half authorised on",
            "cost_share_authorisation_reason": "Why a share below half was authorised",
        }


class AgreementForm(RecordForm):
    many_to_many = ("countries",)

    def __init__(self, *args, programs=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs
        self.fields["agreement_type"].queryset = self.fields["agreement_type"].queryset.filter(
            archived_at__isnull=True
        )
        self.fields["authority"].queryset = self.fields["authority"].queryset.filter(
            archived_at__isnull=True
        )
        if self.instance.pk:
            # What an instrument is and what it falls under are set when it is added.
            del self.fields["instrument"]
            del self.fields["parent"]
            if self.instance.instrument != Instrument.AMENDMENT:
                # Only an amendment sets a new term for the agreement it amends.
                del self.fields["new_expires_on"]
        else:
            self.fields["instrument"].required = False
            if parents is not None:
                self.fields["parent"].queryset = parents

    def clean_instrument(self):
        return self.cleaned_data.get("instrument") or Instrument.AGREEMENT

    class Meta:
        model = Agreement
        fields = [
            "title",
            "instrument",
            "parent",
            "agreement_type",
            "countries",
            "authority",
            "involves_classified",
            "program",
            "org_unit",
            "statement_of_intent",
            "expires_on",
            "new_expires_on",
            "warning_days",
            "external_id",
        ]
        labels = {
            "agreement_type": "Type",
            "instrument": "What it is",
            "parent": "Falls under (for an amendment, annex or project arrangement)",
            "authority": "Legal authority",
            "involves_classified": "Classified information will be exchanged under it",
            "countries": "Parties (an instrument takes its agreement's if none is chosen)",
            "program": "Program it serves",
            "org_unit": "Team",
            "external_id": "Reference",
            "warning_days": "Warn this many days before expiry",
            "new_expires_on": "New expiry of the agreement amended (an amendment changing "
            "the term)",
        }


class TransitionForm(forms.Form):
    """A note, and the fields the transition sets (dates of signature, expiry...)."""

    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (why, what)"
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The version you opened is missing; reload the page."},
    )

    def __init__(self, *args, transition, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.prefix = transition.name
        if transition.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = "Note (required: say why)"
        for name in transition.fields:
            field = model._meta.get_field(name).formfield()
            field.required = False
            self.fields[name] = field
        uswds(self)

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.transition.fields
            if self.cleaned_data.get(name) not in (None, "")
        }


class AssignmentForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person")
    role = forms.CharField(max_length=100, label="Role", help_text="Such as lead negotiator.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.active().order_by("last_name", "first_name")
        uswds(self)


class NegotiationRoundForm(forms.Form):
    engagement = forms.ModelChoiceField(
        queryset=Engagement.objects.none(), label="Engagement held as a negotiation round"
    )

    def __init__(self, *args, engagements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements
        uswds(self)


class ConcurrenceForm(forms.Form):
    """An office's answer to the circulated draft."""

    office = forms.ChoiceField(label="Office")
    answer = forms.ChoiceField(label="Answer", choices=ConcurrenceAnswer.choices)
    answered_on = forms.DateField(label="Date of the answer")
    official = forms.CharField(max_length=200, required=False, label="Who answered")
    comments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comments (required with a non-concurrence)",
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [
            (office, ConcurrenceOffice(office).label) for office in offices
        ]
        uswds(self)


class ObligationForm(forms.ModelForm):
    """Something the agreement obliges its parties to do."""

    def __init__(self, *args, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contribution"].queryset = contributions
        self.fields["owner"].queryset = Person.objects.active().order_by("last_name", "first_name")
        uswds(self)

    class Meta:
        model = AgreementObligation
        fields = ["kind", "description", "owner", "due_on", "contribution"]
        labels = {"contribution": "Partner contribution that meets it"}


class NoticeForm(forms.Form):
    """A report or notice recorded as sent."""

    kind = forms.ChoiceField(label="Report or notice", choices=NoticeKind.choices)
    sent_on = forms.DateField(label="Sent on")
    reference = forms.CharField(max_length=200, required=False, label="Reference")

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [
                (value, label) for value, label in NoticeKind.choices if value in kinds
            ]
        uswds(self)


class DocumentForm(forms.ModelForm):
    version_summary = forms.CharField(
        max_length=500, required=False, label="First version: what it is"
    )
    version_reference = forms.CharField(
        max_length=300, required=False, label="First version: where the file is kept"
    )

    class Meta:
        model = ProgramDocument
        fields = ["kind", "title", "classification", "cui_categories", "releasable_to"]
        labels = {"releasable_to": "Releasable to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["releasable_to"].queryset = Country.objects.order_by("name")
        uswds(self)


class DraftUploadForm(forms.ModelForm):
    """A new version of an agreement's draft text: the file, what changed, its marking."""

    file = forms.FileField(
        label="Draft text",
        help_text="A plain-text file (.txt, UTF-8). PDF is not accepted: its text cannot be "
        "compared version to version.",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".txt"}),
    )

    class Meta:
        model = AgreementDraft
        fields = ["note", "classification", "cui_categories", "releasable_to"]
        labels = {"note": "What changed", "releasable_to": "Releasable to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["releasable_to"].queryset = Country.objects.order_by("name")
        uswds(self)


class DocumentVersionForm(forms.ModelForm):
    class Meta:
        model = ProgramDocumentVersion
        fields = ["dated_on", "summary", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uswds(self)


# The records kept around a program, each added from the program's page.
# kind: (model, fields, heading)
PROGRAM_RECORDS = {
    "contribution": (
        PartnerContribution,
        ["country", "kind", "fiscal_year", "amount", "description"],
        "Partner contribution",
    ),
    "funding": (
        FundingLine,
        ["fiscal_year", "phase", "appropriation", "program_element", "budget_line_item", "amount"],
        "Funding line",
    ),
    "execution": (
        ExecutionReport,
        ["funding_line", "month", "planned_obligations", "committed", "obligated", "expended"],
        "Monthly execution report",
    ),
    "resource-plan": (
        CwpResourcePlan,
        ["fiscal_year", "cwp_funds", "partner_funds"],
        "CWP resource plan year",
    ),
    "score": (
        NominationScore,
        ["criterion", "score", "comments"],
        "CWP selection score",
    ),
    "deliverable": (
        DefDeliverable,
        ["title", "due_on", "delivered_on", "notes"],
        "DEF study deliverable",
    ),
    "assessment": (
        ProgramAssessment,
        ["kind", "assessed_on", "findings", "recommendation"],
        "Acquisition and exportability assessment",
    ),
    "cpi": (
        CriticalProgramInformation,
        ["name", "description", "countermeasures", "identified_on"],
        "Critical program information",
    ),
    "roadmap": (
        TechnologyReleaseRoadmap,
        ["technology", "countries", "planned_release_on", "decision_needed", "notes"],
        "Technology release roadmap",
    ),
    "harmonization": (
        RequirementsHarmonization,
        ["country", "requirement", "us_position", "partner_position", "status"],
        "Requirements harmonization",
    ),
    "partner-assessment": (
        PartnerProgramAssessment,
        ["country", "partner_program", "assessed_on", "potential_benefit", "recommendation"],
        "Assessment of a partner's acquisition program",
    ),
    "risk": (
        Risk,
        ["title", "likelihood", "impact", "mitigation", "status"],
        "Risk",
    ),
}

INTERACTION_FIELDS = ["kind", "occurred_on", "summary", "engagement"]


def record_form(model, fields, *args, program=None, **kwargs) -> forms.ModelForm:
    """A form for one of the records kept around a program or agreement."""
    form_class = forms.modelform_factory(model, fields=fields)
    form = form_class(*args, **kwargs)
    for name in ("country", "countries"):
        if name in form.fields:
            form.fields[name].queryset = Country.objects.order_by("name")
    if "funding_line" in form.fields:
        # Only the program's own lines can be reported against.
        form.fields["funding_line"].queryset = (
            program.funding_lines.active() if program is not None else FundingLine.objects.none()
        )
    if "criterion" in form.fields:
        form.fields["criterion"] = forms.ChoiceField(
            label="Criterion",
            choices=[
                (c, c.replace("-", " ").capitalize())
                for c in settings.SECCOOP_CWP_SELECTION_CRITERIA
            ],
            help_text="The selection criteria and their weights are the panel's settings.",
        )
    if "score" in form.fields:
        form.fields["score"].help_text = f"From 0 to {settings.SECCOOP_CWP_SCORE_MAX}."
    return uswds(form)


def interaction_form(*args, engagements, **kwargs) -> forms.ModelForm:
    form = record_form(AgreementInteraction, INTERACTION_FIELDS, *args, **kwargs)
    form.fields["engagement"].queryset = engagements
    form.fields["engagement"].required = False
    return form
