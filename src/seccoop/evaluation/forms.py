"""The forms of the evaluation pages, built from the kinds' descriptions.

A form validates through the model (ModelForm, then full_clean() again in
the services); its choices of related records are the ones the user may see.
The save itself goes through `evaluation.services.save_record`.
"""

from __future__ import annotations

from django import forms
from django.forms import modelform_factory

from seccoop.core import permissions
from seccoop.evaluation.kinds import Kind
from seccoop.workforce.forms import RecordForm
from seccoop.workforce.models import Person


class EvaluationRecordForm(RecordForm):
    """A record's fields and links, with the version it was opened at."""

    kind: Kind

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = permissions.visible_to(user, field.queryset)
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.queryset = field.queryset.filter(archived_at__isnull=True)
                field.widget.attrs.update({"class": "usa-select", "size": "6"})
                field.help_text = field.help_text or "Hold Ctrl (or ⌘) to choose several."
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"
        if "depends_on" in self.fields and self.instance.pk:
            self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
                pk=self.instance.pk
            )

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.kind.fields if name in self.fields}

    def links(self) -> dict:
        return {
            name: list(self.cleaned_data[name]) for name in self.kind.links if name in self.fields
        }

    def saved_values(self, current):
        names = [name for name in self.kind.fields if name in self.fields]
        lines = []
        for name in names:
            saved = getattr(current, name)
            model_field = current._meta.get_field(name)
            if model_field.choices:
                shown = getattr(current, f"get_{name}_display")()
            else:
                shown = "—" if saved in (None, "") else str(saved)
            entered = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            lines.append((str(self.fields[name].label), shown, entered != saved))
        return lines


def form_for(kind: Kind, *, fixed: tuple[str, ...] = ()) -> type[EvaluationRecordForm]:
    """The form class of a kind; `fixed` fields (the parent, on a child's form) are left out."""
    names = [name for name in (*kind.fields, *kind.links) if name not in fixed]
    widgets = {}
    for name in names:
        model_field = kind.model._meta.get_field(name)
        if model_field.get_internal_type() == "DateField":
            widgets[name] = forms.DateInput(attrs={"type": "date", "class": "usa-input"})
    return modelform_factory(
        kind.model,
        form=type(f"{kind.model.__name__}Form", (EvaluationRecordForm,), {"kind": kind}),
        fields=names,
        widgets=widgets,
    )


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), widget=forms.Select(attrs={"class": "usa-select"})
    )
    role = forms.CharField(
        max_length=100,
        help_text="Such as evaluator, activity lead or indicator owner.",
        widget=forms.TextInput(attrs={"class": "usa-input", "aria-describedby": "id_role_hint"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user).active().order_by("last_name", "first_name")
        )


class MoveForm(forms.Form):
    """A transition of the recommendation workflow, with its note and the values it sets."""

    transition = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        label="Why (required to reject)",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
    )
    action_taken = forms.CharField(
        required=False,
        label="Action taken (required to mark it implemented)",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
    )
