"""The libraries' apps under names in the admin's languages: the superuser's index lists them beside the desk, and
"Axes", "Otp_Totp" or "Tasks Database Backend" mean nothing to a Kazakh or Russian administrator."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from django_tasks_db.apps import TasksAppConfig


class SignInProtectionConfig(AxesAppConfig):
    verbose_name = _("Sign-in protection")

    def ready(self):
        super().ready()
        from axes.admin import AccessAttemptAdmin

        # Columns the library's admin names by its methods' names only ("Expiration", "Status").
        AccessAttemptAdmin.expiration.short_description = _("locked until")
        AccessAttemptAdmin.status.short_description = _("status")


class TwoFactorConfig(TOTPAppConfig):
    verbose_name = _("Two-factor authentication")

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The library names its model in English only ("TOTP device"), not as a message to translate. Only the
        # displayed names change: the migration state keeps the library's own (``Meta.original_attrs``).
        TOTPDevice._meta.verbose_name = _("authenticator app")
        TOTPDevice._meta.verbose_name_plural = _("authenticator apps")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")

    def ready(self):
        super().ready()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.task_name.fget.short_description = _("task")  # a column of the tasks' list ("Task name")
