"""
An import as an editor runs it, over HTTP: log in to the admin, upload the file on Articles → Import (a preview,
read by the background worker), wait for the preview, confirm it, and wait for the import itself — every step
through the site's own pages (the batch's progress JSON, as its page polls it), with ``manage.py db_worker``
doing the work. Used by ``bench/load_test.py --through-admin``.
"""

import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request
import uuid

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Admin:
    """A logged-in admin session (cookies and CSRF token kept)."""

    def __init__(self, base_url, username, password):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/admin/login/")
        self.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/",
                                                  "csrfmiddlewaretoken": self.token(page)})

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=600) as response:
            return response.read()

    def post(self, path, fields, files=None, referer=None):
        headers = {"Referer": self.base_url + (referer or path)}
        if files:
            boundary = uuid.uuid4().hex
            body = b"".join(
                [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
                + [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
                   for k, (name, data) in files.items()]
                + [f"--{boundary}--\r\n".encode()])
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers, method="POST")
        with self.opener.open(request, timeout=600) as response:
            return response.geturl(), response.read()

    @staticmethod
    def token(page):
        found = CSRF.search(page)
        if not found:
            raise RuntimeError("no CSRF token on the page (not logged in?)")
        return found.group(1).decode()

    def wait(self, batch_id, timeout, poll=1.0):
        """Poll the batch's progress JSON until it is finished; returns (its last JSON, seconds)."""
        start = time.monotonic()
        while True:
            state = json.loads(self.get(f"/admin/articles/importbatch/{batch_id}/progress/"))
            if state["finished"]:
                return state, time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"batch {batch_id} not finished after {timeout:.0f} s: {state}")
            time.sleep(poll)


def batch_id(url):
    found = re.search(r"/importbatch/(\d+)/", url)
    if not found:
        raise RuntimeError(f"the upload did not lead to a batch page but to {url}")
    return int(found.group(1))


def import_through_admin(base_url, path, *, username, password, publish=True, timeout=3600):
    """Upload ``path``, confirm its preview and wait for the import; a dict of what happened and how long each
    step took."""
    admin = Admin(base_url, username, password)
    form = admin.get("/admin/articles/article/import/")
    started = time.monotonic()
    url, _ = admin.post("/admin/articles/article/import/",
                        {"csrfmiddlewaretoken": admin.token(form), "format": "", "encoding": "",
                         **({"publish": "on"} if publish else {})},
                        files={"import_file": (path.name, path.read_bytes())})
    uploaded = time.monotonic() - started
    preview = batch_id(url)
    preview_state, preview_seconds = admin.wait(preview, timeout)
    page = admin.get(f"/admin/articles/importbatch/{preview}/change/")
    url, _ = admin.post(f"/admin/articles/importbatch/{preview}/confirm/", {"csrfmiddlewaretoken": admin.token(page)},
                        referer=f"/admin/articles/importbatch/{preview}/change/")
    batch = batch_id(url)
    state, import_seconds = admin.wait(batch, timeout)
    return {"preview": preview, "batch": batch, "upload_seconds": uploaded, "preview_seconds": preview_seconds,
            "import_seconds": import_seconds, "total_seconds": time.monotonic() - started,
            "preview_state": preview_state, "state": state}
