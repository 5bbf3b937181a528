"""
Shared pieces of the benchmarks (``bench/run.py``, ``bench/load_test.py``, ``bench/import_bench.py``): bench
databases, ``manage.py`` in a child process, a gunicorn server started and stopped around a run, the load
generators (wrk when installed, a Python one otherwise) and a description of the machine.

Not a script; imported by the others.
"""

import atexit
import contextlib
import ctypes
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/kzpress_bench"
BENCH_DATABASE_PREFIX = "kzpress_bench"
GUNICORN_CONF = ROOT / "bench" / "gunicorn.conf.py"
VAR = ROOT / "var"


# --- databases and manage.py ----------------------------------------------------------------------------------


def base_env(database_url, settings="kzpress.settings"):
    """Environment for the site's processes: production settings (DEBUG off) on a bench database, over loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONUNBUFFERED": "1",
    }


def is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


def split_postgres_url(url):
    """(URL of the maintenance database ``postgres`` on the same server, database name)."""
    base, name = url.rsplit("/", 1)
    return base + "/postgres", name.split("?", 1)[0]


def check_bench_database(url):
    """Refuse to touch a PostgreSQL database that is not a bench database (``kzpress_bench*``)."""
    if is_postgres(url):
        name = split_postgres_url(url)[1]
        if not name.startswith(BENCH_DATABASE_PREFIX):
            sys.exit(f"refusing to drop or fill {name!r}: bench databases are named {BENCH_DATABASE_PREFIX}*")


def recreate_database(url):
    """Drop and create the bench database (PostgreSQL), or delete the SQLite file."""
    check_bench_database(url)
    if is_postgres(url):
        import psycopg

        maintenance, name = split_postgres_url(url)
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def manage(*args, env, capture=False, check=True, **kwargs):
    """Run ``manage.py`` with ``args`` in a child process."""
    command = [sys.executable, str(ROOT / "manage.py"), *map(str, args)]
    return subprocess.run(command, env=env, check=check, text=True, cwd=ROOT,
                          stdout=subprocess.PIPE if capture else None, **kwargs)


def prepare_database(url):
    """A fresh, migrated bench database; returns the environment for the site's processes on it."""
    env = base_env(url)
    recreate_database(url)
    manage("migrate", "-v0", env=env)
    return env


def collectstatic(env):
    """Static files into the repository's staticfiles/ (the manifest storage needs them with DEBUG off)."""
    manage("collectstatic", "--noinput", "-v0", env=env)


def setup_django(database_url, settings="kzpress.settings"):
    """Set up Django in this process on ``database_url`` (same settings as the site's processes)."""
    os.environ.update(base_env(database_url, settings))
    import django

    django.setup()


SYNTHETIC_AGENCY_KINDS = ("ministry", "committee", "akimat", "other")


def ensure_agencies(total=300, slugs=()):
    """Make the bench's agencies exist, reviewed, so ``--publish`` publishes their items: every slug in ``slugs``,
    then ``bench-agency-N`` up to ``total`` agencies (akimats get a region). Needs Django set up."""
    from articles.models import Agency, Region

    regions = list(Region.objects.order_by("pk"))
    existing = set(Agency.objects.values_list("slug", flat=True))
    wanted = [s for s in slugs if s not in existing]
    n = 0
    while len(existing) + len(wanted) < total:
        slug = f"bench-agency-{n}"
        if slug not in existing and slug not in wanted:
            wanted.append(slug)
        n += 1
    new = []
    for i, slug in enumerate(wanted):
        kind = SYNTHETIC_AGENCY_KINDS[i % len(SYNTHETIC_AGENCY_KINDS)]
        number = slug.rsplit("-", 1)[-1]
        new.append(Agency(
            slug=slug, kind=kind, region=regions[i % len(regions)] if kind == "akimat" and regions else None,
            name_en=f"{kind.capitalize()} number {number} of the Republic of Kazakhstan",
            name_ru=f"Ведомство № {number} Республики Казахстан",
            name_kk=f"Қазақстан Республикасының № {number} ведомствосы",
        ))
    Agency.objects.bulk_create(new)
    Agency.objects.filter(slug__in=list(slugs) + [a.slug for a in new]).update(needs_review=False)
    return list(Agency.objects.order_by("pk"))


# --- gunicorn ---------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    """In the child, before exec: get SIGTERM if the benchmark dies without cleaning up (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


_servers = set()


def _stop_all():
    for server in list(_servers):
        server.stop()


atexit.register(_stop_all)


def exit_on_sigterm():
    """Turn SIGTERM (and SIGHUP) into SystemExit, so ``finally`` blocks and atexit stop the servers."""

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


