"""The import screens: django-import-export's upload, preview and confirm, with kzpress's options and checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from ..importing import uploads

IMPORT_OPTIONS = {
    "publish": forms.BooleanField(
        required=False, label=_("Publish new items that have no flags"),
        help_text=_("Otherwise every new item lands as a draft."),
    ),
    "all_or_nothing": forms.BooleanField(
        required=False, label=_("All or nothing"),
        help_text=_("Import nothing if any item has an error. Otherwise items with errors are skipped."),
    ),
}


class ArticleImportForm(ImportForm):
    publish = IMPORT_OPTIONS["publish"]
    all_or_nothing = IMPORT_OPTIONS["all_or_nothing"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.format_classes = formats

    def clean(self):
        data = super().clean()
        upload, chosen = data.get("import_file"), data.get("format")
        if upload is None or chosen in (None, ""):
            return data
        fmt = self.format_classes[int(chosen)]
        name = fmt().get_title() if hasattr(fmt, "get_title") else ""
        try:
            uploads.check_upload(upload.name, upload.size, upload.read(64 * 1024), name.lower())
            upload.seek(0)
            if name.lower() == "xlsx":
                uploads.check_xlsx(upload.name, upload)
        except uploads.UploadRefused as error:
            raise ValidationError(str(error)) from error
        return data


class ArticleConfirmImportForm(ConfirmImportForm):
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    all_or_nothing = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ImportOptions:
    """ArticleAdmin's import: the options chosen on the upload travel to the confirm step and to the loader."""

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial.update({name: import_form.cleaned_data.get(name) for name in IMPORT_OPTIONS})
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        options = {name: form.cleaned_data.get(name) for name in IMPORT_OPTIONS} if form else {}
        return {**super().get_import_data_kwargs(**kwargs), **options}
