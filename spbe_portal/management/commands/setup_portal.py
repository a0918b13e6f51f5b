"""Bring a database to the state `make run` promises: shipped frameworks loaded, demo data present.

Each step is idempotent, so running it twice changes nothing. Later features add their step here.
"""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# (command, options): run in order when the command exists in this installation.
STEPS = [
    ("load_shipped_frameworks", {}),
    ("load_shipped_crosswalks", {}),
    ("load_published_results", {}),  # peers and the national average (reference data, not demo)
    ("seed_demo", {}),
]


class Command(BaseCommand):
    help = "Load the shipped frameworks and the illustrative demo data (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo units, accounts and periods.")

    def handle(self, *args, no_demo=False, **options):
        available = get_commands()
        for name, kwargs in STEPS:
            if no_demo and name == "seed_demo":
                continue
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr, **kwargs)
        self.stdout.write(self.style.SUCCESS("Portal siap."))
