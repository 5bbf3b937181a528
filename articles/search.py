"""
Text search over language versions.

A simple, portable search: every word of the query must appear in the title or the
body (case-insensitive). It works on SQLite and PostgreSQL alike; ranked full-text
search on a stored vector is the next step (see the public-site issue).
"""

from django.db.models import Q

MAX_WORDS = 8


def search(queryset, query):
    words = [word for word in query.split() if len(word) > 1][:MAX_WORDS]
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return queryset
