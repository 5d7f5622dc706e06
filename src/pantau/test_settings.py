"""Settings for the test suite: the same as production settings, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("PANTAU_TESTING", "1")

from pantau.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; real hashers in production
STATIC_ROOT = None  # WhiteNoise serves from the finders in tests; no collectstatic needed
