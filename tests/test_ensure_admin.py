import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_creates_the_admin_and_prints_a_login_that_works(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", "--url", "http://127.0.0.1:8001/admin/", stdout=first)
    call_command("ensure_admin", stdout=second)
    password = first.getvalue().split("password ")[1].strip()
    assert "http://127.0.0.1:8001/admin/" in first.getvalue()
    assert second.getvalue().split("password ")[1].strip() == password  # stable across runs
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="admin", password=password).is_superuser
