#!/usr/bin/env python
"""How long importing a per-employee file takes: read, aggregate, simulate, transparency.

    .venv/bin/python bench/employee_import.py                 # 10 000 rows, best of 5
    .venv/bin/python bench/employee_import.py --rows 50000 --runs 3
    .venv/bin/python bench/employee_import.py --through-django   # and the admin's POST

The "index import" column is what the admin's import view computes from the
uploaded bytes (equality_index.workforce.import_employee_file: read, aggregate,
leave out the pay of small groups, simulate), and "transparency import" what the
transparency view computes (equality_index.transparency.compute_transparency).
With --through-django, the whole request is timed too: the file posted to
« Calculer à partir des effectifs » through Django's test client, upload handler,
CSRF, permission, signing and the rendered result page included, on a throwaway
in-memory SQLite database (migrated first, which takes a minute).

Generates a synthetic file (random but seeded, so every run measures the same
data) in three forms: CSV (";" separator, decimal comma, BOM, as French Excel
saves it); XLSX with shared strings, as Excel and LibreOffice write it; and
XLSX with inline strings, as openpyxl writes it (slower to read: three XML
elements per text cell instead of two). Times each step on each with
time.perf_counter, keeping the best of --runs runs (the least disturbed by
other programs). Target: the whole import of a 10 000-row file under one
second. Exits 2 with --check-target when it is missed.

The files are built in memory; openpyxl saves its XLSX through a temporary
file of its own (it has no in-memory writer), the code measured never writes
to disk. Nothing is contacted.
"""

import argparse
import io
import random
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import openpyxl  # noqa: E402

from equality_index.employee_file import read_employee_file  # noqa: E402
from equality_index.simulation import (  # noqa: E402
    COLUMNS,
    pay_transparency,
    simulate,
    tables_from_employees,
)
from equality_index.transparency import compute_transparency  # noqa: E402
from equality_index.workforce import import_employee_file  # noqa: E402

TARGET_SECONDS = 1.0
CATEGORIES = ("ouv", "emp", "tam", "ic")
BASE_PAY = {"ouv": 26_000, "emp": 29_000, "tam": 38_000, "ic": 58_000}
# Full time, and a few part-time contracts, in hours paid per year.
HOURS = (1607, 1607, 1607, 1607, 1205.25, 803.5, 1400)


def synthetic_employees(count, seed=20261201):
    """Rows of every column, values as a spreadsheet holds them (numbers, text)."""
    rng = random.Random(seed)
    employees = []
    for _ in range(count):
        sex = rng.choice("FH")
        category = rng.choice(CATEGORIES)
        age = rng.randint(20, 64)
        hours = rng.choice(HOURS)
        full_time_pay = round(
            BASE_PAY[category]
            * (1 + (age - 20) / 90)
            * rng.uniform(0.85, 1.25)
            * (0.96 if sex == "F" else 1.0),
            2,
        )
        variable = round(full_time_pay * rng.uniform(0.02, 0.12), 2) if rng.random() < 0.4 else 0
        back = sex == "F" and rng.random() < 0.02
        employees.append(
            {
                "sexe": sex,
                "csp": category,
                "age": age,
                "tranche_age": "",
                "niveau": f"N{rng.randint(1, 8)}",
                "remuneration_annuelle_brute_etp": full_time_pay,
                "remuneration_annuelle_brute": round(full_time_pay * hours / 1607, 2),
                "augmentation": "oui" if rng.random() < 0.45 else "non",
                "promotion": "oui" if rng.random() < 0.08 else "non",
                "retour_conge_maternite": "oui" if back else "non",
                "augmentation_au_retour": ("oui" if rng.random() < 0.9 else "non") if back else "",
                "heures_remunerees": hours,
                "part_variable": variable,
                "categorie": f"{category}-{rng.randint(1, 5)}",
            }
        )
    return employees


