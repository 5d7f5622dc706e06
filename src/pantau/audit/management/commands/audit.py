from django.core.management.base import BaseCommand, CommandError

from pantau.audit.services import verify


class Command(BaseCommand):
    help = "Periksa log audit. `pantau audit verify` memeriksa seluruh rantai hash."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, action, **options):
        checked, broken, reason = verify()
        if broken is not None:
            raise CommandError(
                f"Rantai audit PUTUS pada entri #{broken.seq} ({broken.action} {broken.model} {broken.object_pk}, "
                f"{broken.at:%Y-%m-%d %H:%M:%S}): {reason}. {checked} entri sebelumnya utuh."
            )
        if reason:
            raise CommandError(f"Rantai audit PUTUS: {reason}.")
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {checked} entri diperiksa."))
