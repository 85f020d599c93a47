"""`make backup` / `make restore`: the whole site comes back, into an empty database or over one.

The backup is taken from the test database (demo content, plus a draft index year,
a draft revision, an image, a document and an editor's account). The restore runs
as `make restore` does, in a process of its own, into a brand-new database of the
kind the suite runs on (a SQLite file, or a new PostgreSQL database), and a second
process reports what that database then holds.
"""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from equality_index.models import EqualityIndexYear
from smart_site.backups import (
    DATABASE_FILE,
    MANIFEST_FILE,
    MEDIA_FILE,
    database_dump_rows,
    media_names,
)

from .servers import REPO, fresh_database
from .site_report import site_contents
from .test_uploads import png

# What the restored database holds, as plain data: run in the restored site's process.
REPORT_SCRIPT = """
import json
from wagtail.models import Page
from equality_index.models import EqualityIndexYear
from tests.site_report import site_contents

report = {
    **site_contents(),
    "search_finds_the_history": [
        p.url_path for p in Page.objects.live().search("histoire")
    ],
}
# New rows get new ids: the sequences follow the restored data.
EqualityIndexYear(
    publication_year=2030, data_year=2029, breakdown_known=False, published_index=90
).save()
home = Page.objects.get(depth=2).specific
home.save_revision()
report["new_rows_saved"] = True
print("REPORT " + json.dumps(report, ensure_ascii=False))
"""


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media-source"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_with_everything(demo_site, media_root, django_user_model):
    """The demo site plus what a real site accumulates: drafts, files, accounts."""
    about = demo_site["qui-sommes-nous"]
    about.title = "Qui sommes-nous (brouillon)"
    about.save_revision()
    draft_year = EqualityIndexYear(
        publication_year=2027, data_year=2026, breakdown_known=False, published_index=88
    )
    draft_year.save()
    draft_year.save_revision()
    get_image_model().objects.create(
        title="Une photo", file=ContentFile(png(40, 30), name="photo-equipe.png")
    )
    get_document_model().objects.create(
        title="Rapport annuel", file=ContentFile(b"%PDF-1.4 rapport de test", name="rapport.pdf")
    )
    editor = django_user_model.objects.create_user(username="editrice", password="unused")
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    return demo_site


def run_manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def restored_report(env):
    """What the restored database holds, reported by a process of its own."""
    report = run_manage(env, "shell", "-c", REPORT_SCRIPT)
    assert report.returncode == 0, report.stdout + report.stderr
    line = next(line for line in report.stdout.splitlines() if line.startswith("REPORT "))
    return json.loads(line.removeprefix("REPORT "))


def test_backup_holds_the_database_the_media_and_a_manifest(site_with_everything, tmp_path):
    call_command("backup_site", output=str(tmp_path / "backups"))

    (folder,) = (tmp_path / "backups").iterdir()
    assert {path.name for path in folder.iterdir()} == {DATABASE_FILE, MEDIA_FILE, MANIFEST_FILE}
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    assert manifest["counts"]["index_years"] == 2
    assert manifest["counts"]["media_files"] == len(media_names()) >= 2
    assert "pages.0004_editor_and_admin_groups" in manifest["migrations"]
    models = {row["model"] for row in database_dump_rows(folder)}
    assert {
        "wagtailcore.page",
        "wagtailcore.revision",
        "equality_index.equalityindexyear",
    } <= models
    assert {"contenttypes.contenttype", "auth.permission", "auth.user"} <= models
    assert not models & {"sessions.session", "wagtailsearch.indexentry", "axes.accessattempt"}


def test_restore_into_an_empty_database_finds_every_page_index_year_and_file(
    site_with_everything, tmp_path
):
    expected = site_contents()
    call_command("backup_site", output=str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()

    from .servers import production_env

    with fresh_database("smart_restore", tmp_path) as database_url:
        env = production_env(database_url, tmp_path / "static", tmp_path / "media-restored")
        env["DJANGO_SETTINGS_MODULE"] = "smart_site.settings.test"
        restored = run_manage(env, "restore_site", str(backup))
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "restaurée" in restored.stdout
        found = restored_report(env)
        # Restoring again would overwrite what is there now: refused, in French...
        again = run_manage(env, "restore_site", str(backup))
        # ...unless forced, by a new process over a database that has content.
        forced = run_manage(env, "restore_site", str(backup), "--force")
        assert forced.returncode == 0, forced.stdout + forced.stderr
        found_after_forcing = restored_report(env)

    for report in (found, found_after_forcing):
        for key, value in expected.items():
            assert json.loads(json.dumps(report[key])) == json.loads(json.dumps(value)), key
        assert {year[0] for year in report["index_years"]} == {2023, 2027}
        assert "/accueil/qui-sommes-nous/histoire/" in report["search_finds_the_history"]
        assert report["new_rows_saved"]
    assert again.returncode != 0
    assert "La base de données contient déjà du contenu" in again.stderr


def test_restore_refuses_a_database_that_has_content(site_with_everything, tmp_path):
    call_command("backup_site", output=str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    pages_before = Page.objects.count()

    with pytest.raises(CommandError, match="La base de données contient déjà du contenu"):
        call_command("restore_site", str(backup))

    assert Page.objects.count() == pages_before


def test_restore_with_force_puts_back_what_was_saved(site_with_everything, tmp_path):
    expected = site_contents()
    call_command("backup_site", output=str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    # Damage: a page deleted, the published index changed, a file lost.
    site_with_everything["alterna"].delete()
    EqualityIndexYear.objects.filter(publication_year=2023).update(index=12)
    image = get_image_model().objects.get()
    image.file.storage.delete(image.file.name)

    call_command("restore_site", str(backup), force=True)

    assert site_contents() == expected
    assert Page.objects.filter(slug="alterna").exists()
    assert EqualityIndexYear.objects.get(publication_year=2023).index == 82


def test_restore_refuses_a_backup_made_by_another_version(site_with_everything, tmp_path):
    call_command("backup_site", output=str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / MANIFEST_FILE).read_text())
    manifest["migrations"].append("pages.9999_from_the_future")
    (backup / MANIFEST_FILE).write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="une autre version du site"):
        call_command("restore_site", str(backup))


def test_restore_refuses_a_folder_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="n'est pas une sauvegarde complète"):
        call_command("restore_site", str(tmp_path))
