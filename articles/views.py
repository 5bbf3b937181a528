"""Public pages. Visibility comes from ``ArticleTranslation.objects.public()`` only."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.generic import ListView

from .models import ArticleTranslation


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "versions"
    paginate_by = 20

    def get_queryset(self):
        return (ArticleTranslation.objects.public(get_language())
                .select_related("article__agency", "article__region")
                .order_by("-article__published_at", "-article_id"))


def article_detail(request, pk, slug=None):
    language = get_language()
    versions = {v.language: v for v in ArticleTranslation.objects.public().filter(article_id=pk)
                .select_related("article__agency", "article__region")}
    version = versions.pop(language, None)
    if version is None:
        if not versions:
            raise Http404("No such release.")
        return render(request, "articles/missing_version.html", {"others": versions.values()}, status=404)
    if slug != version.slug:
        return redirect(version, permanent=True)
    return render(request, "articles/article_detail.html", {
        "version": version, "article": version.article, "others": versions.values(),
    })
