"""
The static site: the pages and feeds that show a release, rendered into files for nginx to serve.

A URL path maps to a file of the tree (``KZPRESS_SITE_DIR``, or the ``site`` storage of ``STORAGES``)::

    /en/                          en/index.html
    /en/news/<id>/<slug>/         en/news/<id>/<slug>/index.html
    /en/news/feed/rss/            en/news/feed/rss/index.xml      (and feed/atom/)
    /en/news/feed.json            en/news/feed.json
    /sitemap.xml                  sitemap.xml

each beside a gzip copy (``index.html.gz``, for nginx's ``gzip_static``). The bytes are the dynamic site's own: each
path is asked of Django in-process, with the canonical host (``KZPRESS_SITE_URL``), as an anonymous visitor.

After a public change (``articles.public.changes``) the worker renders what the change touched — ``touched`` says
which paths, a pure function of the change's scopes — and removes what is no longer public: a release unpublished
or back to draft, an old slug, a deleted agency. A withdrawn release keeps its page, with its notice, as on the
dynamic site. Files are replaced atomically (written beside, then renamed) and only when their bytes changed.
``manage.py render_site`` renders everything (``render_site``). Deep pages of lists, searches and filters are
not in the tree: nginx hands them (any query string) to Django, whose cache keeps them.
"""

import contextlib
import gzip
import itertools
import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.tasks import task
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Agency, Article, LiveVersion, Region, SitePage
from ..querysets import reachable_q
from .caching import rendering_files

FEEDS = ("feed/rss/", "feed/atom/", "feed.json")
SITEMAP_PATHS = ("/sitemap.xml", "/sitemap-index.xml", "/sitemap-releases.xml", "/sitemap-listings.xml")  # first pages
PROGRESS = ".render_site.json"  # the checkpoint of an unfinished ``render_site``
CHUNK = 200  # releases read at once (and handed to a process of a parallel rebuild)


def languages():
    return [code for code, _name in settings.LANGUAGES]


# Which paths a change touches (pure) -------------------------------------------------------------------------------

def list_paths(prefix):
    """A list's first page and its feeds: ``/en/news/`` → the page, RSS, Atom, JSON Feed."""
    return [prefix, *(prefix + feed for feed in FEEDS)]


@dataclass
class Touched:
    """What a change re-renders: list and home paths, and releases (whose paths the database knows)."""

    paths: set = field(default_factory=set)
    articles: set = field(default_factory=set)
    everything: bool = False


def touched(scopes, agencies=(), regions=(), codes=None):
    """The paths and releases that show what changed in ``scopes`` (see ``articles.public.changes``), in ``codes``
    (every language by default). ``agencies`` and ``regions`` (slugs) are needed for ``lists``: the first page of
    every list, which names every agency and region in its filters. Section lists have no page of their own: a
    section is a filter, its lists stay dynamic."""
    codes = list(codes or languages())
    found = Touched()
    for scope in scopes:
        kind, _sep, rest = scope.partition(":")
        if kind == "site":
            found.everything = True
        elif kind == "sitemap":
            found.paths |= set(SITEMAP_PATHS)
        elif kind == "releases":
            found.paths |= {f"/{code}/" for code in codes} | set(SITEMAP_PATHS)
        elif kind == "lang" and rest in codes:
            found.paths |= set(list_paths(f"/{rest}/news/"))
        elif kind in ("agency", "region"):
            slug, _sep, code = rest.rpartition(":")
            if code in codes:
                found.paths |= set(list_paths(f"/{code}/{'agencies' if kind == 'agency' else 'regions'}/{slug}/"))
        elif kind == "article":
            found.articles.add(int(rest))
        elif kind == "lists":
            for code in codes:
                found.paths |= {f"/{code}/", f"/{code}/news/", *(f"/{code}/agencies/{slug}/" for slug in agencies),
                                *(f"/{code}/regions/{slug}/" for slug in regions)}
        elif kind == "pages":
            found.paths |= {f"/{code}/{slug}/" for code in codes for slug in SitePage.Slug.values}
    return found


