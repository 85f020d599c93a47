"""Tests of the per-employee file reader and its templates (equality_index/employee_file.py).

Files are built in memory (CSV as bytes; XLSX with openpyxl, or by hand as
Excel writes them, with shared strings), read back, and checked value by
value. Reading must never touch the disk nor log anything.
"""

import io
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from equality_index.employee_file import (
    COLUMN_HELP,
    read_employee_file,
    template_csv,
    template_xlsx,
)
from equality_index.scoring import ScoringError
from equality_index.simulation import (
    COLUMNS,
    INDEX_COLUMNS,
    TRANSPARENCY_COLUMNS,
    RowErrors,
    pay_transparency,
    simulate,
    tables_from_employees,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

INDEX_HEADER = [
    "sexe",
    "csp",
    "age",
    "remuneration_annuelle_brute_etp",
    "remuneration_annuelle_brute",
    "augmentation",
    "promotion",
    "retour_conge_maternite",
    "augmentation_au_retour",
]


def csv_file(lines, separator=";", bom=False, newline="\n"):
    text = newline.join(separator.join(cells) for cells in lines) + newline
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def index_row(sexe="F", etp="30000", age="35"):
    return [sexe, "ouv", age, etp, etp, "non", "non", "non", ""]


# --- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_semicolons_with_or_without_bom(bom):
    data = csv_file([INDEX_HEADER, index_row("F", "30000,50"), index_row("H", "31000")], bom=bom)
    rows = read_employee_file(data, "salaries.csv")
    assert rows.columns == tuple(INDEX_HEADER)
    assert [row.line for row in rows] == [2, 3]
    assert rows[0]["sexe"] == "F"
    assert rows[0]["remuneration_annuelle_brute_etp"] == "30000,50"
    assert rows[1]["remuneration_annuelle_brute_etp"] == "31000"


def test_csv_with_commas_and_quoted_decimal_commas():
    data = csv_file(
        [INDEX_HEADER, ["F", "ouv", "35", '"30000,50"', '"29 000,5"', "oui", "non", "non", ""]],
        separator=",",
    )
    [row] = read_employee_file(data, "salaries.csv")
    assert row["remuneration_annuelle_brute_etp"] == "30000,50"
    assert row["remuneration_annuelle_brute"] == "29 000,5"
    assert row["augmentation"] == "oui"


def test_csv_decimal_commas_reach_the_tables_exactly():
    # Women's mean (30 000,50 + 30 001,50) / 2 = 30 001.
    data = csv_file([INDEX_HEADER, index_row("F", "30000,50"), index_row("F", "30001,50")])
    tables = tables_from_employees(read_employee_file(data, "salaries.csv"))
    assert tables["pay"]["groups"][0]["women_pay"] == 30001


def test_csv_blank_lines_are_skipped_and_lines_keep_their_numbers():
    data = csv_file(
        [[], INDEX_HEADER, index_row(), [], [";" * 8], index_row("H")],
        newline="\r\n",
    )
    rows = read_employee_file(data, "salaries.csv")
    # Line 1 is blank, the header is line 2, lines 4 and 5 are empty.
    assert [row.line for row in rows] == [3, 6]


def test_csv_a_quoted_line_break_keeps_the_line_where_the_row_starts():
    header = [*INDEX_HEADER, "categorie"]
    data = csv_file(
        [header, [*index_row(), '"Équipe\nterrain"'], [*index_row("X"), "A"]],
    )
    rows = read_employee_file(data, "salaries.csv")
    assert [row.line for row in rows] == [2, 4]
    assert rows[0]["categorie"] == "Équipe\nterrain"
    with pytest.raises(RowErrors) as raised:
        tables_from_employees(rows)
    assert raised.value.errors[0].line == 4


def test_csv_headers_are_matched_ignoring_case_and_accents():
    header = [
        "Sexe",
        "CSP",
        "Âge",
        "Rémunération annuelle brute ETP",
        "Rémunération annuelle brute",
        "Augmentation",
        "Promotion",
        "Retour congé maternité",
        "Augmentation au retour",
    ]
    rows = read_employee_file(csv_file([header, index_row()]), "salaries.csv")
    assert rows.columns == tuple(INDEX_HEADER)
    assert rows[0]["age"] == "35"


def test_columns_the_index_does_not_use_are_left_out():
    # A name is personal data the index does not need: it is not kept.
    data = csv_file([["nom", *INDEX_HEADER], ["Camille Martin", *index_row()]])
    [row] = read_employee_file(data, "salaries.csv")
    assert "nom" not in row
    assert "Camille Martin" not in row.values()


def test_missing_columns_are_named_with_those_not_recognised():
    header = [name for name in INDEX_HEADER if name not in {"csp", "age"}] + ["salaire"]
    data = csv_file([header])
    with pytest.raises(ScoringError) as raised:
        read_employee_file(data, "salaries.csv")
    message = str(raised.value)
    assert "Colonnes manquantes : « csp », « age » ou « tranche_age »." in message
    assert "Colonnes non reconnues dans le fichier : « salaire »." in message


def test_the_required_columns_can_be_those_of_pay_transparency():
    data = csv_file([list(TRANSPARENCY_COLUMNS), ["F", "1600", "30000", "", "A"]])
    rows = read_employee_file(data, "salaries.csv", required_columns=TRANSPARENCY_COLUMNS)
    assert pay_transparency(rows)["headcount"] == {"women": 1, "men": 0}
    with pytest.raises(ScoringError, match="Colonnes manquantes"):
        read_employee_file(data, "salaries.csv")
    assert read_employee_file(data, "salaries.csv", required_columns=())[0]["sexe"] == "F"


def test_a_column_given_twice_is_refused():
    data = csv_file([[*INDEX_HEADER, "Sexe"]])
    with pytest.raises(ScoringError) as raised:
        read_employee_file(data, "salaries.csv")
    assert "« sexe » apparaît deux fois dans l'en-tête (colonnes 1 et 10)" in str(raised.value)


def test_a_comma_separated_line_with_an_unquoted_decimal_comma_is_refused():
    # 30000,50 unquoted splits into two values: 10 for 9 columns.
    data = csv_file(
        [
            INDEX_HEADER,
            index_row(),
            ["F", "ouv", "35", "30000", "50", "30000", "non", "non", "non", ""],
        ],
        separator=",",
    )
    with pytest.raises(RowErrors) as raised:
        read_employee_file(data, "salaries.csv")
    [(line, message)] = raised.value.errors
    assert line == 3
    assert message.startswith("Ligne 3 : 10 valeurs pour 9 colonnes d'en-tête")
    assert "entre guillemets" in message


def test_a_line_longer_than_the_header_is_refused_even_when_the_extra_value_is_empty():
    # "30000,50" split in two: every value after it is shifted, the last empty.
    data = csv_file([INDEX_HEADER, [*index_row(), ""]])
    with pytest.raises(RowErrors, match="Ligne 2 : 10 valeurs pour 9 colonnes"):
        read_employee_file(data, "salaries.csv")


def test_a_line_shorter_than_the_header_has_its_last_columns_empty():
    data = csv_file([INDEX_HEADER, index_row()[:-2]])
    [row] = read_employee_file(data, "salaries.csv")
    assert (row["retour_conge_maternite"], row["augmentation_au_retour"]) == (None, None)


@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff".encode(), b" ; \n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ScoringError, match="vide"):
        read_employee_file(data, "salaries.csv")


