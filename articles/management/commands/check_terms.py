import json

from django.core.management.base import BaseCommand, CommandError

from articles.editorial.terms import find_occurrences, suggest_variants
from articles.models import Agency, Article


class Command(BaseCommand):
    help = "List every glossary variant found in articles, with its replacement; optionally suggest new variants."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="Only this agency's articles (gov.kz slug).")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--suggest", action="store_true",
                            help="Also list names one or two edits away from a glossary term.")

    def handle(self, *args, agency, as_json, suggest, **options):
        articles = Article.objects.all()
        if agency:
            if not Agency.objects.filter(slug=agency).exists():
                raise CommandError(f"no agency with slug {agency!r}")
            articles = articles.filter(agency__slug=agency)
        labels = {a.pk: f"{a.agency.slug}/{a.news_id or a.pk}" for a in articles.select_related("agency")}
        occurrences = list(find_occurrences(articles))
        suggestions = suggest_variants(articles) if suggest else []
        if as_json:
            self.stdout.write(json.dumps({
                "occurrences": [
                    {"article": labels[o.article_id], "article_id": o.article_id, "language": o.language,
                     "field": o.field, "found": o.found, "replacement": o.replacement, "snippet": o.snippet,
                     "key": o.key}
                    for o in occurrences
                ],
                "suggestions": [
                    {"language": language, "word": word, "term": str(term), "close_to": close, "count": count}
                    for language, word, term, close, count in suggestions
                ],
            }, ensure_ascii=False))
            return
        for o in occurrences:
            self.stdout.write(f"{labels[o.article_id]} [{o.language} {o.field}] {o.found!r} -> {o.replacement!r}: "
                              f"{o.snippet}")
        for language, word, term, close, count in suggestions:
            self.stdout.write(f"suggestion [{language}] {word!r} ({count}x) looks like {close!r} of {term}")
        self.stdout.write(f"{len(occurrences)} occurrence(s) of glossary variants in {len(labels)} article(s).")
