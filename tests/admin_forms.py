"""Build the POST data of an admin change page from its GET response, as a browser would submit it."""

from django.forms import MultiWidget
from django.utils import timezone


def _form_fields(form, data):
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if value is None or value is False:
            continue
        if isinstance(field.widget, MultiWidget):  # the admin's split date and time
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = field.widget.widgets[index].format_value(part)
        elif value is True:
            data[key] = "on"
        else:
            data[key] = value


def change_form_data(response):
    data = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        _form_fields(inline.formset.management_form, data)
        for subform in inline.formset.forms:
            _form_fields(subform, data)
    return data
