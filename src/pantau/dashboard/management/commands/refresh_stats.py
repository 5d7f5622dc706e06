from django.conf import settings
from django.core.management.base import BaseCommand

from pantau.dashboard.services.refresh import refresh


class Command(BaseCommand):
    help = "Perbarui statistik harian dasbor (inkremental; --full untuk membangun ulang semuanya)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="bangun ulang semua statistik")

    def handle(self, *args, full=False, **options):
        result = refresh(full=full)
        self.stdout.write(self.style.SUCCESS("Statistik dasbor diperbarui: " + result.summary()))
        # Boards built here only help the web processes when the cache is shared with them (Redis).
        if any(result.rows.values()) and "LocMemCache" not in settings.CACHES["default"]["BACKEND"]:
            from pantau.dashboard.services.report import warm_default_boards

            self.stdout.write(f"Dasbor bawaan disiapkan: {warm_default_boards()}")
