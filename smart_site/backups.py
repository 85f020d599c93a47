"""Back up and restore the whole site: the database and the uploaded media.

A backup is a folder, `backups/<date>-<time>/`, holding:

- `database.json.gz`: every table, with its ids, from one consistent snapshot
  (`dumpdata` inside one transaction). Content types and permissions are part of
  it, with their ids: page revisions store the id of their page type inside their
  JSON, so a restore must bring back the very same ids, not rebuild them.
- `media.tar.gz`: every file of the media storage (the local folder or the object
  storage, read through Django's storage API), saved after the database, so that
  every file the database names is in it.
- `manifest.json`: when, from which database engine, the migrations the database
  had, and how many pages, index years and files were saved.

A restore runs `migrate` (creating the tables of an empty database), refuses a
database that already holds content unless forced, empties every table, loads the
dump in one transaction, rebuilds the search index and puts the files back. It
works across engines: a SQLite backup restores into PostgreSQL and back.
"""

import datetime
import gzip
import io
import json
import tarfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

DATABASE_FILE = "database.json.gz"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1

# Left out: login sessions and the lockout counters (short-lived, personal), and the
# search index (rebuilt from the content after a restore).
EXCLUDED_MODELS = [
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",  # SQLite's full-text copy of the index
]


class BackupError(Exception):
    """Why a backup or a restore cannot go ahead, in French for the person running it."""


def default_backup_root():
    return Path(settings.BASE_DIR) / "backups"


def applied_migrations():
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def content_counts():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from equality_index.models import EqualityIndexYear

    return {
        "pages": Page.objects.filter(depth__gt=1).count(),
        "index_years": EqualityIndexYear.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": _user_model().objects.count(),
    }


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


# --- Media, through the storage API (a local folder or object storage) ------------------


def media_names(storage=None, folder=""):
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in files]
    for directory in directories:
        names += media_names(
            storage, str(PurePosixPath(folder, directory)) if folder else directory
        )
    return sorted(names)


def save_media(path):
    names = media_names()
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            with default_storage.open(name, "rb") as source:
                content = source.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return len(names)


def restore_media(path, force):
    with tarfile.open(path, "r:gz") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        for member in members:
            name = str(PurePosixPath(member.name))
            if name.startswith(("/", "../")) or "/../" in name:
                raise BackupError(f"L'archive des médias contient un chemin refusé : {name}")
            if default_storage.exists(name):
                if not force:
                    raise BackupError(
                        f"Le fichier {name} existe déjà dans les médias : relancez avec --force "
                        "pour le remplacer."
                    )
                default_storage.delete(name)
            content = archive.extractfile(member).read()
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"Le fichier {name} a été enregistré sous un autre nom : {saved}")
    return len(members)


def installed(model_labels):
    """The labels whose model exists here (SQLite's full-text model exists only there)."""
    found = []
    for label in model_labels:
        try:
            apps.get_model(label)
        except LookupError:
            continue
        found.append(label)
    return found


# --- Backup ------------------------------------------------------------------------------


def new_backup_folder(root):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(root) / stamp
    number = 1
    while folder.exists():
        number += 1
        folder = Path(root) / f"{stamp}-{number}"
    folder.mkdir(parents=True)
    return folder


def create_backup(root=None):
    """Writes a new backup folder under `root` (backups/ by default) and returns its path."""
    folder = new_backup_folder(root or default_backup_root())
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, whatever is written meanwhile (inside a
            # caller's transaction, that transaction's own isolation applies).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        migrations = applied_migrations()
        counts = content_counts()
        call_command(
            "dumpdata",
            exclude=installed(EXCLUDED_MODELS),
            output=str(folder / DATABASE_FILE),
            verbosity=0,
        )
    counts["media_files"] = save_media(folder / MEDIA_FILE)
    manifest = {
        "format": FORMAT_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database_engine": connection.vendor,
        "migrations": migrations,
        "counts": counts,
    }
    (folder / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder


# --- Restore ---------------------------------------------------------------------------


def read_manifest(folder):
    folder = Path(folder)
    missing = [
        name for name in (MANIFEST_FILE, DATABASE_FILE, MEDIA_FILE) if not (folder / name).is_file()
    ]
    if missing:
        raise BackupError(
            f"{folder} n'est pas une sauvegarde complète : il y manque {', '.join(missing)}."
        )
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    return manifest


def existing_content():
    """What the database already holds, beyond what `migrate` creates, in French."""
    from wagtail.models import Page

    counts = content_counts()
    # migrate creates Wagtail's placeholder home page ("Welcome to your new Wagtail site!").
    site_pages = Page.objects.filter(depth__gt=1).exclude(
        content_type__app_label="wagtailcore", content_type__model="page"
    )
    found = []
    if site_pages.exists():
        found.append(f"{site_pages.count()} page(s)")
    for key, label in [
        ("index_years", "année(s) d'index"),
        ("images", "image(s)"),
        ("documents", "document(s)"),
        ("users", "compte(s)"),
    ]:
        if counts[key]:
            found.append(f"{counts[key]} {label}")
    files = len(media_names())
    if files:
        found.append(f"{files} fichier(s) dans les médias")
    return found


def load_content_types(folder):
    """The backup's content types first, with their ids.

    Building a page from the dump (Page.__init__) asks for its content type, which
    would create a new row, with a new id, if the type were not there yet.
    """
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.bulk_create(
        ContentType(pk=row["pk"], **row["fields"])
        for row in database_dump_rows(folder)
        if row["model"] == "contenttypes.contenttype"
    )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [ContentType]):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


def restore_backup(folder, force=False, stdout=None):
    """Restores `folder` into this database and media storage; returns the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    call_command("migrate", interactive=False, verbosity=0)

    current = set(applied_migrations())
    saved = set(manifest["migrations"])
    if current != saved and not force:
        only_saved = sorted(saved - current)[:5]
        only_here = sorted(current - saved)[:5]
        raise BackupError(
            "Cette sauvegarde a été faite avec une autre version du site (migrations "
            f"différentes ; seulement dans la sauvegarde : {only_saved or 'aucune'} ; "
            f"seulement ici : {only_here or 'aucune'}). Restaurez-la avec la version du code "
            "qui l'a faite, ou relancez avec --force."
        )
    found = existing_content()
    if found and not force:
        raise BackupError(
            "La base de données contient déjà du contenu ("
            + ", ".join(found)
            + "). La restauration le remplacerait entièrement : restaurez dans une base vide, "
            "ou relancez avec --force si c'est bien ce que vous voulez."
        )

    with transaction.atomic():
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            # TRUNCATE refuses tables with foreign key checks still pending from earlier
            # writes of the same transaction: run those checks now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Every table emptied, content types and permissions included: the dump brings
        # them back with their ids, which revisions and permissions refer to.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        if postgresql:
            # Rows come in any order: references are checked at the end, as usual.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        load_content_types(folder)
        call_command("loaddata", str(folder / DATABASE_FILE), exclude=["contenttypes"], verbosity=0)
    # Types and permissions of models newer than the backup (a --force across versions).
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    call_command("update_index", verbosity=0, stdout=stdout or io.StringIO())
    restore_media(folder / MEDIA_FILE, force=force)
    try:
        from core.cache import bump_content_version
    except ImportError:  # pragma: no cover - the page cache is optional
        pass
    else:
        bump_content_version()
    return manifest


def database_dump_rows(folder):
    """The rows of a backup's database dump (for checks and tests)."""
    with gzip.open(Path(folder) / DATABASE_FILE, "rt", encoding="utf-8") as dump:
        return json.load(dump)
