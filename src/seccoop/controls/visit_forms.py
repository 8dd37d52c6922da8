"""Forms of the foreign visit, exchange and end-use oversight pages.

They gather what was entered; the services validate and check the policy.
"""

from __future__ import annotations

from django import forms

from seccoop.controls.forms import StyledForm, StyledModelForm, _people
from seccoop.controls.models import (
    CaseLineDesignation,
    ComplianceVisit,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    EeumArticle,
    EndUseItem,
    EndUseRequest,
    EndUseRequestOutcome,
    ExtensionKind,
    ForeignRepresentative,
    UseIncident,
    VisitRequest,
)

DATE = forms.DateInput


class VisitRequestForm(StyledModelForm):
    class Meta:
        model = VisitRequest
        fields = [
            "country", "kind", "reference", "visitors", "host_organization", "host", "purpose",
            "starts_on", "ends_on", "information", "disclosure_request", "escort",
            "classification", "cui_categories", "releasable_to",
        ]  # fmt: skip
        labels = {"cui_categories": "CUI categories", "releasable_to": "Marked releasable to"}
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosure_request"].queryset = DisclosureRequest.objects.active()
        self.fields["host"].queryset = _people()
        self.fields["escort"].queryset = _people()


class VisitMoveForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision_reasons = forms.CharField(
        widget=forms.Textarea, required=False, label="Reasons for the decision"
    )
    amendments = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Amendments",
        help_text="For an approval as amended: what changed (dates, visitors, scope).",
    )
    after_visit_record = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="After-visit record",
        help_text="Once the visit has taken place: who came, what was disclosed, any incident.",
    )
    note = forms.CharField(max_length=500, required=False, label="Note for the log")


class RepresentativeForm(StyledModelForm):
    class Meta:
        model = ForeignRepresentative
        fields = [
            "country", "kind", "name", "position", "host_organization", "contact_officer",
            "certified_on", "certification_ends_on", "reports_on", "departs_on", "duties",
            "access", "governing_letter", "letter_reference", "letter_dated", "letter_ends_on",
        ]  # fmt: skip
        widgets = dict.fromkeys(
            ("certified_on", "certification_ends_on", "reports_on", "departs_on",
             "letter_dated", "letter_ends_on"),
            DATE,
        )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_officer"].queryset = _people()
        self.fields["governing_letter"].queryset = DelegationOfDisclosureAuthority.objects.active()


class ExtensionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ExtensionKind.choices, label="What is extended")
    extended_to = forms.DateField(widget=DATE, label="New end")
    approved_on = forms.DateField(widget=DATE)
    authority = forms.CharField(max_length=200, help_text="Who approved it, and the reference.")


class EeumArticleForm(StyledModelForm):
    class Meta:
        model = EeumArticle
        fields = ["name", "designation_reference", "designated_on", "withdrawn_on"]
        widgets = {"designated_on": DATE, "withdrawn_on": DATE}


class DesignationForm(StyledModelForm):
    class Meta:
        model = CaseLineDesignation
        fields = ["case_line", "article", "loa_note", "designated_on"]
        widgets = {"designated_on": DATE}


class ComplianceVisitForm(StyledModelForm):
    class Meta:
        model = ComplianceVisit
        fields = ["country", "starts_on", "ends_on", "team_lead", "scope", "summary"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class FindingForm(StyledForm):
    description = forms.CharField(widget=forms.Textarea)
    item = forms.ModelChoiceField(queryset=EndUseItem.objects.active(), required=False)
    corrective_action = forms.CharField(widget=forms.Textarea, required=False)
    action_due_on = forms.DateField(widget=DATE, required=False)


class CloseFindingForm(StyledForm):
    corrective_action = forms.CharField(widget=forms.Textarea, label="Corrective action taken")
    closed_on = forms.DateField(widget=DATE)


class EndUseRequestForm(StyledModelForm):
    class Meta:
        model = EndUseRequest
        fields = ["kind", "item", "received_on", "description", "recipient"]
        widgets = {"received_on": DATE}


class DecideRequestForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        choices=[c for c in EndUseRequestOutcome.choices if c[0] != EndUseRequestOutcome.PENDING]
    )
    decided_on = forms.DateField(widget=DATE)
    decided_by = forms.CharField(max_length=200)
    reasons = forms.CharField(widget=forms.Textarea, required=False)
    conditions = forms.CharField(widget=forms.Textarea, required=False)


class DisposalForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    disposed_on = forms.DateField(widget=DATE, label="Disposed of on")


class ViolationForm(StyledForm):
    item = forms.ModelChoiceField(queryset=EndUseItem.objects.active())
    incident = forms.ModelChoiceField(queryset=UseIncident.objects.active(), required=False)
    discovered_on = forms.DateField(widget=DATE)
    description = forms.CharField(widget=forms.Textarea)


class NoticeForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sent_on = forms.DateField(widget=DATE, required=False, label="Sent on")
    acknowledged_on = forms.DateField(widget=DATE, required=False, label="Acknowledged on")
    acknowledged_by = forms.CharField(max_length=200, required=False, label="Acknowledged by")
