"""System check: production must set PANTAU_FIELD_KEYS (reporter identities are encrypted with them)."""

from django.core import checks
from django.utils.translation import gettext as _

from .crypto import configured_keys, insecure_mode


@checks.register(checks.Tags.security, deploy=False)
def field_keys(app_configs, **kwargs):
    if configured_keys() or insecure_mode():
        return []
    return [checks.Error(
        _("PANTAU_FIELD_KEYS belum diatur: NIK dan nomor telepon pelapor tidak dapat dienkripsi."),
        hint=_("Buat kunci: python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\""),
        id="reports.E001",
    )]
