"""
Debian's nginx with the site's own configuration (``deploy/nginx.conf``, or another file given to bench/run.py's
``--nginx-conf``) for the benchmarks: the file is copied with
its deployment paths and ports replaced by the bench's — the static tree (``/srv/kzpress/var/site``), the static files
(``/srv/kzpress/var/static/``), the port (``listen 80;``) and the upstream (``server 127.0.0.1:8000;``) — and access
logs off (as the bench's gunicorn). Everything else (``try_files``, gzip, headers, the proxy settings) is served as
written. When ``deploy/nginx.conf`` holds only ``server``/``upstream`` blocks, a minimal main configuration wraps it
(``worker_processes auto``, Debian's ``mime.types``, temporary files under var/); nginx runs in the foreground
with its pid and error log under var/.

Not a script; bench/run.py starts it.
"""

import contextlib
import http.client
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from common import ROOT, VAR, _die_with_parent, _servers, fetch, free_port

DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE_ROOT = "/srv/kzpress/var/site"
STATIC_ALIAS = "/srv/kzpress/var/static/"
LISTEN = "listen 80;"
UPSTREAM = "server 127.0.0.1:8000;"
CACHE_PATH = "/var/lib/nginx/kzpress-cache"


def unavailable(conf=DEPLOY_CONF):
    """Why nginx cannot be benchmarked here with ``conf``, or None."""
    conf = Path(conf)
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx)"
    if not conf.exists():
        return f"{conf} is not there yet"
    text = conf.read_text()
    missing = [s for s in (SITE_ROOT, STATIC_ALIAS, LISTEN, UPSTREAM) if s not in text]
    if missing:
        return f"{conf} lacks {', '.join(repr(s) for s in missing)} (the bench rewrites them)"
    return None


def rewrite(text, site_dir, static_dir, port, upstream_port, cache_dir=None):
    """The deployment's configuration with the bench's paths and ports (and its micro-cache in ``cache_dir``, a
    run's own, when given)."""
    if cache_dir is not None:
        text = text.replace(CACHE_PATH, str(cache_dir))
    text = (text.replace(SITE_ROOT, str(site_dir).rstrip("/"))
            .replace(STATIC_ALIAS, str(static_dir).rstrip("/") + "/")
            .replace(LISTEN, f"listen 127.0.0.1:{port};")
            .replace(UPSTREAM, f"server 127.0.0.1:{upstream_port};"))
    text = re.sub(r"^(\s*)listen\s+\[::\]:80[^;]*;", r"\1# (IPv6 listener left out by the bench)", text, flags=re.M)
    return re.sub(r"^(\s*)access_log\s+[^;]*;", r"\1access_log off;", text, flags=re.M)


class Nginx:
    """nginx in front of a bench gunicorn on ``upstream_port``, serving ``site_dir`` as the static tree."""

    def __init__(self, site_dir, static_dir, upstream_port, label="nginx", conf=DEPLOY_CONF):
        self.conf = Path(conf)
        self.port = free_port()
        self.label = label
        self.dir = VAR / f"bench-{label}"
        self.site_dir, self.static_dir, self.upstream_port = Path(site_dir), Path(static_dir), upstream_port
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def error_log(self):
        return self.dir / "error.log"

    def write_config(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        (self.dir / "temp").mkdir(parents=True)
        site = rewrite(self.conf.read_text(), self.site_dir, self.static_dir, self.port, self.upstream_port,
                       cache_dir=self.dir / "cache")
        if re.search(r"^\s*http\s*\{", site, flags=re.M):  # a whole nginx.conf: only pid, logs and daemon differ
            main = re.sub(r"^\s*(pid|daemon|error_log|user)\s[^;]*;", "", site, flags=re.M)
            main = f"user root;\npid {self.dir}/nginx.pid;\nerror_log {self.error_log} warn;\n" + main
        else:
            (self.dir / "site.conf").write_text(site)
            temp = self.dir / "temp"
            main = f"""user root;
worker_processes auto;
pid {self.dir}/nginx.pid;
error_log {self.error_log} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.dir}/site.conf;
}}
"""
        conf = self.dir / "nginx.conf"
        conf.write_text(main)
        return conf

    def start(self, timeout=20):
        conf = self.write_config()
        command = [NGINX, "-p", str(self.dir), "-c", str(conf), "-g", "daemon off;"]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx -t refused the rewritten {self.conf}:\n{check.stderr}")
        self.process = subprocess.Popen(command, cwd=self.dir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        _servers.add(self)  # stopped at exit like the gunicorns
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                fetch(self.base_url, "/bare/", timeout=5)
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx was not ready after {timeout} s: {self.log_tail()}")

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish their requests
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        _servers.discard(self)

    def log_tail(self, lines=20):
        with contextlib.suppress(OSError):
            return "\n".join(self.error_log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
