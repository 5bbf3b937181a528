"""Articles → Import: the upload form. A valid upload becomes a preview batch (a dry run) queued for the worker; the
batch's page (``batches.py``) shows its progress, then what the import would do, and confirms it."""


from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..editorial import access
from ..importing import uploads
from ..importing.pipeline import ImportOptions, ImportRefused, reading, start_batch
from ..importing.tasks import queue_import

FORMATS = [("", _("found from the content")), ("dump", _("gov.kz dump (text)")), ("csv", "CSV"), ("xlsx", "XLSX"),
           ("json", "JSON")]
ENCODINGS = [("", _("found from the content")), ("utf-8", "UTF-8"), ("windows-1251", "Windows-1251"),
             ("kz1048", "KZ-1048"), ("koi8-r", "KOI8-R"), ("utf-16", "UTF-16")]


class ImportForm(forms.Form):
    import_file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False,
                                 help_text=_("Of a text file (dump, CSV, JSON); an XLSX workbook has none."))
    publish = forms.BooleanField(required=False, label=_("Publish new items that have no flags"),
                                 help_text=_("Otherwise every new item lands as a draft."))
    all_or_nothing = forms.BooleanField(
        required=False, label=_("All or nothing"),
        help_text=_("Import nothing if any item has an error. Otherwise items with errors are skipped."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("import_file")
        if upload is None:
            return data
        try:
            uploads.check_size(upload.name, upload.size)
            how = reading(upload.name, upload.read(), data.get("format") or None, data.get("encoding") or None)
        except (uploads.UploadRefused, ImportRefused) as error:
            raise ValidationError(str(error)) from error
        finally:
            upload.seek(0)
        data["format"] = how.format
        return data

    def options(self):
        data = self.cleaned_data
        return ImportOptions(format=data["format"], encoding=data.get("encoding") or None,
                             publish=data.get("publish", False), all_or_nothing=data.get("all_or_nothing", False),
                             dry_run=True)


def import_view(model_admin, request):
    """GET: the form; POST: record the upload as a preview batch, queue it, and go to its page."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["import_file"]
        batch = start_batch(upload.name, upload.read(), user=request.user, options=form.options(),
                            agencies=access.can_import_for(request.user),
                            may_publish=request.user.has_perm("articles.publish_article"), store=True)
        queue_import(batch)
        messages.info(request, _("%(file)s is being read: the preview follows. Nothing is imported before you "
                                 "confirm.") % {"file": batch.file_name})
        return HttpResponseRedirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "form": form,
               "title": _("Import releases"), "batches_url": reverse("admin:articles_importbatch_changelist")}
    return TemplateResponse(request, "admin/articles/article/import.html", context)
