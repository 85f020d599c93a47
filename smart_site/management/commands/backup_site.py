from django.core.management.base import BaseCommand

from smart_site.backups import create_backup, default_backup_root


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les médias dans un nouveau dossier daté "
        "(backups/AAAAMMJJ-HHMMSS/ par défaut). `make backup` la lance."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help=f"Dossier où créer la sauvegarde (par défaut : {default_backup_root()}).",
        )

    def handle(self, *args, **options):
        folder = create_backup(options["output"])
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite dans {folder}"))
