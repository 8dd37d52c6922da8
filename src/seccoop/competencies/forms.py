"""Forms of the framework browser."""

from django import forms

from seccoop.competencies.services import EXPORT_FORMATS

# A framework of tens of thousands of items is a few megabytes; more is a mistake.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label="Framework file",
        help_text="A CASE 1.0 package (JSON) or a Moodle competency framework CSV file.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // (1024 * 1024)} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return upload


class FrameworkExportForm(forms.Form):
    format = forms.ChoiceField(choices=list(EXPORT_FORMATS.items()))
