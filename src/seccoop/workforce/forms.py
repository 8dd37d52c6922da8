"""Forms of the workforce pages: rating a team on one sub-competency, or one person on all.

The forms only gather what was entered. Whether a level is on the scale and
whether the user may record it are decided by Rating.full_clean() and the
policy, through services.record_ratings, so the rule lives in one place.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from seccoop.workforce.models import (
    AssessmentCycle,
    OrgUnit,
    Person,
    Position,
    RatingSource,
    RoleTemplate,
    RoleType,
)
from seccoop.workforce.services import RatingEntry


def _source_field(sources: list[str], *, radio: bool) -> forms.ChoiceField:
    choices = [(source, f"{RatingSource(source).label} rating") for source in sources]
    if len(choices) == 1:
        widget = forms.HiddenInput
    elif radio:
        widget = forms.RadioSelect(attrs={"class": "usa-radio__input"})
    else:
        widget = forms.Select(attrs={"class": "usa-select"})
    return forms.ChoiceField(
        label="Record as", choices=choices, initial=choices[0][0], widget=widget
    )


def _level_field(label: str, levels: list[tuple[int, str]], blank: str, **kwargs):
    # An integer field shown as a select: a level off the scale posted by hand
    # reaches Rating.full_clean(), which names the scale in its error.
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.Select(choices=[("", blank), *levels], attrs={"class": "usa-select"}),
        **kwargs,
    )


class TeamRatingForm(forms.Form):
    """One level (or none) and a line of evidence per team member, on one sub-competency."""

    def __init__(self, *args, people, levels, sources, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.current = current
        self.level_names = dict(levels)
        self.fields["source"] = _source_field(sources, radio=False)
        for person in self.people:
            self.fields[f"level_{person.pk}"] = _level_field(
                f"Level for {person}", levels, "No new rating"
            )
            self.fields[f"evidence_{person.pk}"] = forms.CharField(
                label=f"Evidence for {person}",
                required=False,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )

    def rows(self):
        """(person, current level row or None, its name, level field, evidence field)."""
        rows = []
        for person in self.people:
            now = self.current.get(person.pk)
            rows.append(
                (
                    person,
                    now,
                    self.level_names.get(now.level, str(now.level)) if now else "",
                    self[f"level_{person.pk}"],
                    self[f"evidence_{person.pk}"],
                )
            )
        return rows

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for person in self.people:
            level = cleaned.get(f"level_{person.pk}")
            if level is not None:
                chosen += 1
            elif cleaned.get(f"evidence_{person.pk}"):
                self.add_error(
                    f"level_{person.pk}", f"{person}: choose a level to go with the evidence."
                )
        if not chosen and not self.errors:
            raise ValidationError("Choose a level for at least one person.")
        return cleaned

    def entries(self, competency) -> list[RatingEntry]:
        return [
            RatingEntry(
                person=person,
                competency=competency,
                level=self.cleaned_data[f"level_{person.pk}"],
                evidence=self.cleaned_data[f"evidence_{person.pk}"].strip(),
            )
            for person in self.people
            if self.cleaned_data.get(f"level_{person.pk}") is not None
        ]


def level_field_name(competency) -> str:
    return "level_" + competency.code.replace(".", "_")


class PersonRatingForm(forms.Form):
    """A level per sub-competency of the framework, each starting at the current level."""

    def __init__(self, *args, person, groups, levels, sources, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.groups = groups
        self.current = current
        self.level_names = dict(levels)
        self.fields["source"] = _source_field(sources, radio=True)
        for group in groups:
            for sub in group.lines:
                now = current.get(sub.pk)
                name = level_field_name(sub)
                self.fields[name] = _level_field(
                    sub.code,
                    levels,
                    "No change" if now else "Not rated",
                    initial=now.level if now else None,
                    help_text=sub.label,
                )
                # The statement and the current level are read out with the select.
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_hint"
        self.fields["evidence"] = forms.CharField(
            label="Evidence",
            help_text="Kept with every rating this form records.",
            required=False,
            widget=forms.Textarea(
                attrs={"class": "usa-textarea", "rows": 3, "aria-describedby": "id_evidence_hint"}
            ),
        )

    def fieldsets(self):
        """[(competency, [(sub-competency, current row or None, its name, field)])]."""
        fieldsets = []
        for group in self.groups:
            lines = []
            for sub in group.lines:
                now = self.current.get(sub.pk)
                name = self.level_names.get(now.level, str(now.level)) if now else ""
                lines.append((sub, now, name, self[level_field_name(sub)]))
            fieldsets.append((group.competency, lines))
        return fieldsets

    def _changed(self):
        for group in self.groups:
            for sub in group.lines:
                level = self.cleaned_data.get(level_field_name(sub))
                now = self.current.get(sub.pk)
                if level is not None and (now is None or now.level != level):
                    yield sub, level

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(True for _ in self._changed()):
            raise ValidationError("No level differs from the current one, so nothing to record.")
        return cleaned

    def entries(self) -> list[RatingEntry]:
        evidence = self.cleaned_data.get("evidence", "").strip()
        return [
            RatingEntry(person=self.person, competency=sub, level=level, evidence=evidence)
            for sub, level in self._changed()
        ]


# --- editing the directory ------------------------------------------------------


def _active_or_current(queryset, current_id):
    """Active records, plus the one already chosen even if archived since, so it stays valid."""
    rule = Q(archived_at__isnull=True)
    if current_id is not None:
        rule |= Q(pk=current_id)
    return queryset.filter(rule)


class RecordForm(forms.ModelForm):
    """The editable fields of a directory record, and the version the editor opened.

    The model's full_clean() validates the entries (through the ModelForm,
    then again in core.services when saving); the save itself goes through
    core.services.create_record/update_record, never through form.save().
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "The form lost the version it was opened at; reload the page."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = _active_or_current(
                    field.queryset, getattr(self.instance, f"{name}_id", None)
                )
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "usa-select")
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("class", "usa-textarea")
            elif isinstance(field.widget, forms.widgets.Input) and not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", "usa-input")

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def saved_values(self, current) -> list[tuple[str, str, bool]]:
        """(label, value saved in `current`, whether it differs from this form's entry)."""
        lines = []
        for name in self._meta.fields:
            saved = getattr(current, name)
            model_field = current._meta.get_field(name)
            if model_field.choices:
                shown = getattr(current, f"get_{name}_display")()
            else:
                shown = "—" if saved in (None, "") else str(saved)
            entered = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            lines.append((str(self.fields[name].label), shown, entered != saved))
        return lines


