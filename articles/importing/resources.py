"""
django-import-export resource for articles: export only, as the flat rows of
``articles.importing.formats.export_dataset``. Imports go through ``articles.importing.pipeline``
(the admin's own upload screen, the command and the worker), never through this resource.
"""


from import_export import resources

from ..models import Article
from .formats import ROW_FIELDS, export_dataset, export_queryset


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