def french_number(value):
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def as_csv(employees):
    lines = [";".join(COLUMNS)]
    lines += [";".join(french_number(e[column]) for column in COLUMNS) for e in employees]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _column_letter(position):
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def as_shared_strings_xlsx(employees):
    """An XLSX as Excel writes it: text in a shared table, numbers in the cells."""
    strings, string_ids, rows = [], {}, []

    def cell(reference, value):
        if value == "":
            return ""
        if isinstance(value, str):
            if value not in string_ids:
                string_ids[value] = len(strings)
                strings.append(value)
            return f'<c r="{reference}" t="s"><v>{string_ids[value]}</v></c>'
        return f'<c r="{reference}"><v>{value}</v></c>'

    table = [COLUMNS, *([employee[column] for column in COLUMNS] for employee in employees)]
    for number, values in enumerate(table, start=1):
        cells = "".join(
            cell(f"{_column_letter(position)}{number}", value)
            for position, value in enumerate(values)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    last = f"{_column_letter(len(COLUMNS) - 1)}{len(table)}"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relationships}"><sheets>'
            '<sheet name="Salariés" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{relationships}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{relationships}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><dimension ref="A1:{last}"/>'
            f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in parts.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def as_openpyxl_xlsx(employees):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Salariés")
    sheet.append(COLUMNS)
    for employee in employees:
        sheet.append([employee[column] if employee[column] != "" else None for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def best_time(function, runs):
    best, result = None, None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def measure(data, filename, runs):
    read_time, rows = best_time(lambda: read_employee_file(data, filename), runs)
    tables_time, tables = best_time(lambda: tables_from_employees(rows), runs)
    simulate_time, simulation = best_time(lambda: simulate(tables), runs)
    transparency_time, _ = best_time(lambda: pay_transparency(rows), runs)
    index_import_time, (_, kept_simulation) = best_time(
        lambda: import_employee_file(data, filename), runs
    )
    transparency_import_time, _ = best_time(lambda: compute_transparency(data, filename), runs)
    assert kept_simulation["index"] == simulation["index"]
    return {
        "read_employee_file": read_time,
        "tables_from_employees": tables_time,
        "simulate": simulate_time,
        "pay_transparency": transparency_time,
        "total": read_time + tables_time + simulate_time + transparency_time,
        "index import": index_import_time,
        "transparency import": transparency_import_time,
        "rows": len(rows),
        "index": simulation["index"],
    }


def through_django(files, runs):
    """The file posted to the admin's import view, as a member of the Communication group."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smart_site.settings.test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from equality_index.models import EqualityIndexYear

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    user = get_user_model().objects.create_user(username="bench", password="x" * 20)
    user.groups.add(Group.objects.get(name="Communication"))
    year = EqualityIndexYear(publication_year=2027, data_year=2026)
    year.save()
    client = Client()
    client.force_login(user)
    url = reverse("equality_index_workforce_import", args=[year.pk])
    times = {}
    for name, (data, filename) in files.items():

        def post(data=data, filename=filename):
            response = client.post(
                url,
                {
                    "workforce_range": "",
                    "pay_mode": "csp",
                    "fichier": SimpleUploadedFile(filename, data),
                },
            )
            assert response.status_code == 200 and b"Utiliser ces r" in response.content
            return response

        times[name], _ = best_time(post, runs)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="employees (10 000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per step, best kept (5)")
    parser.add_argument("--check-target", action="store_true", help="exit 2 above 1 s")
    parser.add_argument(
        "--through-django", action="store_true", help="also time the admin's POST, end to end"
    )
    arguments = parser.parse_args()

    employees = synthetic_employees(arguments.rows)
    files = {
        "CSV": (as_csv(employees), "salaries.csv"),
        "XLSX (Excel)": (as_shared_strings_xlsx(employees), "salaries.xlsx"),
        "XLSX (openpyxl)": (as_openpyxl_xlsx(employees), "salaries.xlsx"),
    }
    print(
        f"{arguments.rows} employees, best of {arguments.runs} runs, Python "
        f"{sys.version.split()[0]}, openpyxl {openpyxl.__version__}"
    )
    steps = (
        "read_employee_file",
        "tables_from_employees",
        "simulate",
        "pay_transparency",
        "total",
        "index import",
        "transparency import",
    )
    print(f"{'format':<15} {'size':>8}  " + "  ".join(f"{step:>21}" for step in steps))
    missed = False
    for name, (data, filename) in files.items():
        figures = measure(data, filename, arguments.runs)
        print(
            f"{name:<15} {len(data) / 1e6:>6.2f}MB  "
            + "  ".join(f"{figures[step] * 1000:>19.1f}ms" for step in steps)
        )
        missed |= arguments.rows <= 10_000 and figures["total"] > TARGET_SECONDS
    if arguments.through_django:
        print("the admin's import view, whole request (upload, CSRF, result page):")
        for name, elapsed in through_django(files, arguments.runs).items():
            print(f"{name:<15} {elapsed * 1000:>8.1f}ms")
            missed |= arguments.rows <= 10_000 and elapsed > TARGET_SECONDS
    print(f"target: the whole import of 10 000 rows under {TARGET_SECONDS:.0f} s")
    if missed and arguments.check_target:
        sys.exit(2)


if __name__ == "__main__":
    main()