class OrgUnitForm(RecordForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind", "parent"]
        labels = {"parent": "Part of"}


class PersonForm(RecordForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "grade", "org_unit"]
        help_texts = {"org_unit": "For someone without a position; a position places its holder."}


class PositionForm(RecordForm):
    class Meta:
        model = Position
        fields = [
            "title",
            "role_type",
            "org_unit",
            "incumbent",
            "reports_to",
            "grade",
            "personnel_category",
            "required_clearance",
            "funded",
        ]
        labels = {"reports_to": "Reports to (the supervisor's position)"}


class AssessmentCycleForm(RecordForm):
    class Meta:
        model = AssessmentCycle
        fields = ["name", "framework", "opens_on", "closes_on"]
        labels = {"opens_on": "Opens on", "closes_on": "Closes on"}
        help_texts = {
            "name": "Such as FY2027. The fiscal year runs from 1 October to 30 September "
            "(31 U.S.C. 1102).",
        }
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class RoleTypeForm(RecordForm):
    class Meta:
        model = RoleType
        fields = ["name", "slug", "description"]


class RoleTemplateForm(RecordForm):
    """A template's role type, framework, name and rationale; its levels have their own page.

    The role type and framework are chosen when the template is created and
    then fixed: the required levels are lines of that framework.
    """

    FIXED = ("role_type", "framework")

    class Meta:
        model = RoleTemplate
        fields = ["role_type", "framework", "name", "rationale"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in self.FIXED:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed once the template exists."
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_hint"


class TemplateRequirementsForm(forms.Form):
    """The level a template requires on every sub-competency, one select each.

    A level posted off the scale reaches set_template_requirements, which
    refuses it naming the sub-competency.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, template, groups, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.groups = groups
        self.fields["version"].initial = template.version
        current = {line.competency_id: line.level for line in template.requirements.all()}
        required_levels = [(value, name) for value, name in levels if value]
        for group in groups:
            for sub in group.lines:
                name = level_field_name(sub)
                self.fields[name] = _level_field(
                    sub.code,
                    required_levels,
                    "Not required",
                    initial=current.get(sub.pk),
                    help_text=sub.label,
                )
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def fieldsets(self):
        """[(competency, [(sub-competency, field)])]."""
        return [
            (group.competency, [(sub, self[level_field_name(sub)]) for sub in group.lines])
            for group in self.groups
        ]

    def levels(self) -> dict[str, int | None]:
        return {
            sub.code: self.cleaned_data.get(level_field_name(sub))
            for group in self.groups
            for sub in group.lines
        }

    def field_of(self, code: str) -> str | None:
        for group in self.groups:
            for sub in group.lines:
                if sub.code == code:
                    return level_field_name(sub)
        return None


class RatingWithdrawalForm(forms.Form):
    """Why a rating is withdrawn; whether one may be is for the policy and the service."""

    # Not required here: services.withdraw_rating refuses a blank reason in its own words.
    reason = forms.CharField(
        label="Reason",
        required=False,
        help_text="Kept with the rating in the person's history.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )


class RatingReturnForm(forms.Form):
    """Why a validator returns a supervisor rating; the service refuses a blank reason."""

    reason = forms.CharField(
        label="Reason",
        required=False,
        help_text="The supervisor reads it with the rating; the validated level stands.",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )
