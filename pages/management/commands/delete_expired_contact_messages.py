from django.conf import settings
from django.core.management.base import BaseCommand

from pages.contact import delete_expired_messages


class Command(BaseCommand):
    help = (
        "Efface les messages de contact reçus il y a plus de CONTACT_MESSAGE_RETENTION_DAYS "
        "jours (données personnelles). Le planificateur (run_scheduler) le fait chaque jour."
    )

    def handle(self, *args, **options):
        deleted = delete_expired_messages()
        days = settings.CONTACT_MESSAGE_RETENTION_DAYS
        self.stdout.write(f"{deleted} message(s) de plus de {days} jours effacé(s).")
