from django.core.management.base import BaseCommand

from pantau.dashboard.services.refresh import refresh


class Command(BaseCommand):
    help = "Perbarui statistik harian dasbor (inkremental; --full untuk membangun ulang semuanya)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="bangun ulang semua statistik")

    def handle(self, *args, full=False, **options):
        result = refresh(full=full)
        self.stdout.write(self.style.SUCCESS("Statistik dasbor diperbarui: " + result.summary()))
