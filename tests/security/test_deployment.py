"""Production settings, response headers, login throttling, passwords, the second factor and session expiry."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.editorial.access import EDITOR
from tests.security.test_hostile_inputs import check_markup

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


def check_deploy(**env):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in production
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="press.example.kz", **env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True)


def test_check_deploy_passes_with_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_weakened_setting():
    """The check above can fail: switching HSTS off is reported."""
    result = check_deploy(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.mark.parametrize("url", ["/en/", "/en/news/", "/en/news/feed/rss/", "/admin/login/"])
def test_security_headers_on_every_kind_of_response(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert policy["default-src"] == "'self'"
    sources = policy["script-src"].split()
    assert sources[0] == "'self'" and all(s.startswith("'nonce-") for s in sources[1:])  # no inline, no other origin
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_public_pages_carry_no_inline_script(client, make_article):
    article = make_article(versions={"en": "A release"}, status="published")
    for url in ["/en/", "/en/news/", f"/en/news/{article.pk}/"]:
        markup = check_markup(client.get(url, follow=True).content.decode())
        assert [s for s in markup.scripts if not s.get("src")] == [], url  # not even with a nonce


def test_admin_scripts_carry_the_nonce_of_the_response(admin_client):
    response = admin_client.get("/admin/articles/article/add/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    markup = check_markup(response.content.decode())
    assert all(s.get("nonce") == nonce for s in markup.scripts if not s.get("src"))


def log_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR="203.0.113.7")


def test_failed_logins_lock_the_account_for_the_cool_off(client, staff, agency):
    user = staff(EDITOR, agency, password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "wrong").status_code == 200  # the form again, with its error
    assert log_in(client, user.username, "wrong").status_code == 429
    assert log_in(client, user.username, PASSWORD).status_code == 429  # even the right password, while locked
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        response = log_in(client, user.username, PASSWORD)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_lockout_is_per_account_and_address(client, staff, agency):
    victim, other = staff(EDITOR, agency, password=PASSWORD), staff(EDITOR, agency, password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, victim.username, "wrong")
    assert log_in(client, other.username, PASSWORD).status_code == 302
    elsewhere = client.post("/admin/login/?next=/admin/", {"username": victim.username, "password": PASSWORD},
                            REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 302  # an attacker cannot lock an editor out from every address


@pytest.mark.parametrize("weak", ["password", "12345678901234", "short1!", "editor-ivanov1"])
def test_weak_passwords_are_refused(weak, staff, agency):
    user = staff(EDITOR, agency, username="editor-ivanov")
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    validate_password("correct horse battery staple 42", user)


def test_user_admin_refuses_a_weak_password(admin_client, staff, agency):
    user = staff(EDITOR, agency)
    response = admin_client.post(f"/admin/auth/user/{user.pk}/password/",
                                 {"password1": "password", "password2": "password"})
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert not user.check_password("password")


@pytest.fixture
def otp_admin(monkeypatch):
    """The admin as KZPRESS_ADMIN_OTP=1 makes it: every staff login needs a TOTP code."""
    from django_otp.admin import OTPAdminSite

    monkeypatch.setattr(admin.site, "__class__", OTPAdminSite)


def totp_now(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_second_factor_required_when_switched_on(client, staff, agency, otp_admin):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = staff(EDITOR, agency, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    form = {"username": user.username, "password": PASSWORD, "otp_device": device.persistent_id}
    assert client.post("/admin/login/", {**form, "otp_token": "000000" if totp_now(device) != "000000" else "111111"},
                       REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/admin/", {"all": ""}).status_code == 302  # still outside
    client.force_login(user)  # a password alone (no verified device) is not enough for the admin
    assert client.get("/admin/", {"all": ""}).status_code == 302
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the device's throttle after a failure
        response = client.post("/admin/login/?next=/admin/", {**form, "otp_token": totp_now(device)},
                               REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302
        assert client.get("/admin/", {"all": ""}).status_code == 200


def test_sessions_end_with_the_browser_and_after_a_working_day(client, staff, agency):
    user = staff(EDITOR, agency, password=PASSWORD)
    response = log_in(client, user.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert cookie["httponly"]
    assert client.get("/admin/", {"all": ""}).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert client.get("/admin/", {"all": ""}).status_code == 302  # expired on the server too
