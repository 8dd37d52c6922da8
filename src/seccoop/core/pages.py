"""What every app's pages share: errors on forms and in flashes, pages of a list, USWDS widgets.

One copy of each, so a list pages, a refused save reads and a filter form
looks the same in every app.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator

# Rows on one page of a list.
PAGE_SIZE = 50


# --- errors -------------------------------------------------------------------------


def put_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's validation errors on the form's fields of the same name, or above it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, errors: forms.BaseForm | ValidationError) -> None:
    """Show a form's errors, or a refused write's, as error messages on the next page.

    For pages whose form is a button on another page (assign, add an action):
    each field's error reads "Label: message", a form-wide one just the message.
    """
    if isinstance(errors, ValidationError):
        for message in errors.messages:
            messages.error(request, message)
        return
    for name, field_errors in errors.errors.items():
        label = errors[name].label if name in errors.fields else ""
        for error in field_errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- pages of a list ------------------------------------------------------------------


def elided_range(page: Page) -> list:
    """The page numbers a pager shows: the ends, two either side of this one, ellipses between."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def page_of(request, rows, *, per_page: int = PAGE_SIZE) -> tuple[Page, list]:
    """The page of `rows` the query string asks for (`?page=`), and its pager's numbers."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return page, elided_range(page)


# --- USWDS widgets --------------------------------------------------------------------

USWDS_CLASSES = {
    forms.Select: "usa-select",
    forms.TextInput: "usa-input",
    forms.NumberInput: "usa-input",
    forms.Textarea: "usa-textarea",
}


def with_uswds_classes(form: forms.BaseForm) -> forms.BaseForm:
    """Give the widgets of a form built elsewhere (such as a FilterSet's) their USWDS classes.

    A filled-in field whose value is refused (a filter's, which the list then
    leaves out) points to its error message, as `filter_field.html` shows it.
    """
    for field in form.fields.values():
        for widget_type, css_class in USWDS_CLASSES.items():
            if isinstance(field.widget, widget_type):
                field.widget.attrs.setdefault("class", css_class)
                break
    if form.is_bound:
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["aria-describedby"] = (
                    f"{form[name].id_for_label}-error"
                )
    return form
