"""Messages that say what to do (issue #20): an empty file, a binary file, unknown columns, and the help of every
option of the project's commands."""

import argparse
import pkgutil
import struct
import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.core.management.base import BaseCommand

import articles.management.commands as project_commands

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HH", 2, 62) + bytes(300)


def zipped():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_releases", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def test_an_empty_file_warns_and_exits_with_status_1(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    error, out, err = run(str(path))
    assert f"{path} is empty: nothing to import." in err
    assert error is not None and error.returncode == 1
    assert "empty" in str(error)


def test_a_file_of_blank_lines_is_empty_too(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n \n\t\n")
    error, _, err = run(str(path))
    assert "is empty: nothing to import." in err and error.returncode == 1


@pytest.mark.parametrize(("data", "looks_like"), [(PNG, "a PNG image"), (ELF, "a program (ELF executable)"),
                                                  (zipped(), "a ZIP archive")])
@pytest.mark.parametrize("given", [[], ["--format", "dump"]])
def test_a_binary_file_is_called_binary_with_what_it_looks_like(tmp_path, data, looks_like, given):
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    error, _, _ = run(str(path), *given)
    assert error is not None
    assert f"this is a binary file (it looks like {looks_like}), not a dump" in str(error)
    assert "UTF-8" not in str(error)


def test_unknown_columns_name_the_expected_and_the_found_headers(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("url,headline,text\nhttps://www.gov.kz/x,A title,A body\n")
    error, _, _ = run(str(path))
    assert error is not None
    message = str(error)
    assert "unknown columns url, headline, text" in message
    assert "expected source_url, news_id, agency, region, section, published, language, title" in message
    assert "(found: url, headline, text)" in message
    assert "no source URL" not in message


def project_command_names():
    return sorted(name for _, name, is_package in pkgutil.iter_modules(project_commands.__path__)
                  if not is_package and not name.startswith("_"))


def test_the_project_has_its_commands():
    assert {"import_releases", "export_releases", "ensure_admin", "undo_import"} <= set(project_command_names())


@pytest.mark.parametrize("name", project_command_names())
def test_every_option_of_every_project_command_has_help(name):
    command = load_command_class("articles", name)
    parser = command.create_parser("manage.py", name)
    base = {option for action in BaseCommand().create_parser("manage.py", "base")._actions
            for option in action.option_strings}
    if name == "makemessages":  # Django's own command, extended: only the options it adds are the project's
        from django.core.management.commands.makemessages import Command as DjangoMakemessages

        base |= {option for action in DjangoMakemessages().create_parser("manage.py", name)._actions
                 for option in action.option_strings}
    missing = [action.option_strings or [action.dest] for action in parser._actions
               if not set(action.option_strings) & base and not isinstance(action, argparse._HelpAction)
               and not (action.help and action.help.strip() and action.help != argparse.SUPPRESS)]
    assert not missing, f"{name}: no help for {missing}"
    assert command.help.strip(), f"{name} says nothing of what it does"


def test_export_format_has_its_help():
    out = StringIO()
    command = load_command_class("articles", "export_releases")
    command.create_parser("manage.py", "export_releases").print_help(out)
    assert "json (the default) keeps every field" in out.getvalue()