def expand(scopes):
    """Scopes with the names of an agency or a region resolved (from the database) into what shows them: every list,
    its own lists and feeds, the feeds of the regions (agencies) its releases are in, and its releases."""
    found = set()
    for scope in scopes:
        if not scope.startswith("names:"):
            found.add(scope)
            continue
        _names, kind, pk = scope.split(":")
        found |= {"lists", "releases"} | {f"lang:{code}" for code in languages()}
        model, other = (Agency, "region") if kind == "agency" else (Region, "agency")
        slug = model.objects.filter(pk=pk).values_list("slug", flat=True).first()
        if slug is None:
            continue  # deleted: its releases went first (PROTECT), its pages go with the next full render
        releases = Article.objects.filter(reachable_q(), **{f"{kind}_id": pk})
        found |= {f"{kind}:{slug}:{code}" for code in languages()}
        found |= {f"article:{article}" for article in releases.values_list("pk", flat=True)}
        found |= {f"{other}:{other_slug}:{code}" for other_slug in
                  releases.exclude(**{f"{other}__isnull": True}).values_list(f"{other}__slug", flat=True).distinct()
                  for code in languages()}
    return found


# Files -------------------------------------------------------------------------------------------------------------

LONGEST = 200  # bytes of a path segment kept in one file name (most file systems stop at 255)


def file_for(path):
    """The file of the tree that holds ``path`` (a URL path, percent-encoded as Django writes it). A segment longer
    than ``LONGEST`` bytes (a long Kazakh or Russian slug: two bytes a letter) is cut into folders of ``LONGEST``
    bytes each, as ``deploy/nginx.conf`` looks for it."""
    name = unquote(path).lstrip("/")
    if len(name.encode()) > LONGEST:
        name = "/".join(_cut(segment) for segment in name.split("/"))
    if name.endswith((".xml", ".json")):
        return name
    if name.endswith(("/feed/rss/", "/feed/atom/")):
        return name + "index.xml"
    return name + "index.html"


def _cut(segment):
    raw = segment.encode()
    return "/".join(os.fsdecode(raw[start:start + LONGEST]) for start in range(0, len(raw), LONGEST)) or segment


def site_storage():
    if "site" in settings.STORAGES:
        return storages["site"]
    return FileSystemStorage(location=settings.KZPRESS_SITE_DIR, base_url="/")


