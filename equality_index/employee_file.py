"""The per-employee file: reading it (CSV or XLSX) in memory, and its templates.

The file holds personal data (one row per employee, with pay), so it is read
from the uploaded bytes and nothing else: no temporary file, no log of its
contents, and the error messages name lines and columns, never values. The
rows go to ``simulation.tables_from_employees`` and
``simulation.pay_transparency``, which keep only aggregates.

Free of Django, like ``scoring.py`` and ``simulation.py``. Messages meant for
people are in French.
"""

import csv
import io
import posixpath
import re
import zipfile
from decimal import Decimal
from functools import lru_cache
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from equality_index.scoring import ScoringError
from equality_index.simulation import (
    COLUMNS,
    INDEX_COLUMNS,
    EmployeeRow,
    RefusedRow,
    RowErrors,
    canonical_column,
    missing_columns,
)

__all__ = [
    "COLUMN_HELP",
    "EmployeeFile",
    "read_employee_file",
    "template_csv",
    "template_xlsx",
]

# What each column holds and what it is used for, for the template's help sheet.
COLUMN_HELP = {
    "sexe": ("F ou H (ou femme, homme)", "Tous les indicateurs"),
    "csp": (
        "ouv, emp, tam ou ic (ou ouvrier, employé, technicien, agent de maîtrise, "
        "ingénieur, cadre)",
        "Groupes de l'indicateur 1, taux des indicateurs 2 et 3",
    ),
    "age": (
        "Âge en années à la fin de la période de référence (ou remplissez « tranche_age »)",
        "Groupes de l'indicateur 1",
    ),
    "tranche_age": (
        "-29, 30-39, 40-49 ou 50+ (ou remplissez « age »)",
        "Groupes de l'indicateur 1",
    ),
    "niveau": (
        "Nom du niveau ou du coefficient (calcul par niveaux seulement)",
        "Groupes de l'indicateur 1",
    ),
    "remuneration_annuelle_brute_etp": (
        "Rémunération annuelle brute en équivalent temps plein, en euros",
        "Indicateur 1 (écart de rémunération)",
    ),
    "remuneration_annuelle_brute": (
        "Rémunération annuelle brute effectivement perçue, en euros",
        "Indicateur 5 (10 plus hautes rémunérations), transparence des rémunérations",
    ),
    "augmentation": (
        "oui ou non : augmentation individuelle, hors promotion",
        "Indicateurs 2 et « 2 et 3 »",
    ),
    "promotion": ("oui ou non", "Indicateurs 3 et « 2 et 3 »"),
    "retour_conge_maternite": (
        "oui ou non : retour de congé maternité ou d'adoption pendant la période "
        "(seules les salariées sont comptées)",
        "Indicateur 4",
    ),
    "augmentation_au_retour": (
        "oui ou non : augmentation à son retour (à remplir en cas de retour de congé)",
        "Indicateur 4",
    ),
    "heures_remunerees": (
        "Nombre d'heures rémunérées sur la période",
        "Transparence des rémunérations",
    ),
    "part_variable": (
        "Part variable ou complémentaire comprise dans la rémunération annuelle brute, en "
        "euros (vide : aucune)",
        "Transparence des rémunérations",
    ),
    "categorie": (
        "Catégorie de travailleurs de l'entreprise (même travail ou travail de même valeur)",
        "Transparence des rémunérations (écarts par catégorie, non publics)",
    ),
}

_XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX file is a zip archive
_XLSX_EXTENSIONS = ("xlsx", "xlsm")
_CSV_EXTENSIONS = ("csv", "txt")
_UNSUPPORTED_FORMATS = {
    "xls": "l'ancien format Excel (.xls)",
    "ods": "le format OpenDocument (.ods)",
}
_SAVE_AS_HINT = "enregistrez le fichier au format XLSX ou CSV (UTF-8) depuis votre tableur"


class EmployeeFile(list):
    """The file's rows (``EmployeeRow``, keyed by canonical column name), and
    ``columns``: the recognised columns, in the file's order."""

    def __init__(self, rows=(), columns=()):
        super().__init__(rows)
        self.columns = tuple(columns)


