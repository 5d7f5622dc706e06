"""Login with optional TOTP second factor, and TOTP enrolment for staff."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.audit.services import record


class LoginForm(OTPAuthenticationForm):
    """The second factor is asked only of users who enrolled an authenticator (`/accounts/dua-langkah/`)."""

    otp_error_messages = dict(
        OTPAuthenticationForm.otp_error_messages,
        token_required=gettext_lazy("Akun ini memakai verifikasi dua langkah: masukkan kode 6 digit dari aplikasi autentikator."),
        invalid_token=gettext_lazy("Kode verifikasi salah. Periksa kode terbaru di aplikasi autentikator."),
        device_required=gettext_lazy("Pilih perangkat verifikasi."),
        verification_not_allowed=gettext_lazy("Verifikasi kode sementara dinonaktifkan. Coba lagi nanti."),
    )

    def clean_otp(self, user):
        if user is not None and not user_has_device(user, confirmed=True):
            return
        super().clean_otp(user)

    def _chosen_device(self, user):
        # The login page offers no device picker: staff enrol one authenticator, which is used by default.
        return super()._chosen_device(user) or TOTPDevice.objects.filter(user=user, confirmed=True).first()


class LoginView(auth_views.LoginView):
    """Password, then the 6-digit code for users who enrolled an authenticator app."""

    authentication_form = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record("login", self.request.user, changes={"otp": bool(getattr(self.request.user, "otp_device", None))})
        _remember_language(self.request, response)
        return response


def _remember_language(request, response) -> None:
    """Use the account's preferred language unless this browser already picked one with the switcher."""
    language = getattr(request.user, "preferred_language", "")
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or language not in dict(settings.LANGUAGES):
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
def two_factor(request):
    """Enrol a TOTP authenticator: show a QR code, confirm with one code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if request.method == "POST" and device is not None:
        if device.verify_token(request.POST.get("token", "").strip()):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record("enable_2fa", request.user)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect("/")
        messages.error(request, _("Kode salah atau kedaluwarsa. Coba kode berikutnya dari aplikasi."))
    if device is None and not confirmed:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    qr_svg = ""
    if device is not None:
        buffer = io.BytesIO()
        qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
        qr_svg = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    return render(request, "accounts/two_factor.html", {"device": device, "confirmed": confirmed, "qr_svg": qr_svg})