class Tree:
    """The static tree in a storage: files replaced atomically, and only when their bytes change. On a local folder
    a file is written beside its place and renamed over it (``os.replace``); another storage (S3) must overwrite on
    ``save`` — an object store's PUT replaces an object whole."""

    def __init__(self, storage=None):
        self.storage = storage or site_storage()
        try:
            self.root = self.storage.path("")
        except NotImplementedError:
            self.root = None
        self.written = self.unchanged = self.removed = 0

    def read(self, name):
        if self.root is not None:
            try:
                with open(os.path.join(self.root, name), "rb") as handle:
                    return handle.read()
            except (FileNotFoundError, NotADirectoryError):
                return None
        if not self.storage.exists(name):
            return None
        with self.storage.open(name, "rb") as handle:
            return handle.read()

    def write(self, name, content):
        """Put ``content`` at ``name`` and its gzip copy beside it; False when it was there already."""
        if self.read(name) == content:
            self.unchanged += 1
            return False
        compressed = gzip.compress(content, compresslevel=gzip_level(content), mtime=0)
        if self.root is None:
            self._put(name + ".gz", compressed)
            self._put(name, content)
        else:
            full = os.path.join(self.root, name)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            _replace(full + ".gz", compressed)
            _replace(full, content)
        self.written += 1
        return True

    def _put(self, name, content):
        if self.root is None:
            saved = self.storage.save(name, ContentFile(content))
            if saved != name:
                self.storage.delete(saved)
                raise RuntimeError(f"the site storage saved {name} as {saved}: it must overwrite on save")
            return
        full = os.path.join(self.root, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        _replace(full, content)

    def remove(self, name):
        """Remove ``name`` and its gzip copy (and the folders left empty)."""
        found = False
        for each in (name, name + ".gz"):
            if self.root is None:
                if self.storage.exists(each):
                    self.storage.delete(each)
                    found = True
            elif os.path.exists(os.path.join(self.root, each)):
                os.unlink(os.path.join(self.root, each))
                found = True
        if found:
            self.removed += 1
            self._prune(os.path.dirname(name))
        return found

    def files(self, folder=""):
        """Every file under ``folder`` (names relative to the tree), gzip copies and temporary files included."""
        if self.root is None:
            try:
                folders, files = self.storage.listdir(folder)
            except (FileNotFoundError, NotADirectoryError):
                return
            for name in files:
                yield str(PurePosixPath(folder, name)) if folder else name
            for sub in folders:
                yield from self.files(str(PurePosixPath(folder, sub)) if folder else sub)
            return
        top = os.path.join(self.root, folder)
        for path, _folders, names in os.walk(top):
            for name in names:
                yield os.path.relpath(os.path.join(path, name), self.root).replace(os.sep, "/")

    def _prune(self, folder):
        if self.root is None:
            return
        while folder:
            try:
                os.rmdir(os.path.join(self.root, folder))
            except OSError:
                return
            folder = os.path.dirname(folder)


SMALL = 32 * 1024


def gzip_level(content):
    """zlib's fastest level for a page that fits a connection's first round trip either way (a release page: 17 KB,
    4.2 KB at level 1, 3.8 KB at 6, in 0.17 ms instead of 0.30; a million releases are three million pages), level 6
    for the few big files readers and feed readers fetch over and over (lists, feeds, sitemaps)."""
    return 1 if len(content) < SMALL else 6


_temporary = itertools.count()


def _replace(full, content):
    """Write ``content`` beside ``full`` (a dot file of this process's own, ``.tmp``: nginx serves no dot files, and
    the sweep removes what a crash left) and rename it over ``full``: readers get the old file or the new, whole."""
    folder, base = os.path.split(full)
    temporary = os.path.join(folder, f".{base}.{os.getpid()}-{next(_temporary)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(handle, 0o644)  # readable by the web server, whatever the umask
            out.write(content)
        os.replace(temporary, full)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


# Rendering ---------------------------------------------------------------------------------------------------------

class Renderer:
    """Asks Django for paths as an anonymous visitor of the canonical host, and puts the answers in the tree."""

    def __init__(self, tree=None):
        from .filters import _choices

        _choices.clear()  # names read by this process a minute ago may be a rename behind
        self.tree = tree or Tree()
        site = urlsplit(settings.KZPRESS_SITE_URL or "http://localhost")
        self.secure = site.scheme == "https"
        self.client = Client(HTTP_HOST=site.netloc)
        self.client.raise_request_exception = True
        self.factory = RequestFactory(HTTP_HOST=site.netloc)
        self._requests = {}

    def render(self, path):
        """Render ``path`` into its file; a path that is not a public page (404, 410, a redirect) loses its file.
        True when the file changed."""
        token = rendering_files.set(True)  # the bytes of the page, not a copy from the page cache
        try:
            response = self.client.get(path, secure=self.secure)
        finally:
            rendering_files.reset(token)
        if response.status_code == 200 and not response.streaming:
            return self.write(path, response.content)
        return self.tree.remove(file_for(path))

    def render_releases(self, article_ids, codes=None, tidy=True):
        """Render the pages of ``article_ids`` in each language they open in (``codes``: only these), and remove
        their other files (other slugs, languages no longer live, releases no longer public). Returns how many
        pages were rendered. The releases are read CHUNK at a time, each page made by the view's own
        ``release_page`` (the same bytes as the dynamic site, a query per chunk instead of two per page)."""
        codes, ids, count = list(codes or languages()), sorted(article_ids), 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found = {}
            for version in (LiveVersion.objects.reachable().filter(article_id__in=chunk).for_display()
                            .order_by("article_id", "language")):
                found.setdefault(version.article_id, {})[version.language] = version
            for article_id in chunk:
                versions = found.get(article_id, {})
                kept = {}
                for code, version in versions.items():
                    if code in codes:
                        path = version.get_absolute_url()
                        kept[code] = file_for(path)
                        self.tree.write(kept[code], self.release(version, versions, path))
                        count += 1
                for code in codes if tidy else ():
                    for name in list(self.tree.files(f"{code}/news/{article_id}")):
                        if name.removesuffix(".gz") != kept.get(code):
                            self.tree.remove(name.removesuffix(".gz"))
        return count

    def release(self, version, versions, path=None):
        """The bytes of ``version``'s page, as ``article_detail`` answers them."""
        from .views import release_page

        request = self._requests.get(version.language)
        if request is None:  # one request per language, its path set for each page (what a page reads of it)
            request = self._requests[version.language] = self.factory.get("/", secure=self.secure)
            request.LANGUAGE_CODE = version.language
        request.path = request.path_info = path or version.get_absolute_url()
        with translation.override(version.language):
            others = {code: other for code, other in versions.items() if code != version.language}
            return release_page(request, version, others).content

    def write(self, path, content):
        return self.tree.write(file_for(path), content)


def release_pages(codes=None):
    """{article id: {language: path}} of the releases whose page opens (public or withdrawn)."""
    versions = LiveVersion.objects.reachable().order_by("article_id", "language")
    if codes:
        versions = versions.filter(language__in=codes)
    found = {}
    for version in versions.only("id", "article_id", "language", "slug"):
        found.setdefault(version.article_id, {})[version.language] = version.get_absolute_url()
    return found


def render_scopes(scopes, tree=None, sitemap=True):
    """Re-render what ``scopes`` touched (but the sitemap, unless ``sitemap``); returns the tree (its counts say
    what happened)."""
    scopes = expand(scopes)
    lists = "lists" in scopes
    found = touched(scopes, agencies=list(Agency.objects.values_list("slug", flat=True)) if lists else (),
                    regions=list(Region.objects.values_list("slug", flat=True)) if lists else ())
    if found.everything:
        return render_site(tree=tree).tree
    if not sitemap:
        found.paths -= set(SITEMAP_PATHS)
    renderer = Renderer(tree)
    renderer.render_releases(found.articles)  # the releases' own pages first, then what lists them
    for path in sorted(found.paths, key=render_order):
        renderer.render(path)
    return renderer.tree


def render_order(path):
    """The order in which a change's paths are rendered: the news feeds (what subscribers and aggregators poll, every
    few seconds), the news lists, the homes, the agencies' and regions' lists and feeds, the rest."""
    parts = path.strip("/").split("/")
    if parts[1:2] == ["news"]:
        rank = 0 if len(parts) > 2 else 1
    else:
        rank = 2 if len(parts) == 1 and path.endswith("/") else 3 if parts[1:2] in (["agencies"], ["regions"]) else 4
    return rank, path


@task
def render_changes(scopes, sitemap=True):
    """Re-render the static files a committed change touched (queued by ``articles.public.changes``); without
    ``sitemap``, all but the sitemap (a task of its own renders it: ``scopes`` ``["sitemap"]``)."""
    if "sitemap" in scopes:
        from .changes import SITEMAP_QUEUED

        cache.delete(SITEMAP_QUEUED)  # the changes from now on queue another render of the sitemaps
    tree = render_scopes(scopes, sitemap=sitemap)
    return {"written": tree.written, "unchanged": tree.unchanged, "removed": tree.removed}


def site_paths(codes):
    """Every page of the tree except the releases': homes, lists and their feeds, footer pages, the sitemap."""
    agencies = list(Agency.objects.order_by("slug").values_list("slug", flat=True))
    regions = list(Region.objects.order_by("slug").values_list("slug", flat=True))
    pages = set(SitePage.objects.values_list("slug", flat=True))
    paths = list(SITEMAP_PATHS) if set(codes) == set(languages()) else []
    for code in codes:
        with translation.override(code):
            home = reverse("home")
        paths += [home, *list_paths(f"{home}news/"), *(f"{home}{slug}/" for slug in sorted(pages))]
        for kind, slugs in (("agencies", agencies), ("regions", regions)):
            for slug in slugs:
                paths += list_paths(f"{home}{kind}/{slug}/")
    return paths


@dataclass
class Run:
    tree: Tree
    pages: int = 0
    seconds: float = 0.0
    resumed_after: int | None = None
    release_pages: int = 0  # of ``pages``: the releases' own, and the time they took
    release_seconds: float = 0.0


def render_site(codes=None, *, tree=None, restart=False, progress=None, processes=1):
    """Render the whole tree (in ``codes``, every language by default) and remove the files of anything no longer
    public. Idempotent (an unchanged file is not rewritten) and resumable: a checkpoint after each chunk of releases
    lets a run that was stopped go on where it stopped (``restart`` starts over). ``processes`` > 1 renders chunks
    in that many forked processes (in order: the checkpoint stays true)."""
    codes = list(codes or languages())
    tree = tree or Tree()
    started = time.monotonic()
    run = Run(tree)
    state = {"languages": codes, "lists": False, "after": 0, "started": timezone.now().isoformat()}
    saved = None if restart else _read_progress(tree)
    if saved and saved.get("languages") == codes:
        state, run.resumed_after = saved, saved["after"]
    with _chunk_runner(tree, processes) as render_chunks:
        if not state["lists"]:
            paths = site_paths(codes)
            for _chunk, _count in render_chunks(("paths", paths[n:n + 50], codes) for n in range(0, len(paths), 50)):
                run.pages += _count
            state["lists"] = True
            _write_progress(tree, state)
        ids = list(LiveVersion.objects.reachable().filter(language__in=codes, article_id__gt=state["after"])
                   .order_by("article_id").values_list("article_id", flat=True).distinct())
        releases_started = time.monotonic()
        for chunk, count in render_chunks(_release_chunks(ids, codes)):
            run.pages += count
            run.release_pages += count
            run.release_seconds = time.monotonic() - releases_started
            state["after"] = chunk[1][-1]
            _write_progress(tree, state)
            if progress:
                progress(run, state["after"], len(ids), time.monotonic() - started)
    sweep(tree, codes)
    tree.storage.delete(PROGRESS)
    run.seconds = time.monotonic() - started
    return run


def render_release_pages(article_ids, *, codes=None, tree=None, processes=1):
    """Render the pages of ``article_ids`` only (no lists, no sweep), CHUNK releases at a time in ``processes``
    processes, as ``render_site`` renders them; a Run with their count and time."""
    codes, ids = list(codes or languages()), sorted(article_ids)
    run = Run(tree or Tree())
    started = time.monotonic()
    with _chunk_runner(run.tree, processes) as render_chunks:
        for _chunk, count in render_chunks(_release_chunks(ids, codes)):
            run.pages += count
    run.release_pages, run.seconds = run.pages, time.monotonic() - started
    run.release_seconds = run.seconds
    return run


def _release_chunks(ids, codes):
    return (("releases", ids[n:n + CHUNK], codes) for n in range(0, len(ids), CHUNK))


_worker = None  # a forked process's renderer


def _render_chunk(chunk):
    """Render one chunk, ("paths", paths, codes) or ("releases", article ids, codes), in this process's renderer;
    returns (pages, files written, files unchanged)."""
    kind, items, codes = chunk
    tree = _worker.tree
    written, unchanged = tree.written, tree.unchanged
    if kind == "paths":
        for path in items:
            _worker.render(path)
        count = len(items)
    else:
        count = _worker.render_releases(items, codes, tidy=False)  # the sweep removes what is left over
    return count, tree.written - written, tree.unchanged - unchanged


def _start_worker(tree):
    global _worker
    _worker = Renderer(tree)


@contextlib.contextmanager
def _chunk_runner(tree, processes):
    """A function rendering chunks in order, yielding (chunk, pages) as each is done: here, or in a pool of forked
    processes (each with its own database connection)."""

    def counted(results, chunks):
        for chunk, (count, written, unchanged) in zip(chunks, results, strict=True):
            if processes > 1:
                tree.written, tree.unchanged = tree.written + written, tree.unchanged + unchanged
            yield chunk, count

    if processes <= 1:
        _start_worker(tree)
        yield lambda chunks: ((chunk, _render_chunk(chunk)[0]) for chunk in chunks)
        return
    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(processes, _start_worker, (tree,)) as pool:
        def run(chunks):
            chunks = list(chunks)
            return counted(pool.imap(_render_chunk, chunks), chunks)

        yield run


def sweep(tree, codes):
    """Remove the files of the tree that are no longer pages of the site (and temporary files a crash left)."""
    expected = {file_for(path) for path in site_paths(codes)}
    for paths in release_pages(codes=codes).values():
        expected |= {file_for(path) for path in paths.values()}
    for code in codes:
        for name in list(tree.files(code)):
            if name.endswith(".tmp"):
                tree.storage.delete(name)
            elif name.removesuffix(".gz") not in expected:
                tree.remove(name.removesuffix(".gz"))


def _read_progress(tree):
    content = tree.read(PROGRESS)
    return json.loads(content) if content else None


def _write_progress(tree, state):
    tree._put(PROGRESS, json.dumps(state).encode())


def render_due(tree=None):
    """Render the releases whose scheduled time has come (public without a write: ``publish_scheduled`` flips them
    later, and their flip re-renders them again)."""
    from .changes import release_scopes

    scopes = set()
    for article in Article.objects.filter(status=Article.Status.SCHEDULED, publish_at__lte=timezone.now()) \
            .select_related("agency", "region"):
        scopes |= release_scopes(article, article.live_versions.values_list("language", flat=True))
    return render_scopes(scopes, tree) if scopes else None
