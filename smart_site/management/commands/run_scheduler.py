"""The site's scheduler: what must happen on time, without anyone in the admin.

Every minute, `publish_scheduled` (an index year scheduled for 1 March goes live
on 1 March); once a day, the contact messages past their retention time are
deleted and the old task results pruned. The e-mail worker is another process
(`manage.py db_worker`). Run by the compose service "scheduler", or by systemd
(README, "Production").
"""

import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)

JOBS = [
    # (command, arguments, every so many seconds)
    ("publish_scheduled", [], 60),
    ("delete_expired_contact_messages", [], 24 * 3600),
    # The e-mail tasks are the only ones kept in the database (TASKS["mail"]).
    (
        "prune_db_task_results",
        ["--backend", "mail", "--queue-name", "*", "--min-age-days", "30"],
        24 * 3600,
    ),
]


class Command(BaseCommand):
    help = "Publie à l'heure ce qui est programmé et fait le ménage quotidien ; tourne sans fin."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Lance chaque tâche une fois, puis s'arrête."
        )

    def handle(self, *args, once=False, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        last_run = {}
        while not stopping:
            if not once:
                close_old_connections()  # a database restarted meanwhile gets a fresh connection
            now = time.monotonic()
            for name, arguments, every in JOBS:
                if once or now - last_run.get(name, float("-inf")) >= every:
                    last_run[name] = now
                    self.run(name, arguments)
            if once:
                return
            for _ in range(10):  # wake up quickly on SIGTERM
                if stopping:
                    break
                time.sleep(1)

    def run(self, name, arguments):
        try:
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
        except Exception:
            # The next round tries again; the error is in the log (and in Sentry).
            logger.exception("Scheduled job %s failed.", name)
