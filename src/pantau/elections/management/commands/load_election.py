from django.core.management.base import BaseCommand, CommandError

from pantau.elections.loading import ElectionConfigError, load_election


class Command(BaseCommand):
    help = "Konfigurasikan pemilihan (tahapan, kontestasi, paslon, akun) dari berkas JSON."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            election = load_election(path)
        except ElectionConfigError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Pemilihan dimuat: {election} ({election.races.count()} kontestasi).")
