"""`pantau capture-urls [--limit N] [--json]`: archive the links submitted with reports that still wait.

The same work as the `fetch_report_urls` task on the beat schedule, run in this process: for the embedded
default without a broker (no beat runs there), e.g. from cron every few minutes.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Arsipkan tautan bukti dari laporan yang masih menunggu diarsipkan."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="paling banyak sekian tautan (bawaan 100)")
        parser.add_argument("--json", action="store_true", help="cetak ringkasan JSON di baris terakhir")

    def handle(self, *args, **opts):
        from pantau.audit.context import acting_as
        from pantau.monitoring import url_capture

        with acting_as(label="cli:capture-urls"):
            counts = url_capture.capture_awaiting(max(1, opts["limit"]))
        if opts["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(f"Diarsipkan {counts['captured']}, gagal {counts['failed']}, "
                              f"dilewati {counts['skipped']}.")
