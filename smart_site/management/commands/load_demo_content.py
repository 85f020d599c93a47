from django.core.management.base import BaseCommand

from smart_site.demo import load_demo_content


class Command(BaseCommand):
    help = "Crée le contenu de démonstration qui manque ; ne modifie jamais une page existante."

    def handle(self, *args, **options):
        created = load_demo_content()
        if created:
            for page in created:
                self.stdout.write(f"Créé : {page}")
            self.stdout.write(
                self.style.SUCCESS(f"{len(created)} élément(s) de démonstration créé(s).")
            )
        else:
            self.stdout.write("Le contenu de démonstration est déjà en place : rien n'a changé.")