def read_employee_file(data: bytes, filename: str, required_columns=INDEX_COLUMNS) -> EmployeeFile:
    """Read a per-employee CSV or XLSX file from its bytes, in memory.

    CSV: UTF-8 with or without BOM, separator ";" or "," (whichever the
    header line uses), French decimal comma accepted. XLSX: the first sheet.
    The first non-empty line is the header; its names are matched ignoring
    case and accents (``simulation.COLUMNS``), and unknown columns are left
    out. Empty lines are skipped.

    Returns an ``EmployeeFile``: a list of ``EmployeeRow`` (dict of canonical
    column -> raw value, string or number, with ``line``: its line in the file,
    or row in the sheet), with ``columns``. ``required_columns`` (by default
    those of the index, ``simulation.INDEX_COLUMNS``; ``()`` for none) are
    checked. Raises ``ScoringError`` with a French message for an unknown
    format, an empty, unreadable or badly encoded file, or missing columns,
    and ``RowErrors`` for lines that do not fit the header.
    """
    if not data:
        raise ScoringError("Le fichier est vide.")
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if extension in _UNSUPPORTED_FORMATS:
        raise ScoringError(
            f"Le fichier est dans {_UNSUPPORTED_FORMATS[extension]}, qui n'est pas pris en "
            f"charge : {_SAVE_AS_HINT}."
        )
    if data.startswith(_XLSX_SIGNATURE) and extension not in _CSV_EXTENSIONS:
        records, delimiter = _xlsx_records(data), None
    elif extension in _XLSX_EXTENSIONS:
        raise ScoringError(f"Le classeur XLSX est illisible ou endommagé : {_SAVE_AS_HINT}.")
    elif extension in (*_CSV_EXTENSIONS, ""):
        records, delimiter = _csv_records(data)
    else:
        raise ScoringError(
            f"Format de fichier non reconnu (« .{extension} ») : importez un fichier CSV ou XLSX."
        )
    return _rows(records, delimiter, required_columns)


# Namespaces of the XLSX parts, transitional (what spreadsheets write) and strict.
_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELATIONSHIP_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
# A part whose declared size is above this is refused rather than unpacked:
# zipfile never inflates more than the declared size, so this bounds memory.
_MAX_PART_BYTES = 256 * 2**20
_INTEGER_TEXT = re.compile(r"-?\d+")


class _UnreadableWorkbook(Exception):
    pass


