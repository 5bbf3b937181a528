"""Encoding and format of an import file from its bytes: no database, no Django. Every file is built here."""

import codecs
import gzip
import io
import json
import re
import zipfile

import pytest
import tablib

from articles.importing.detect import HEAD, NotText, decode, sniff

URL = "https://www.gov.kz/memleket/entities/adilet/press/news/details/{}"
RUSSIAN_DUMP = "\n".join([
    "Право",
    "Министерство юстиции провело приём граждан 09.02.2025",
    "Сегодня в министерстве юстиции прошёл приём граждан по личным вопросам.Обращения рассмотрены.",
    "Пресс-служба Министерства юстиции",
    "Источник : " + URL.format(931102),
    "Ещё одна новость о работе ведомства 09.02.2025 10:15",
    "Ведомство подвело итоги года: рост числа электронных услуг составил 12,5%.",
    "Источник : " + URL.format(931105),
    "",
])
KAZAKH_DUMP = "\n".join([
    "Жаңалықтар",
    "Түркістан облысында жол тазалау жұмыстары жүріп жатыр 09.02.2025",
    "Өңірдегі барлық аудандарда қар тазалау жұмыстары жалғасуда. Әкімдік тұрғындарға ескерту жасады.",
    "Ақпарат көзі : " + URL.format(930418),
    "",
])


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_a_russian_dump_in_an_eight_bit_code_page_decodes_exactly(encoding):
    decoded = decode(RUSSIAN_DUMP.encode(encoding))
    assert decoded.text == RUSSIAN_DUMP
    assert codecs.lookup(decoded.encoding) == codecs.lookup(encoding)
    assert "Cyrillic words" in decoded.confidence_note


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_a_russian_title_in_capitals_does_not_mislead_the_code_page(encoding):
    """A title in capitals reads as lower case in the other code page; the body outweighs it."""
    text = RUSSIAN_DUMP.replace("Министерство юстиции провело приём граждан", "МИНИСТЕРСТВО ЮСТИЦИИ ПРОВЕЛО ПРИЁМ")
    assert decode(text.encode(encoding)).text == text


def test_a_kazakh_dump_in_the_kazakh_windows_code_page_decodes_exactly():
    """KZ-1048 (Windows' Kazakh code page) is Windows-1251 with the Kazakh letters where 1251 has Serbian and
    Ukrainian ones: read as 1251 it would import "Ќазаќстан"."""
    decoded = decode(KAZAKH_DUMP.encode("kz1048"))
    assert decoded.text == KAZAKH_DUMP
    assert decoded.encoding == "kz1048" and decoded.name == "KZ-1048"
    assert "Cyrillic words in KZ-1048" in decoded.confidence_note


@pytest.mark.parametrize("text", [
    RUSSIAN_DUMP,
    "Київ. Міністерство юстиції України повідомляє про її роботу: ґрунтовні зміни, єдиний реєстр, їхні звіти.",
])
def test_russian_and_ukrainian_text_in_windows_1251_stays_windows_1251(text):
    """The Kazakh code page reads Russian letters the same; Ukrainian ї, є, ґ would turn into ү, ғ, ө."""
    decoded = decode(text.encode("cp1251"))
    assert decoded.text == text and decoded.encoding == "cp1251"


def test_the_kazakh_code_page_can_be_declared():
    assert decode(KAZAKH_DUMP.encode("kz1048"), declared="kz1048").text == KAZAKH_DUMP


@pytest.mark.parametrize("encoding, note", [
    ("utf-8", "valid UTF-8"), ("utf-8-sig", "byte order mark"), ("utf-16", "byte order mark"),
    ("utf-16-le", "UTF-16 by its zero bytes"), ("utf-16-be", "UTF-16 by its zero bytes"),
])
def test_kazakh_text_in_unicode_encodings_decodes_exactly_without_the_byte_order_mark(encoding, note):
    decoded = decode(KAZAKH_DUMP.encode(encoding))
    assert decoded.text == KAZAKH_DUMP
    assert decoded.confidence_note == note


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_excel_unicode_text_utf16_with_its_byte_order_mark(bom, codec):
    data = bom + f"source_url\ttitle\n{URL.format(1)}\tӘкімдік жиналысы\n".encode(codec)
    decoded = decode(data)
    assert decoded.text.startswith("source_url\t")
    assert "Әкімдік жиналысы" in decoded.text


def test_a_declared_encoding_wins_over_detection():
    data = RUSSIAN_DUMP.encode("cp1251")
    decoded = decode(data, declared="koi8-r")
    assert decoded.encoding == "koi8-r" and decoded.confidence_note == "declared"
    assert decoded.text == data.decode("koi8-r")


def test_an_unknown_declared_encoding_says_which_names_to_use():
    with pytest.raises(NotText, match="unknown encoding 'cyrillic-dos'.*cp1251"):
        decode(b"text", declared="cyrillic-dos")


