from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pantau.regions.loading import RegionLoadError, load_regions


class Command(BaseCommand):
    help = "Muat seluruh wilayah satu provinsi (kab/kota, kecamatan, desa/kelurahan) dari data Kepmendagri."

    def add_arguments(self, parser):
        parser.add_argument("province_code", help="kode provinsi Kemendagri, mis. 15 untuk Jambi")

    def handle(self, province_code, **options):
        bar = tqdm(total=0, unit="wilayah", disable=options["verbosity"] < 1, file=self.stderr)

        def progress(done, total):
            bar.total = total
            bar.update(1)

        try:
            summary = load_regions(province_code, progress)
        except RegionLoadError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        counts = ", ".join(f"{level}: {n}" for level, n in summary.by_level.items())
        self.stdout.write(f"Wilayah {province_code} dimuat ({summary.created} baru, {summary.updated} diperbarui; {counts}).")
