import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local 'admin' superuser if missing and print its login (development set-up)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="The superuser's name (default: admin).")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/", help="Where the admin is served.")

    def handle(self, *args, username, url, **options):
        credentials = settings.BASE_DIR / "var" / "admin-login.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        password = None
        if user and credentials.exists():
            saved_user, _, saved_password = credentials.read_text().strip().partition(":")
            if saved_user == username and user.check_password(saved_password):
                password = saved_password
        if password is None:
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(username, f"{username}@localhost", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            credentials.write_text(f"{username}:{password}\n")
            credentials.chmod(0o600)
        login = f"Admin login: {url}  user {username}  password {password}"
        self.stdout.write(self.style.SUCCESS(login))
