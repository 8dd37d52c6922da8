"""Forms of the controls pages.

They only gather what was entered; the services validate the records with
full_clean() and check the policy, so each rule lives in one place.
"""

from __future__ import annotations

from django import forms

from seccoop.controls.models import (
    CeilingLevel,
    CeilingValue,
    CountryOutcome,
    CriterionFinding,
    DelegationOfDisclosureAuthority,
    DisclosureCategory,
    DisclosureCriterion,
    DisclosureMethod,
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    IncidentKind,
    InventoryResult,
    Nominee,
    PolicyRestriction,
    ReviewKind,
    ReviewOutcome,
    SecurityAgreement,
    Vetting,
)
from seccoop.partners.models import Classification, Country, Engagement
from seccoop.programs.models import Agreement, Case, Program
from seccoop.workforce.models import Person

USWDS = {
    forms.DateInput: "usa-input",
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select seccoop-multiselect",
    forms.Textarea: "usa-textarea",
    forms.TextInput: "usa-input",
    forms.NumberInput: "usa-input",
}


def styled(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget its USWDS class; dates get the browser's date picker."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.SelectMultiple):
            widget.attrs.setdefault("size", 6)
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)
        for kind, css in USWDS.items():
            if isinstance(widget, kind):
                widget.attrs.setdefault("class", css)
                break
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class StyledModelForm(forms.ModelForm):
    """A model's fields gathered for a service; never saved through form.save()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def _post_clean(self):
        # The services validate the whole record (with the policy and the
        # relations); validating a half-built instance here would repeat it.
        pass


def _countries():
    return Country.objects.active().order_by("name")


def _people():
    return Person.objects.active().order_by("last_name", "first_name")


class DisclosureRequestForm(StyledForm):
    title = forms.CharField(max_length=300, help_text="What is to be released.")
    description = forms.CharField(widget=forms.Textarea, required=False)
    category = forms.ChoiceField(
        choices=DisclosureCategory.choices, help_text="The National Disclosure Policy category."
    )
    classification = forms.ChoiceField(choices=Classification.choices)
    cui_categories = forms.CharField(
        label="CUI categories",
        max_length=200,
        required=False,
        help_text="Such as EXPT, comma-separated.",
    )
    countries = forms.ModelMultipleChoiceField(
        queryset=_countries(), help_text="The countries it would go to."
    )
    releasable_to = forms.ModelMultipleChoiceField(
        queryset=_countries(),
        required=False,
        label="Marked releasable to",
        help_text="Leave empty when no releasability limit is set.",
    )
    case = forms.ModelChoiceField(queryset=Case.objects.active(), required=False)
    program = forms.ModelChoiceField(queryset=Program.objects.active(), required=False)
    agreement = forms.ModelChoiceField(queryset=Agreement.objects.active(), required=False)
    visit = forms.ModelChoiceField(
        queryset=Engagement.objects.active(), required=False, label="Foreign visit (engagement)"
    )
    visit_description = forms.CharField(
        max_length=300, required=False, label="Foreign visit (described)"
    )
    submitted_on = forms.DateField(widget=forms.DateInput)
    reviews = forms.MultipleChoiceField(
        choices=ReviewKind.choices, required=False, label="Reviews needed"
    )
    information_level = forms.ChoiceField(
        choices=CeilingLevel.choices,
        initial=CeilingLevel.UNCLASSIFIED,
        label="Level of the information to be disclosed",
        help_text="Checked against each country's ceiling in the category (NDP-1). The record "
        "itself holds metadata only.",
    )
    delegation = forms.ModelChoiceField(
        queryset=DelegationOfDisclosureAuthority.objects.active().filter(approved_on__isnull=False),
        required=False,
        label="Delegation letter",
        help_text="The approved letter releases under this request follow (DoDD 5230.11, "
        "enclosure 4).",
    )


class TransitionForm(StyledForm):
    """A move of a disclosure request, with the decision's reasons and conditions."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reasons = forms.CharField(widget=forms.Textarea, required=False, label="Reasons")
    conditions = forms.CharField(
        widget=forms.Textarea, required=False, label="Conditions and limitations"
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note")

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.countries = list(countries)
        choices = [("", "As the decision says"), *CountryOutcome.choices]
        for country in self.countries:
            self.fields[f"outcome_{country.pk}"] = forms.ChoiceField(
                choices=choices, required=False, label=f"Decision for {country.name}"
            )
        add_criteria_fields(self)
        styled(self)

    def country_fields(self):
        return [self[f"outcome_{country.pk}"] for country in self.countries]

    def criteria_fields(self):
        return criteria_bound_fields(self)

    def criteria_lines(self):
        return criteria_lines(self)

    def lines(self):
        from seccoop.controls.services import CountryLine

        return [
            CountryLine(country, outcome)
            for country in self.countries
            if (outcome := self.cleaned_data.get(f"outcome_{country.pk}"))
        ]


class AddReviewForm(StyledForm):
    kind = forms.ChoiceField(choices=ReviewKind.choices, label="Review needed")
    reviewer = forms.ModelChoiceField(queryset=_people(), required=False)


class CompleteReviewForm(StyledForm):
    outcome = forms.ChoiceField(
        choices=[c for c in ReviewOutcome.choices if c[0] != ReviewOutcome.PENDING]
    )
    completed_on = forms.DateField(widget=forms.DateInput)
    comments = forms.CharField(widget=forms.Textarea, required=False)


class ReleaseForm(StyledForm):
    country = forms.ModelChoiceField(queryset=_countries(), label="Released to")
    released_on = forms.DateField(widget=forms.DateInput)
    method = forms.ChoiceField(
        choices=[("", "—"), *DisclosureMethod.choices],
        required=False,
        label="Disclosure method",
        help_text="Required when the request follows a delegation letter.",
    )
    level = forms.ChoiceField(
        choices=[("", "The request's level"), *CeilingLevel.choices],
        required=False,
        label="Highest level released",
        help_text="When less than the request's level, such as under an exception granted "
        "at a lower level.",
    )
    description = forms.CharField(max_length=300, required=False, label="What was released")


class DelegationForm(StyledModelForm):
    """The elements of a delegation letter, in the order of DoDD 5230.11, enclosure 4."""

    disclosure_methods = forms.MultipleChoiceField(
        choices=DisclosureMethod.choices, help_text="Oral, visual, documentary or materiel."
    )
    categories = forms.MultipleChoiceField(
        choices=DisclosureCategory.choices,
        label="NDP categories permitted",
        help_text="The categories of classified military information it permits (NDP-1).",
    )

    class Meta:
        model = DelegationOfDisclosureAuthority
        fields = [
            "subject_kind", "program", "agreement", "subject_name", "title",
            "classification_ceiling", "disclosure_methods", "categories", "countries", "scope",
            "may_disclose", "may_not_disclose", "procedures", "redelegation", "effective_on",
        ]  # fmt: skip
        widgets = {"effective_on": forms.DateInput}
        labels = {
            "subject_kind": "The letter governs",
            "subject_name": "Position, personnel or organization",
            "may_disclose": "Authorized for disclosure",
            "may_not_disclose": "Not authorized for disclosure",
        }


class ApproveDelegationForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    approving_authority = forms.CharField(
        max_length=200,
        label="Designated disclosure authority",
        help_text="The official who approved the letter, by title.",
    )
    approved_on = forms.DateField(widget=forms.DateInput)


# --- ceilings, restrictions, exceptions and criteria -------------------------------------


def add_criteria_fields(form) -> None:
    """A finding and a rationale for each criterion of DoDD 5230.11, enclosure 3."""
    choices = [("", "—"), *CriterionFinding.choices]
    for criterion in DisclosureCriterion:
        form.fields[f"finding_{criterion.value}"] = forms.ChoiceField(
            choices=choices, required=False, label=f"Finding: {criterion.label}"
        )
        form.fields[f"rationale_{criterion.value}"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            label=f"Why: {criterion.label}",
        )


def criteria_bound_fields(form):
    return [(form[f"finding_{c.value}"], form[f"rationale_{c.value}"]) for c in DisclosureCriterion]


def criteria_lines(form):
    from seccoop.controls.disclosure_policy import CriterionLine

    return [
        CriterionLine(
            c.value,
            form.cleaned_data.get(f"finding_{c.value}", ""),
            form.cleaned_data.get(f"rationale_{c.value}", ""),
        )
        for c in DisclosureCriterion
    ]


class CeilingForm(StyledForm):
    country = forms.ModelChoiceField(queryset=_countries())
    category = forms.ChoiceField(choices=DisclosureCategory.choices, label="NDP category")
    level = forms.ChoiceField(
        choices=CeilingValue.choices,
        label="Ceiling",
        help_text="The highest level that may be disclosed without an exception.",
    )
    effective_on = forms.DateField(widget=forms.DateInput)
    source_note = forms.CharField(
        max_length=300,
        label="Entered from",
        help_text="The chart and its date the value was entered from.",
    )


class RestrictionForm(StyledModelForm):
    class Meta:
        model = PolicyRestriction
        fields = [
            "country", "category", "title", "description", "authority", "effective_on",
            "lifted_on",
        ]  # fmt: skip
        widgets = {"effective_on": forms.DateInput, "lifted_on": forms.DateInput}
        labels = {"category": "NDP category"}


class ExceptionForm(StyledForm):
    """What, to whom, why, and the assessment against each criterion (DoDD 5230.11)."""

    information = forms.CharField(
        widget=forms.Textarea, label="What", help_text="The information, described by metadata."
    )
    countries = forms.ModelMultipleChoiceField(queryset=_countries(), label="To whom")
    justification = forms.CharField(
        widget=forms.Textarea, label="Why", help_text="The purpose and the benefit sought."
    )

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if countries is not None:
            self.fields["countries"].queryset = countries
        add_criteria_fields(self)
        styled(self)

    def criteria_fields(self):
        return criteria_bound_fields(self)

    def criteria_lines(self):
        return criteria_lines(self)


class ExceptionMoveForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decided_on = forms.DateField(widget=forms.DateInput, required=False, label="Decided on")
    decision_reference = forms.CharField(
        max_length=200, required=False, label="Committee decision reference"
    )
    decision_conditions = forms.CharField(
        widget=forms.Textarea, required=False, label="Conditions set by the committee"
    )
    valid_until = forms.DateField(
        widget=forms.DateInput, required=False, label="Valid until", help_text="If limited."
    )
    granted_countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.none(),
        required=False,
        label="Countries granted",
        help_text="When approving: leave empty when the committee granted every country requested.",
    )
    granted_level = forms.ChoiceField(
        choices=[("", "The level requested"), *CeilingLevel.choices],
        required=False,
        label="Level granted",
        help_text="When approving: the highest level the committee granted.",
    )
    note = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if countries is not None:
            self.fields["granted_countries"].queryset = countries