def test_a_header_without_rows_gives_no_employee():
    rows = read_employee_file(csv_file([INDEX_HEADER]), "salaries.csv")
    assert rows == []
    assert rows.columns == tuple(INDEX_HEADER)


def test_a_file_not_in_utf8_is_refused_with_its_line():
    data = csv_file([INDEX_HEADER, index_row()]) + "F;employé\n".encode("cp1252")
    with pytest.raises(ScoringError) as raised:
        read_employee_file(data, "salaries.csv")
    assert str(raised.value).startswith("Ligne 3 : le fichier n'est pas encodé en UTF-8.")
    assert "CSV UTF-8" in str(raised.value)


def test_a_utf16_file_is_refused():
    data = "sexe;csp\nF;ouv\n".encode("utf-16")
    with pytest.raises(ScoringError, match="UTF-8"):
        read_employee_file(data, "salaries.csv")


def test_a_badly_quoted_csv_is_refused():
    data = csv_file([INDEX_HEADER, ['"F', "ouv"]])
    with pytest.raises(ScoringError, match="guillemets"):
        read_employee_file(data, "salaries.csv")


# --- Formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "words"),
    [
        ("salaries.pdf", "Format de fichier non reconnu (« .pdf »)"),
        ("salaries.xls", "l'ancien format Excel (.xls)"),
        ("salaries.ods", "OpenDocument (.ods)"),
    ],
)
def test_formats_other_than_csv_and_xlsx_are_refused(filename, words):
    with pytest.raises(ScoringError) as raised:
        read_employee_file(b"some bytes", filename)
    assert words in str(raised.value)


