from pantau.accounts.models import Role, User


def make_user(region_code, marker):
    return User.objects.create(username=f"u{marker[-8:].lower()}", first_name=marker, role=Role.ANALYST, jurisdiction_id=region_code)


FACTORIES = {"user-detail": make_user}
