from django.core.management.base import BaseCommand, CommandError

from pantau.regions.loading import RegionLoadError, load_boundaries


class Command(BaseCommand):
    help = "Muat batas wilayah dari GeoJSON atau SQL wilayah_boundaries (path atau URL)."

    def add_arguments(self, parser):
        parser.add_argument("locations", nargs="+", help="path atau URL berkas .geojson / .sql")

    def handle(self, locations, **options):
        for location in locations:
            try:
                count = load_boundaries(location)
            except RegionLoadError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{count} batas wilayah dimuat dari {location}.")
