"""`pantau import FORMAT PATH [--source NAME] [--region CODE] [--json]`: import a platform export.

Runs the same pipeline as an upload (the file is stored as evidence first). With `--json` the last line is
`{"imported": N, "duplicates": M, "errors": K, "error_rows": [...]}`. Importing the same file twice imports
nothing new the second time.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pantau.audit.context import acting_as
from pantau.celery import app


class Command(BaseCommand):
    help = "Impor berkas ekspor platform ke antrean pengawasan siber."

    def add_arguments(self, parser):
        from pantau.ingest.importers import FORMATS

        parser.add_argument("format", choices=sorted(FORMATS))
        parser.add_argument("path")
        parser.add_argument("--source", help="nama sumber (dibuat bila belum ada)")
        parser.add_argument("--region", default="15", help="kode wilayah bila teks tidak menyebut wilayah")
        parser.add_argument("--mapping", help='pemetaan kolom CSV/JSONL sebagai JSON, mis. {"text": "isi"}')
        parser.add_argument("--platform", help="platform untuk CSV/JSONL umum")
        parser.add_argument("--json", action="store_true", help="cetak ringkasan JSON di baris terakhir")
        parser.add_argument("--processes", type=int, default=None,
                            help="proses klasifikasi paralel tanpa broker (bawaan: 1 bila CPU > 1, 0 = tanpa)")
        parser.add_argument("--no-progress", action="store_true", help="tanpa bilah kemajuan")

    def handle(self, *args, **opts):
        from pantau.monitoring import services
        from pantau.monitoring.models import ImportBatch, Source
        from pantau.monitoring.tasks import extract_import_batch

        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        options = {}
        if opts.get("mapping"):
            try:
                options["mapping"] = json.loads(opts["mapping"])
            except ValueError as exc:
                raise CommandError(f"--mapping bukan JSON yang sah: {exc}") from exc
        if opts.get("platform"):
            options["platform"] = opts["platform"]
        with acting_as(label="cli:import"):
            source = None
            if opts.get("source"):
                source, _ = Source.objects.get_or_create(name=opts["source"], kind=Source.Kind.UPLOAD,
                                                         defaults={"region_id": opts["region"]})
            try:
                batch = services.submit_import(None, data=path.read_bytes(), filename=path.name, fmt=opts["format"],
                                               region_code=opts["region"], source=source, options=options,
                                               enqueue=False)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            if app.conf.task_always_eager:
                self._import_here(batch.pk, opts)
            else:
                extract_import_batch.delay(batch.pk)
        batch = ImportBatch.objects.get(pk=batch.pk)
        summary = {"imported": batch.imported, "duplicates": batch.duplicates, "errors": batch.errors,
                   "error_rows": batch.error_rows, "batch": batch.pk, "status": batch.status}
        if batch.status == ImportBatch.Status.FAILED:
            summary["message"] = batch.message
        if not opts["json"]:
            self.stdout.write(f"Batch {batch.pk} ({batch.get_status_display()}): {batch.imported} baru, "
                              f"{batch.duplicates} duplikat, {batch.errors} galat.")
            for err in batch.error_rows[:20]:
                self.stdout.write(f"  baris {err.get('row') or err.get('line')}: {err.get('message')}")
        else:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(batch.message or "Impor gagal.")

    def _import_here(self, batch_id: int, opts) -> None:
        """No broker: parse, then classify ahead in forked processes while this one persists (pipeline.py)."""
        import sys

        from tqdm import tqdm

        from pantau.monitoring import pipeline
        from pantau.monitoring.tasks import prepare_import_batch

        batch, chunks, _ = prepare_import_batch(batch_id)
        processes = opts["processes"] if opts["processes"] is not None else pipeline.classify_processes_default()
        total = sum(len(chunk) for _, chunk in chunks)
        with tqdm(total=total, unit=" butir", desc="Impor", file=sys.stderr, mininterval=0.5,
                  disable=True if opts["no_progress"] else None) as bar:
            pipeline.run_import_chunks(batch, chunks, processes=processes,
                                       on_chunk=lambda _number, size: bar.update(size))
