"""
django-import-export resource for articles.

Export: the flat rows of ``articles.importing.formats.export_dataset``. Import: each dataset row
becomes a ``Release`` through ``release_from_row`` and is written by
``load_releases`` — the same rules as the command line — and the outcome is reported
in import-export's ``Result`` so that its preview and confirm steps work unchanged.
"""


from django.utils.html import format_html, format_html_join
from import_export import resources
from import_export.results import Error, Result, RowResult

from ..editorial import access
from ..models import Article
from ..text import inline_diff
from .formats import ROW_FIELDS, export_dataset, export_queryset, release_from_row
from .loading import Outcome, load_releases

IMPORT_TYPES = {
    Outcome.NEW: RowResult.IMPORT_TYPE_NEW,
    Outcome.CHANGED: RowResult.IMPORT_TYPE_UPDATE,
    Outcome.CONFLICT: RowResult.IMPORT_TYPE_UPDATE,
    Outcome.UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
    Outcome.ERROR: RowResult.IMPORT_TYPE_ERROR,
}
PREVIEW_HEADERS = ["line", "item", "outcome", "details"]


class ArticleResource(resources.ModelResource):
    class Meta:
        model = Article
        import_id_fields = ["source_url"]
        skip_unchanged = True
        fields = ["source_url"]

    def get_export_headers(self, selected_fields=None):
        return list(ROW_FIELDS)

    def get_user_visible_fields(self):
        return [resources.Field(column_name=name) for name in ROW_FIELDS]

    def export(self, queryset=None, **kwargs):
        if queryset is not None:
            queryset = queryset.select_related("agency", "region").prefetch_related("translations")
        return export_dataset(queryset if queryset is not None else export_queryset())

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        rows = (release_from_row(row, number) for number, row in enumerate(dataset.dict, start=2))
        user = kwargs.get("user")
        restrictions = {} if user is None else {
            "user": user,
            "agencies": access.can_import_for(user),
            "may_publish": user.has_perm("articles.publish_article"),
        }
        report = load_releases(
            rows,
            dry_run=dry_run,
            publish=bool(kwargs.get("publish")),
            all_or_nothing=bool(kwargs.get("all_or_nothing")),
            keep_outcomes=True,
            origin=f"Import: {kwargs.get('file_name') or 'admin upload'}",
            **restrictions,
        )
        return import_result(report, all_or_nothing=bool(kwargs.get("all_or_nothing")))


def import_result(report, all_or_nothing=False):
    """import-export's ``Result`` for a ``LoadReport``: one row per item, errors included."""
    saved = {} if report.rolled_back else Article.objects.in_bulk(
        [o.article_id for o in report.outcomes if o.article_id and o.kind != Outcome.UNCHANGED]
    )
    result = Result()
    result.diff_headers = PREVIEW_HEADERS
    result.report = report
    for outcome in report.outcomes:
        row = RowResult()
        row.import_type = IMPORT_TYPES[outcome.kind]
        row.outcome = outcome
        row.object_id = outcome.article_id
        row.instance = saved.get(outcome.article_id)
        row.object_repr = outcome.label[:200]
        row.diff = [outcome.line, outcome.label, outcome.kind, outcome_details(outcome)]
        result.append_row_result(row)
        result.increment_row_result_total(row)
    if all_or_nothing and report.errors:
        result.append_base_error(Error(ValueError(
            f"{len(report.errors)} item(s) failed and all-or-nothing was asked for: nothing was imported."
        )))
    return result


def outcome_details(outcome):
    """HTML for the preview: messages, then a field-by-field diff of changed text."""
    messages = format_html_join("", "<p class=\"outcome-message\">{}</p>", ((m,) for m in outcome.messages))
    if not outcome.diff:
        return messages
    rows = format_html_join(
        "",
        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
        ((name, inline_diff(old, new)) for name, old, new in outcome.diff),
    )
    return format_html("{}<table class=\"outcome-diff\">{}</table>", messages, rows)
