"""`pantau worker [celery worker options]`: start a Celery worker on the pipeline queues."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Jalankan pekerja Celery untuk antrean fetch, extract, classify, persist."

    def add_arguments(self, parser):
        parser.add_argument("-Q", "--queues", default="fetch,extract,classify,persist,celery")
        parser.add_argument("-c", "--concurrency", type=int, default=None)
        parser.add_argument("--beat", action="store_true", help="jalankan penjadwal (beat) dalam proses yang sama")
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, **opts):
        from pantau.celery import app

        argv = ["worker", "-Q", opts["queues"], f"--loglevel={opts['loglevel']}"]
        if opts["concurrency"]:
            argv.append(f"--concurrency={opts['concurrency']}")
        if opts["beat"]:
            argv.append("--beat")
        app.worker_main(argv)
