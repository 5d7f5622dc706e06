from .context import Actor, _current


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted only when a deployment's proxy sets PANTAU_TRUST_PROXY.
    from django.conf import settings

    if getattr(settings, "PANTAU_TRUST_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        actor = Actor(
            user=user if authenticated else None,
            label=user.get_username() if authenticated else "publik",
            ip=client_ip(request),
        )
        token = _current.set(actor)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