@pytest.mark.parametrize(
    "data",
    [b"not a zip at all", b"PK\x03\x04 truncated", zipfile.ZipFile.__doc__.encode()],
)
def test_a_damaged_xlsx_is_refused(data):
    with pytest.raises(ScoringError, match="illisible ou endommagé"):
        read_employee_file(data, "salaries.xlsx")


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ScoringError, match="illisible ou endommagé"):
        read_employee_file(buffer.getvalue(), "salaries.xlsx")


def test_the_format_is_recognised_without_an_extension():
    assert len(read_employee_file(xlsx_with_openpyxl([INDEX_HEADER, index_row()]), "export")) == 1
    assert len(read_employee_file(csv_file([INDEX_HEADER, index_row()]), "export")) == 1
    assert len(read_employee_file(csv_file([INDEX_HEADER, index_row()]), "EXPORT.TXT")) == 1


# --- XLSX -----------------------------------------------------------------------------------


def xlsx_with_openpyxl(rows, extra_sheet=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = workbook.create_sheet("Autre")
        for row in extra_sheet:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_round_trip():
    # Numbers as a spreadsheet holds them, a boolean, an empty row (3).
    data = xlsx_with_openpyxl(
        [
            INDEX_HEADER,
            ["F", "ouv", 29, 30000.5, 30000, True, False, "non", None],
            [],
            ["H", "Cadre", 50, 45000, 45000, "non", "oui", "non", None],
        ]
    )
    rows = read_employee_file(data, "salaries.xlsx")
    assert [row.line for row in rows] == [2, 4]
    first = rows[0]
    assert first["age"] == Decimal("29")
    assert first["remuneration_annuelle_brute_etp"] == Decimal("30000.5")
    assert (first["augmentation"], first["promotion"]) == (True, False)
    assert first["augmentation_au_retour"] is None
    tables = tables_from_employees(rows)
    assert tables["workforce"]["ouv"]["-29"] == {"women": 1, "men": 0}
    assert tables["workforce"]["ic"]["50+"] == {"women": 0, "men": 1}
    assert tables["salary_raises_and_promotions"] == {
        "any": True,
        "women_raised": 1,
        "men_raised": 1,
    }


def test_xlsx_reads_the_first_sheet_only():
    data = xlsx_with_openpyxl([INDEX_HEADER, index_row()], extra_sheet=[["autre"], ["x"]])
    assert len(read_employee_file(data, "salaries.xlsx")) == 1


def test_xlsx_errors_name_the_sheet_row():
    data = xlsx_with_openpyxl([[], [], INDEX_HEADER, index_row(), index_row(sexe="?")])
    with pytest.raises(RowErrors) as raised:
        tables_from_employees(read_employee_file(data, "salaries.xlsx"))
    assert raised.value.errors[0].message.startswith("Ligne 5, colonne « sexe »")


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx_as_excel_writes_it(sheet_data, shared_strings):
    """A workbook with shared strings and cell references, as Excel saves it."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            '<sheet name="Feuil1" sheetId="1" r:id="rId3"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/worksheet" '
            'Target="/xl/worksheets/feuille.xml"/>'
            f'<Relationship Id="rId4" Type="{RELATIONSHIPS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/feuille.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{shared_strings}</sst>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in parts.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def test_xlsx_with_shared_strings_rich_text_and_sparse_cells():
    strings = (
        "<si><t>sexe</t></si>"
        "<si><t>age</t></si>"
        "<si><t>remuneration_annuelle_brute_etp</t></si>"
        # Rich text in two runs, and a phonetic guide that is not part of the text.
        "<si><r><rPr><b/></rPr><t>Fem</t></r><r><t>me</t></r>"
        "<rPh sb='0' eb='1'><t>ignored</t></rPh></si>"
    )
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        # Row 4 skips column B; Excel writes 17 digits for some doubles.
        '<row r="4"><c r="A4" t="s"><v>3</v></c>'
        '<c r="C4"><v>28396.540000000001</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>H</t></is></c><c r="B5"><v>41</v></c>'
        '<c r="C5" t="str"><v>31000</v></c></row>'
    )
    rows = read_employee_file(
        xlsx_as_excel_writes_it(sheet, strings), "salaries.xlsx", required_columns=()
    )
    assert [row.line for row in rows] == [4, 5]
    assert rows[0] == {
        "sexe": "Femme",
        "remuneration_annuelle_brute_etp": Decimal("28396.54"),
        "age": None,
    }
    assert rows[1] == {
        "sexe": "H",
        "age": Decimal("41"),
        "remuneration_annuelle_brute_etp": "31000",
    }


# --- Templates ------------------------------------------------------------------------------


def test_the_csv_template_is_the_header_line():
    data = template_csv()
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig") == ";".join(COLUMNS) + "\r\n"
    rows = read_employee_file(data, "modele.csv")
    assert rows == []
    assert rows.columns == COLUMNS


def test_the_xlsx_template_reads_back_with_no_row_and_every_column():
    data = template_xlsx()
    rows = read_employee_file(data, "modele.xlsx")
    assert rows == []
    assert rows.columns == COLUMNS
    assert template_xlsx() == data  # reproducible bytes


def test_the_xlsx_template_opens_in_openpyxl_with_a_help_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["Salariés", "Aide"]
    employees, help_sheet = workbook.worksheets
    assert [cell.value for cell in employees[1]] == list(COLUMNS)
    assert employees.max_row == 1
    assert employees["A1"].font.b is True
    assert employees.freeze_panes == "A2"
    help_rows = list(help_sheet.iter_rows(values_only=True))
    assert help_rows[0] == ("Colonne", "Valeurs", "Utilisée pour")
    assert [row[0] for row in help_rows[1:]] == list(COLUMNS)
    assert help_rows[1][1] == COLUMN_HELP["sexe"][0]


def test_every_index_column_is_in_the_template():
    for column in INDEX_COLUMNS:
        alternatives = column if isinstance(column, tuple) else (column,)
        assert set(alternatives) <= set(COLUMNS)


# --- Personal data: no disk, no log ------------------------------------------------------------


def temporary_files():
    directory = tempfile.gettempdir()
    return set(os.listdir(directory))


def test_reading_creates_no_file(caplog):
    header = list(COLUMNS)
    row = ["F", "ouv", "35", "", "", "30000", "30000", "non", "non", "non", "", "1600", "0", "A"]
    csv_data = csv_file([header, row, row])
    xlsx_data = xlsx_with_openpyxl([header, row, row])
    before = temporary_files()
    with caplog.at_level(logging.DEBUG):
        for data, filename in ((csv_data, "a.csv"), (xlsx_data, "a.xlsx")):
            rows = read_employee_file(data, filename)
            tables_from_employees(rows)
            pay_transparency(rows)
        template_csv()
        template_xlsx()
    assert temporary_files() == before
    assert caplog.records == []


# --- From a file to the index ----------------------------------------------------------------


def test_a_csv_file_gives_the_index():
    # 10 women paid 90 000 and 10 men paid 100 000 (ETP), all aged 30-39:
    # 10 % - 5 = 5.0 -> 35. Raises: 5 women and 5 men -> 0 -> 35. Maternity:
    # 1 woman back, raised -> 15. Top 10 by actual pay: the 10 men -> 0.
    # 35 + 35 + 15 + 0 = 85.
    lines = [INDEX_HEADER]
    for i in range(10):
        back = ["oui", "oui"] if i == 0 else ["non", ""]
        lines.append(["F", "emp", "33", "90000", "90000", "oui" if i < 5 else "non", "non", *back])
    for i in range(10):
        lines.append(
            ["H", "emp", "33", "100000", "100000", "oui" if i < 5 else "non", "non", "non", ""]
        )
    result = simulate(tables_from_employees(read_employee_file(csv_file(lines), "a.csv")))
    assert result["remunerations"]["score"] == 35
    assert result["salary_raises_and_promotions"]["score"] == 35
    assert result["maternity_leaves"]["score"] == 15
    assert result["high_remunerations"]["score"] == 0
    assert result["index"] == 85


def test_employee_file_imports_without_django_settings():
    code = (
        "import sys\n"
        "from equality_index.employee_file import read_employee_file, template_csv\n"
        "print(len(read_employee_file(template_csv(), 'modele.csv')), 'django' in sys.modules)\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["0", "False"]
