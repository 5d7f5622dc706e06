from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from pantau.core.demo import DEMO_PASSWORD, DEMO_USERS, build_demo


class Command(BaseCommand):
    help = "Jalankan demo: migrasi, wilayah Jambi, Pilkada 2024 (paslon fiktif), data contoh, lalu server web."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="siapkan data saja, tanpa menjalankan server")

    def handle(self, port, no_serve, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Perintah demo hanya berjalan dengan PANTAU_DEMO=1 (otomatis lewat `pantau demo`).")
        for folder in (settings.DATA_DIR, settings.STATIC_ROOT, settings.DATA_DIR / "mail"):
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        build_demo(self.stdout)
        self.stdout.write(f"\nAkun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, _role, _code, _extra, description in DEMO_USERS:
            self.stdout.write(f"  {username:<24} {description}")
        self.stdout.write(f"\nEmail demo tersimpan di {settings.DATA_DIR / 'mail'} (tidak ada email yang dikirim).")
        self.stdout.write(f"\nBuka http://127.0.0.1:{port}/accounts/login/\n")
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