def _xlsx_records(data):
    """(row number, cells) of the first sheet of an XLSX workbook.

    Parsed with the standard library (zipfile and ElementTree's C parser,
    whose expat refuses entity expansion attacks and never fetches external
    entities), streaming one row at a time. openpyxl's read-only mode takes
    twice as long, which missed the one-second target for 10 000 rows (see
    bench/employee_import.py). Cells are text, ``Decimal`` for numbers (as
    written in the file, through the float's shortest form, as a spreadsheet
    shows them), bool, or None; the cached value of a formula is read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet_path, strings_path = _first_sheet(archive)
            strings = _shared_strings(archive, strings_path) if strings_path else []
            return _sheet_rows(archive, sheet_path, strings)
    except ScoringError:
        raise
    except (
        _UnreadableWorkbook,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        KeyError,
        ValueError,
        ArithmeticError,  # decimal.InvalidOperation: a number cell that is not one
        IndexError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ):
        # Damaged archives fail in many ways; none of them says more to the user.
        raise ScoringError(
            f"Le classeur XLSX est illisible ou endommagé : {_SAVE_AS_HINT}."
        ) from None


def _open_part(archive, path):
    info = archive.getinfo(path)
    if info.file_size > _MAX_PART_BYTES:
        raise _UnreadableWorkbook(path)
    return archive.open(info)


def _relationships(archive, path):
    """Id -> (type, target path) of a relationships part; {} when it is absent."""
    directory = posixpath.dirname(posixpath.dirname(path))
    try:
        root = ElementTree.parse(_open_part(archive, path)).getroot()
    except KeyError:
        return {}
    relationships = {}
    for element in root:
        target = element.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(directory, target))
        )
        relationships[element.get("Id")] = (element.get("Type", ""), resolved)
    return relationships


def _first_sheet(archive):
    """Paths of the workbook's first sheet and of its shared strings (or None)."""
    workbook_path = next(
        (
            target
            for kind, target in _relationships(archive, "_rels/.rels").values()
            if kind.endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    relationships = _relationships(
        archive,
        posixpath.join(
            posixpath.dirname(workbook_path), "_rels", posixpath.basename(workbook_path) + ".rels"
        ),
    )
    workbook = ElementTree.parse(_open_part(archive, workbook_path)).getroot()
    namespace = workbook.tag.partition("}")[0] + "}"
    first_sheet = workbook.find(f"{namespace}sheets/{namespace}sheet")
    if first_sheet is None:
        raise ScoringError("Le classeur XLSX ne contient aucune feuille de calcul.")
    sheet_id = next(
        (
            first_sheet.get(f"{{{ns}}}id")
            for ns in _RELATIONSHIP_NAMESPACES
            if first_sheet.get(f"{{{ns}}}id")
        ),
        None,
    )
    kind, sheet_path = relationships[sheet_id]
    if not kind.endswith("/worksheet"):
        raise ScoringError(
            "La première feuille du classeur n'est pas un tableau de données : placez les "
            "salariés sur la première feuille."
        )
    strings_path = next(
        (target for kind, target in relationships.values() if kind.endswith("/sharedStrings")),
        None,
    )
    return sheet_path, strings_path


def _text_of(element, namespace):
    """The text of a shared or inline string: its runs, without phonetic guides."""
    text_tag, run_tag = f"{namespace}t", f"{namespace}r"
    if len(element) == 1 and element[0].tag == text_tag:
        return element[0].text or ""  # plain text, by far the most common
    parts = []
    for child in element:
        if child.tag == text_tag:
            parts.append(child.text or "")
        elif child.tag == run_tag:
            parts.extend(t.text or "" for t in child.iter(text_tag))
    return "".join(parts)


def _shared_strings(archive, path):
    strings = []
    item_tags = {f"{{{ns}}}si" for ns in _SHEET_NAMESPACES}
    for _, element in ElementTree.iterparse(_open_part(archive, path)):
        if element.tag in item_tags:
            strings.append(_text_of(element, element.tag[:-2]))
            element.clear()
    return strings


def _number(text):
    # Spreadsheets write up to 17 digits (28396.540000000001): the shortest
    # form of the double is the number the person typed and sees. Up to 15
    # digits, the text is already that form (every such decimal round-trips).
    if len(text) <= 15 or _INTEGER_TEXT.fullmatch(text):
        return Decimal(text)
    return Decimal(repr(float(text)))


def _column_position(reference):
    return _letters_position(reference.rstrip("0123456789"))


@lru_cache(maxsize=1024)
def _letters_position(letters):
    """0-based position of a column: A -> 0, Z -> 25, AA -> 26."""
    position = 0
    for letter in letters:
        position = position * 26 + ord(letter) - ord("A") + 1
    return position - 1


def _sheet_rows(archive, path, strings):
    row_tags = {f"{{{ns}}}row" for ns in _SHEET_NAMESPACES}
    records = []
    row_number = 0
    # Most cells sit where expected (A, B, C...): compare their reference
    # with the expected one before working out a position from letters.
    expected_letters = [_column_letter(position) for position in range(64)]
    for _, row in ElementTree.iterparse(_open_part(archive, path)):
        if row.tag not in row_tags:
            continue
        namespace = row.tag[:-3]
        value_tag, inline_tag = f"{namespace}v", f"{namespace}is"
        row_number = int(row.get("r") or row_number + 1)
        row_suffix = str(row_number)
        cells = []
        for cell in row:
            reference = cell.get("r")
            position = len(cells)
            if reference and not (
                position < 64 and reference == expected_letters[position] + row_suffix
            ):
                position = _column_position(reference)
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(inline_tag)
                value = _text_of(inline, namespace) if inline is not None else None
            else:
                text = cell.findtext(value_tag)
                if not text:
                    value = None
                elif kind == "s":
                    value = strings[int(text)]
                elif kind == "n":
                    value = _number(text)
                elif kind == "b":
                    value = text == "1"
                else:  # "str" (a formula's text), "e" (an error such as #N/A), "d"
                    value = text
            if position > len(cells):
                cells.extend([None] * (position - len(cells)))
            cells.append(value)
        row.clear()
        if cells:
            records.append((row_number, cells))
    return records


def _csv_records(data):
    """(line number where the record starts, cells) of a CSV file, and its separator."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ScoringError(
            f"Ligne {line} : le fichier n'est pas encodé en UTF-8. Dans votre tableur, "
            "enregistrez-le au format « CSV UTF-8 » (ou XLSX)."
        ) from None
    if "\x00" in text:
        raise ScoringError(
            "Le fichier n'est pas un CSV encodé en UTF-8 (il contient des caractères nuls) : "
            f"{_SAVE_AS_HINT}."
        )
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    # The header names contain neither separator: the one it uses is the file's.
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = []
    last_line = 0
    try:
        for cells in reader:
            if cells:
                records.append((last_line + 1, cells))
            last_line = reader.line_num
    except csv.Error:
        raise ScoringError(
            f"Ligne {last_line + 1} : guillemets mal placés ou non fermés ; vérifiez le fichier "
            "CSV."
        ) from None
    return records, delimiter


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _header(cells):
    """Canonical column -> cell position; and the headers that name no known column."""
    positions, unknown = {}, []
    for position, cell in enumerate(cells):
        if _is_blank(cell):
            continue
        header = str(cell).strip()
        name = canonical_column(header)
        if name is None:
            unknown.append(header)
        elif name in positions:
            raise ScoringError(
                f"La colonne « {name} » apparaît deux fois dans l'en-tête "
                f"(colonnes {positions[name] + 1} et {position + 1})."
            )
        else:
            positions[name] = position
    return positions, unknown


def _rows(records, delimiter, required_columns):
    records = iter(records)
    header = next(
        (cells for _, cells in records if not all(_is_blank(cell) for cell in cells)), None
    )
    if header is None:
        raise ScoringError("Le fichier est vide.")
    positions, unknown = _header(header)
    missing = missing_columns(positions, required_columns)
    if missing:
        message = f"Colonnes manquantes : {', '.join(missing)}."
        if unknown:
            listed = ", ".join(f"« {name} »" for name in unknown[:10])
            message += f" Colonnes non reconnues dans le fichier : {listed}."
        raise ScoringError(message + " Le modèle de fichier donne les colonnes attendues.")

    width = len(header)
    columns = sorted(positions, key=positions.get)
    rows, refused = [], []
    for line, cells in records:
        if all(_is_blank(cell) for cell in cells):
            continue
        # A CSV line longer than its header is misaligned, most often by a
        # decimal comma in a comma-separated file; even when the extra value is
        # empty the others are shifted, so it is refused. Extra XLSX cells have
        # no header, and no meaning.
        if delimiter and len(cells) > width:
            hint = ""
            if delimiter == ",":
                hint = (
                    " ; avec le séparateur « , », mettez les nombres à virgule entre guillemets "
                    "ou séparez les colonnes par « ; »"
                )
            refused.append(
                RefusedRow(
                    line,
                    f"Ligne {line} : {len(cells)} valeurs pour {width} colonnes d'en-tête{hint}.",
                )
            )
            continue
        # Every row has every column; None where the line stops short.
        count = len(cells)
        rows.append(
            EmployeeRow(
                {
                    name: _clean(cells[positions[name]]) if positions[name] < count else None
                    for name in columns
                },
                line=line,
            )
        )
    if refused:
        raise RowErrors(refused)
    return EmployeeFile(rows, columns)


def _clean(value):
    return value.strip() if isinstance(value, str) else value


# --- Templates -------------------------------------------------------------------


def template_csv() -> bytes:
    """The CSV template: the header line only, ";"-separated, UTF-8 with a BOM
    (so that Excel reads the accents right)."""
    return ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template: a « Salariés » sheet with the header row only (the
    sheet ``read_employee_file`` reads), and an « Aide » sheet describing each
    column.

    Written with ``zipfile`` in memory: openpyxl saves through a temporary
    file, which this module never writes. The bytes are the same on every call.
    """
    help_rows = [("Colonne", "Valeurs", "Utilisée pour")] + [
        (column, *COLUMN_HELP[column]) for column in COLUMNS
    ]
    sheets = {
        "Salariés": _sheet_xml([COLUMNS], widths=[26] * len(COLUMNS)),
        "Aide": _sheet_xml(help_rows, widths=[32, 90, 60]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in _workbook_parts(list(sheets)).items():
            _write(archive, path, content)
        for number, content in enumerate(sheets.values(), start=1):
            _write(archive, f"xl/worksheets/sheet{number}.xml", content)
    return buffer.getvalue()


def _write(archive, path, content):
    # A fixed date makes the template's bytes reproducible.
    info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column_letter(position):
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _sheet_xml(rows, widths):
    """A worksheet of text cells; the first row bold and frozen."""
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    bold = ' s="1"'  # the second cell format of styles.xml
    data = "".join(
        f'<row r="{number}">'
        + "".join(
            f'<c r="{_column_letter(position)}{number}" t="inlineStr"'
            f"{bold if number == 1 else ''}><is><t>{escape(str(text))}</t></is></c>"
            for position, text in enumerate(cells)
        )
        + "</row>"
        for number, cells in enumerate(rows, start=1)
    )
    return (
        f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"<cols>{columns}</cols><sheetData>{data}</sheetData></worksheet>"
    )


def _workbook_parts(sheet_names):
    sheet_overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{_SPREADSHEET}.worksheet+xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheet_names, start=1)
    )
    sheet_relationships = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    styles_id = len(sheet_names) + 1
    return {
        "[Content_Types].xml": (
            f"{_XML_DECLARATION}"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEET}.styles+xml"/>'
            f"{sheet_overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_XML_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f"{sheet_relationships}"
            f'<Relationship Id="rId{styles_id}" Type="{_RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            "</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        ),
    }
