from django.core.management.base import BaseCommand, CommandError

from smart_site.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par backup_site dans une base de données vide (elle "
        "est migrée d'abord) et remet les médias. Refuse une base qui a déjà du contenu, "
        "sauf avec --force. `make restore BACKUP=backups/...` la lance."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Le dossier de la sauvegarde (backups/AAAAMMJJ-HHMMSS).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace tout le contenu existant (base et médias) par celui de la sauvegarde.",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["backup"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created']} restaurée : {counts['pages']} page(s), "
                f"{counts['index_years']} année(s) d'index, {counts['media_files']} fichier(s)."
            )
        )