class SecurityAgreementForm(StyledModelForm):
    class Meta:
        model = SecurityAgreement
        fields = [
            "country", "kind", "title", "status", "signed_on", "in_force_on", "expires_on", "notes",
        ]  # fmt: skip
        widgets = dict.fromkeys(("signed_on", "in_force_on", "expires_on"), forms.DateInput)


class EndUseItemForm(StyledModelForm):
    class Meta:
        model = EndUseItem
        fields = [
            "case", "case_line", "article", "description", "serial_number", "quantity",
            "arrived_on", "location", "external_id",
        ]  # fmt: skip
        # A disposal is recorded on the item's page, once consent to it is recorded (SAMM C8.7).
        widgets = {"arrived_on": forms.DateInput}
        labels = {"external_id": "External id"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only articles still designated are offered (SAMM C8.4; DSCA policy 23-44).
        self.fields["article"].queryset = EeumArticle.objects.active().filter(
            withdrawn_on__isnull=True
        )


class InventoryForm(StyledForm):
    inventoried_on = forms.DateField(widget=forms.DateInput)
    result = forms.ChoiceField(choices=InventoryResult.choices)
    notes = forms.CharField(widget=forms.Textarea, required=False)


class IncidentForm(StyledForm):
    kind = forms.ChoiceField(choices=IncidentKind.choices)
    occurred_on = forms.DateField(widget=forms.DateInput, required=False)
    discovered_on = forms.DateField(widget=forms.DateInput)
    description = forms.CharField(widget=forms.Textarea)
    reported_on = forms.DateField(widget=forms.DateInput, required=False)


class NomineeForm(StyledModelForm):
    class Meta:
        model = Nominee
        fields = ["country", "kind", "name", "unit", "nominated_on", "assistance_proposed"]
        widgets = {"nominated_on": forms.DateInput}


class VettingForm(StyledModelForm):
    class Meta:
        model = Vetting
        fields = [
            "requested_on", "result", "vetted_on", "expires_on", "findings", "remediation",
            "remediated_on",
        ]  # fmt: skip
        widgets = dict.fromkeys(
            ("requested_on", "vetted_on", "expires_on", "remediated_on"), forms.DateInput
        )
        help_texts = {"expires_on": "A year after the result when left empty."}


class AssistanceForm(StyledForm):
    provided_on = forms.DateField(widget=forms.DateInput)
    description = forms.CharField(max_length=300, label="Assistance given")
    case = forms.ModelChoiceField(queryset=Case.objects.active(), required=False)


class ConstraintForm(StyledModelForm):
    class Meta:
        model = ExecutionConstraint
        fields = [
            "kind", "title", "description", "plan_reference", "program", "case", "country",
            "identified_on", "status", "mitigation", "resolved_on",
        ]  # fmt: skip
        widgets = {"identified_on": forms.DateInput, "resolved_on": forms.DateInput}


class AssignForm(StyledForm):
    person = forms.ModelChoiceField(queryset=_people())
    role = forms.CharField(max_length=100, help_text="Such as reviewer or EEUM monitor.")
