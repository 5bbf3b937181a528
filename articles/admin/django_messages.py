"""
Messages of Django's admin that its Kazakh catalogue lacks (half of them in Django 6.1: the messages after saving
a form, "Recent actions", "View site", the login page's errors …). Listed here, unevaluated, so that
``makemessages`` keeps them in the project's catalogues (LOCALE_PATHS, which come before Django's own): translated
into Kazakh in locale/kk, and in locale/ru as Django's Russian catalogue has them.

``THIRD_PARTY``: the same for the admin screens of django-simple-history (a release's history), django-axes (the
lockout message) and django-import-export, whose catalogues have no Kazakh that Django finds (import-export files
it under "kz") and, for simple-history, no Russian either (filed under "ru_RU"); Russian as their catalogues have it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

MESSAGES = (
    gettext_noop("Administration"),
    gettext_noop("Empty"),
    gettext_noop("Not empty"),
    gettext_noop("Please enter the correct %(username)s and password for a staff account. Note that both "
                 "fields may be case-sensitive."),
    gettext_noop("Addition"),
    gettext_noop("Deletion"),
    gettext_noop("user"),
    gettext_noop("content type"),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop("LogEntry Object"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Added."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("View %s"),
    gettext_noop("%(class_name)s %(instance)s"),
    gettext_noop("Deleting %(class_name)s %(instance)s would require deleting the following protected "
                 "related objects: %(related_objects)s"),
    gettext_noop("%(app)s administration"),
    gettext_noop("We’re sorry, but the requested page could not be found."),
    gettext_noop("There’s been an error. It’s been reported to the site administrators via email and should "
                 "be fixed shortly. Thanks for your patience."),
    gettext_noop("Run"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("View"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Set password"),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Skip to main content"),
    gettext_noop("View site"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
                 "objects, but your account doesn't have permission to delete the following types of "
                 "objects:"),
    gettext_noop("Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following "
                 "protected related objects:"),
    gettext_noop("Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
                 "following related items will be deleted:"),
    gettext_noop("Objects"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop("Summary"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Something’s wrong with your database installation. Make sure the appropriate database "
                 "tables have been created, and make sure the database is readable by the appropriate user."),
    gettext_noop("You are authenticated as %(username)s, but are not authorized to access this page. Would "
                 "you like to login to a different account?"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Popup closing…"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop("Please enter your old password, for security’s sake, and then enter your new password "
                 "twice so we can verify you typed it in correctly."),
    gettext_noop("We’ve emailed you instructions for setting your password, if an account exists with the "
                 "email you entered. You should receive them shortly."),
    gettext_noop("If you don’t receive an email, please make sure you’ve entered the address you registered "
                 "with, and check your spam folder."),
    gettext_noop("You're receiving this email because you requested a password reset for your user account "
                 "at %(site_name)s."),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Forgotten your password? Enter your email address below, and we’ll email instructions for "
                 "setting a new one."),
    gettext_noop("Email address:"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select %s to view"),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
)
PLURALS = (
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
    ngettext_lazy("entry", "entries", 1),
)
THIRD_PARTY = (
    gettext_noop("Change history: %s"),
    gettext_noop("The %(name)s \"%(obj)s\" was changed successfully."),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Home"),
    gettext_noop("History"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Or press the 'Change History' button to edit the history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("None"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Account locked: too many login attempts. Contact an admin to unlock your account."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Logout Time"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Import"),
    gettext_noop("%s through import_export"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop("%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct "
                 "format for the file."),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("export failed due to IllegalCharacterError"),
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop("Form is not validated, call `is_valid` first"),
    gettext_noop("Select at least 1 field for \"%(resource_name)s\" to export"),
    gettext_noop("The following fields are declared in 'import_id_fields' but are not present in the "
                 "resource fields: %s"),
    gettext_noop("The following fields are declared in 'import_id_fields' but are not present in the file "
                 "headers: %s"),
    gettext_noop("call to force_str() on instance failed: %s"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop("Below is a preview of data to be imported. If you are satisfied with the results, click "
                 "'Confirm import'"),
    gettext_noop("Confirm import"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop("Please correct these errors in your data where possible, then reupload it using the form above."),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Delete"),
    gettext_noop("Update"),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("Value could not be parsed."),
    gettext_noop("use_natural_foreign_keys and key_is_id cannot both be True"),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", 1),
)
OTHER_APPS = (  # the names of other apps' admin sections that their catalogues have in no Kazakh
    gettext_noop("Authentication and Authorization"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
USERS = (  # the users' pages: Django's Kazakh catalogue lacks these, or misspells them ("Тіркілгіні", "Жорнал")
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("The groups this user belongs to. A user will get all permissions granted to each of their "
                 "groups."),
    gettext_noop("Specific permissions for this user."),
    gettext_noop("users"),  # Django's Kazakh says "қолданушылар" beside its own "пайдаланушы"
    gettext_noop("Reset password"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Designates whether this user should be treated as active. Unselect this instead of "
                 "deleting accounts."),
    gettext_noop("Email"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Whether the user will be able to authenticate using a password or not. If disabled, they "
                 "may still be able to authenticate using other backends, such as Single Sign-On or LDAP."),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
)
CORRECTED = (
    gettext_noop("Change"),  # Django's Kazakh catalogue spells it "Өзгетру"
    gettext_noop("Change %s"),  # and this "%s өзгету"
    gettext_noop("Select %s to change"),  # Kazakh: "%s өзгерту үщін таңда"; Russian: "Выберите пользователь …"
    gettext_noop("Add %s"),  # Russian: "Добавить группа" (the name in the nominative); so the colon forms
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),  # Kazakh: "… кос"; Russian: "Добавить еще один Языковая версия"
    gettext_noop("Delete selected %(verbose_name_plural)s"),  # Kazakh: "… өшірілді" (were deleted)
    gettext_noop("Filter by %(field_name)s"),  # new in Django 6.1, in neither catalogue
    gettext_noop("- Select an option -"),  # new in Django 6.1, in neither catalogue
)
# The months as a date writes them ("9 ақпан", "9 февраля"): Django's Kazakh catalogue capitalises them.
MONTHS_IN_DATES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