class Gunicorn:
    """The production serving command (``gunicorn -c kzpress/gunicorn.conf.py kzpress.wsgi``, through
    ``bench/gunicorn.conf.py``, which only turns the access log off) on a free loopback port, with
    ``settings`` (default ``bench.settings``: the production settings plus ``/bare/``)."""

    def __init__(self, env, workers=2, log_path=None, label="gunicorn", settings="bench.settings"):
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings}
        self.workers = workers
        self.port = free_port()
        self.label = label
        self.log_path = Path(log_path or VAR / f"bench-{label}.log")
        self.process = None
        self.command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "-w", str(workers),
                        "-b", f"127.0.0.1:{self.port}", "kzpress.wsgi"]

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=90):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")  # the child writes it until stop()
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        log.close()
        _servers.add(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(self.base_url, "/bare/", timeout=5).status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.label} was not ready after {timeout} s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()  # the master stops its workers gracefully
            try:
                self.process.wait(25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        _servers.discard(self)

    def log_tail(self, lines=60):
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def log_tracebacks(self, limit=3):
        """The last ``limit`` tracebacks (with the log line before each) from the server's log."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        blocks = re.split(r"\n(?=\S)", text)
        return [b for b in blocks if "Traceback" in b][-limit:]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- HTTP -------------------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes


def fetch(base_url, path, headers=None, timeout=60):
    """One GET over a new connection, without following redirects."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


class KeepAliveClient:
    """A keep-alive HTTP/1.1 connection that reconnects when the server closed it.

    A request that fails on a reused connection before any answer (the server closed it while idle, as gunicorn
    does when it recycles a worker) is sent again once on a new connection, as browsers and HTTP libraries do for
    GET; those are counted in ``retries``. Anything else raises."""

    STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine)

    def __init__(self, base_url, timeout=60):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn = None
        self.used = False
        self.retries = 0

    def _connect(self):
        self.close()
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.used = False

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def get(self, path, headers=None):
        if self.conn is None:
            self._connect()
        try:
            return self._get(path, headers)
        except self.STALE:
            if not self.used:
                self.close()
                raise
            self.retries += 1
            self._connect()
            return self._get(path, headers)
        except BaseException:
            self.close()
            raise

    def _get(self, path, headers):
        self.conn.request("GET", path, headers=headers or {})
        response = self.conn.getresponse()
        body = response.read()
        self.used = True
        result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        if response.will_close:
            self.close()
        return result


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


# --- load generators --------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """What one bounded run of load against a set of URLs gave."""

    generator: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # responses other than 2xx/3xx, and socket errors and timeouts
    statuses: dict = field(default_factory=dict)
    socket_errors: int = 0
    notes: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def wrk_path():
    return shutil.which("wrk")


def generator_name(generator="auto"):
    path = wrk_path()
    if generator == "python" or not path:
        return "python (threads, http.client keep-alive)"
    out = subprocess.run([path, "--version"], capture_output=True, text=True)
    first = (out.stdout + out.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk"


def run_load(base_url, paths, seconds, connections, headers=None, threads=None, generator="auto"):
    """Load ``paths`` (in rotation) for ``seconds`` with ``connections`` keep-alive connections, with wrk when it is
    installed (``generator`` "auto" or "wrk"), otherwise (or with "python") with threads in this process."""
    if generator == "wrk" and not wrk_path():
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    if generator != "python" and wrk_path():
        return run_wrk(base_url, paths, seconds, connections, headers, threads or min(connections, os.cpu_count()))
    return run_python(base_url, paths, seconds, connections, headers)


WRK_SCRIPT = """
local paths = %(paths)s
local headers = %(headers)s
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  for i, path in ipairs(paths) do
    prepared[i] = wrk.format("GET", path, headers)
  end
  position = (id * 7919) %% #prepared
  statuses = {}
end

function request()
  position = position %% #prepared + 1
  return prepared[position]
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(counts) do
    table.insert(parts, string.format('"%%d": %%d', code, n))
  end
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
"""


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_wrk(base_url, paths, seconds, connections, headers, threads):
    script = WRK_SCRIPT % {
        "paths": "{" + ", ".join(lua_string(p) for p in paths) + "}",
        "headers": "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in (headers or {}).items()) + "}",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds
        out = subprocess.run([wrk_path(), "-t", str(threads), "-c", str(connections), "-d", duration,
                              "--timeout", "30s", "-s", handle.name, base_url + "/"],
                             capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(handle.name)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRK_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    data = json.loads(line.removeprefix("WRK_RESULT "))
    duration = data["duration_us"] / 1e6
    statuses = {int(k): v for k, v in data["statuses"].items()}
    socket_errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    bad = sum(n for code, n in statuses.items() if code >= 400)
    notes = [f"wrk socket errors: connect {data['connect']}, read {data['read']}, write {data['write']}, "
             f"timeout {data['timeout']}"] if socket_errors else []
    return LoadResult("wrk", data["requests"], duration, data["requests"] / duration, data["p50_us"] / 1000,
                      data["p99_us"] / 1000, bad + socket_errors, statuses, socket_errors, notes)


def run_python(base_url, paths, seconds, connections, headers):
    """The fallback: one thread per connection, each a keep-alive http.client connection."""
    latencies, statuses, failures = [], {}, []
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def worker(offset):
        client = KeepAliveClient(base_url)
        mine, codes, errors = [], {}, []
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                status = client.get(path, headers).status
            except Exception as exc:  # every failure is counted, not raised
                errors.append(f"{path}: {exc!r}")
                continue
            mine.append(time.perf_counter() - t0)
            codes[status] = codes.get(status, 0) + 1
        client.close()
        with lock:
            latencies.extend(mine)
            failures.extend(errors)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    workers = [threading.Thread(target=worker, args=(n * 7919,)) for n in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    duration = time.perf_counter() - start
    latencies.sort()
    bad = sum(n for code, n in statuses.items() if code >= 400)
    return LoadResult("python", len(latencies), duration, len(latencies) / duration,
                      percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000,
                      bad + len(failures), statuses, len(failures), failures[:5])


# --- the machine ------------------------------------------------------------------------------------------------


def machine_info(database_url=None):
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(), "ram_gib": None,
            "os": platform.platform(), "python": platform.python_version()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gib"] = round(int(line.split()[1]) / 2**20, 1)
    with contextlib.suppress(Exception):
        info["os"] = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines()
                          if "=" in line).get("PRETTY_NAME", info["os"]).strip('"')
    from importlib.metadata import version

    for package in ("django", "gunicorn", "psycopg"):
        with contextlib.suppress(Exception):
            info[package] = version(package)
    if database_url and is_postgres(database_url):
        with contextlib.suppress(Exception):
            import psycopg

            with psycopg.connect(database_url) as conn:
                info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    elif database_url:
        import sqlite3

        info["sqlite"] = sqlite3.sqlite_version
    return info