def test_western_eight_bit_text_is_not_read_as_cyrillic():
    """Latin-1 letters make no Cyrillic words: charset-normalizer guesses among the Western code pages."""
    decoded = decode("Café au lait, déjà vu, façade. Le ministère a publié un communiqué.".encode("cp1252"))
    assert decoded.encoding not in {"cp1251", "koi8_r"}
    assert decoded.text.startswith("Café au lait, déj")
    assert not re.search("[а-яА-Я]", decoded.text)


def test_a_character_cut_at_the_end_of_the_sample_keeps_utf8():
    data = b"a" * (HEAD - 1) + "ә".encode() + b" end"
    assert decode(data).encoding == "utf-8"


def test_only_the_first_64_kib_decide_and_a_later_bad_byte_is_named():
    data = b"Title 09.02.2025\n" + b"a" * HEAD + "приём".encode("cp1251")
    with pytest.raises(NotText, match=rf"byte {len(data) - 5} is not valid UTF-8.*give the encoding"):
        decode(data)


# --- formats ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data, fmt, description", [
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "png", "a PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(64), "jpeg", "a JPEG image"),
    (b"GIF89a" + bytes(64), "gif", "a GIF image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", "a PDF document"),
    (b"\x7fELF\x02\x01\x01" + bytes(64), "elf", "a program (ELF executable)"),
    (gzip.compress(b"Title 09.02.2025\n"), "gzip", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "ole", "an old Microsoft Office file (.xls or .doc)"),
    (b"\x00\x01\x02\x03\x04\x05" * 20, "binary", "a binary file of an unknown kind"),
])
def test_binary_files_are_named_by_their_magic_bytes(data, fmt, description):
    sniffed = sniff(data, "releases.txt")
    assert (sniffed.kind, sniffed.format, sniffed.description) == ("binary", fmt, description)
    assert not sniffed.importable


def test_a_binary_file_is_refused_with_what_it_is_and_what_to_do():
    sniffed = sniff(b"\x89PNG\r\n\x1a\n" + bytes(100), "report.png")
    assert sniffed.refusal("report.png") == ("report.png: this is a binary file (it looks like a PNG image), not a "
                                             "dump: export the releases as text, CSV, XLSX or JSON.")


def test_an_old_excel_file_is_refused_with_advice_to_save_it_as_xlsx():
    message = sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)).refusal("releases.xls")
    assert "an old Microsoft Office file (.xls or .doc)" in message and "save it as XLSX" in message


def test_an_xlsx_workbook_is_the_xlsx_format_and_another_zip_is_not():
    workbook = tablib.Dataset(["x", "y"], headers=["source_url", "title"]).export("xlsx")
    assert sniff(workbook, "releases.txt").format == "xlsx"
    assert sniff(workbook[:1000], "releases.txt").format == "xlsx"  # only the start was read
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("releases.txt", "Title 09.02.2025\n")
    sniffed = sniff(archive.getvalue(), "releases.zip")
    assert (sniffed.format, sniffed.description) == ("zip", "a ZIP archive")
    assert "unpack it first" in sniffed.refusal("releases.zip")


def test_json_is_known_by_its_content_after_a_byte_order_mark():
    data = codecs.BOM_UTF8 + b"  \n" + json.dumps([{"source_url": URL.format(1)}]).encode()
    assert sniff(data, "releases.txt").format == "json"


def test_the_start_of_a_long_json_list_is_json():
    data = json.dumps([{"source_url": URL.format(n), "title": "x" * 100} for n in range(2000)]).encode()
    assert len(data) > HEAD
    assert sniff(data[:HEAD]).format == "json"


def test_a_dump_whose_title_starts_with_a_bracket_is_no_json():
    assert sniff("[Обновлено] Заголовок 09.02.2025\nТекст.\n".encode()).format == "dump"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_txt_file_holding_csv_is_read_as_csv_with_its_delimiter(delimiter):
    header = delimiter.join(["source_url", "published", "title", "body"])
    line = delimiter.join([URL.format(1), "2025-02-09", "Заголовок", "Текст новости"])
    sniffed = sniff(f"{header}\n{line}\n".encode("cp1251"), "export.txt")
    assert (sniffed.format, sniffed.delimiter) == ("csv", delimiter)


def test_a_csv_file_with_unknown_columns_is_still_a_csv():
    assert sniff(b"a,b,c\n1,2,3\n4,5,6\n", "releases.csv").format == "csv"


def test_a_dump_is_the_rest_whatever_its_name():
    assert sniff(RUSSIAN_DUMP.encode("koi8-r"), "releases.csv").format == "dump"
    assert sniff(KAZAKH_DUMP.encode("utf-16"), "releases.json").format == "dump"


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", codecs.BOM_UTF8 + b"\n"])
def test_an_empty_file_says_there_is_nothing_to_import(data):
    sniffed = sniff(data, "empty.txt")
    assert sniffed.kind == "empty"
    assert sniffed.refusal("empty.txt") == "empty.txt is empty: nothing to import."
