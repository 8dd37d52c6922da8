"""Forms of the logistics pages.

They only gather what was entered; the services validate the records with
full_clean() and check the policy, so each rule lives in one place.
"""

from __future__ import annotations

from django import forms

from seccoop.controls.forms import StyledForm, StyledModelForm
from seccoop.logistics.models import (
    Acsa,
    AcsaOrder,
    ImplementingArrangement,
    OrderSettlement,
    SupplyArrangement,
)
from seccoop.partners.models import Country, OrganizationKind, PartnerOrganization
from seccoop.programs.models import Case
from seccoop.workforce.models import OrgUnit, Person

DATES = forms.DateInput


class AcsaForm(StyledModelForm):
    class Meta:
        model = Acsa
        fields = [
            "country", "organization", "identifier", "title", "kind", "status", "signed_on",
            "expires_on", "org_unit", "notes",
        ]  # fmt: skip
        widgets = dict.fromkeys(("signed_on", "expires_on"), DATES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.active().order_by("name")
        self.fields["organization"].queryset = PartnerOrganization.objects.active().filter(
            kind=OrganizationKind.INTERNATIONAL
        )
        self.fields["org_unit"].queryset = OrgUnit.objects.active().order_by("name")


class ArrangementForm(StyledModelForm):
    class Meta:
        model = ImplementingArrangement
        fields = [
            "title", "us_party", "partner_party", "signed_on", "expires_on",
            "reconciliation_days", "notes",
        ]  # fmt: skip
        widgets = dict.fromkeys(("signed_on", "expires_on"), DATES)


class OrderForm(StyledModelForm):
    class Meta:
        model = AcsaOrder
        fields = [
            "arrangement", "number", "direction", "category", "description", "payment_method",
            "amount", "ordered_on", "delivered_on", "reconcile_by", "notes",
        ]  # fmt: skip
        widgets = dict.fromkeys(("ordered_on", "delivered_on", "reconcile_by"), DATES)

    def __init__(self, *args, acsa=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrangement"].queryset = (
            ImplementingArrangement.objects.active().filter(acsa=acsa)
            if acsa is not None
            else ImplementingArrangement.objects.none()
        )


class SettlementForm(StyledModelForm):
    class Meta:
        model = OrderSettlement
        fields = ["settled_on", "method", "amount", "reference", "notes"]
        widgets = {"settled_on": DATES}


class SupplyArrangementForm(StyledModelForm):
    class Meta:
        model = SupplyArrangement
        fields = [
            "country", "kind", "title", "implementing_agency", "status", "supported_systems",
            "fmso_i_case", "fmso_ii_case", "equity_value", "signed_on", "org_unit", "notes",
        ]  # fmt: skip
        widgets = {"signed_on": DATES}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.active().order_by("name")
        self.fields["org_unit"].queryset = OrgUnit.objects.active().order_by("name")
        # Only the cases the user may see are offered.
        cases = Case.objects.visible_to(user).active().order_by("identifier")
        self.fields["fmso_i_case"].queryset = cases
        self.fields["fmso_ii_case"].queryset = cases


class AssignForm(StyledForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    role = forms.CharField(max_length=100, help_text="Such as ACSA manager or order officer.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.active().order_by("last_name", "first_name")
