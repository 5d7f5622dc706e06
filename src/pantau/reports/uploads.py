"""An upload handler that stops reading a file as soon as it passes the size limit.

Without it Django would stream a 2 GB "photo" to a temporary file before any check could refuse it. A file over
the limit is skipped (``SkipFile``) and its name remembered, so the form can say which file was too big.

Django allows changing ``request.upload_handlers`` only before the body is read; the CSRF middleware reads it,
so the HTML view is ``csrf_exempt`` on the outside and ``csrf_protect`` inside (the pattern in Django's docs).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext

from .forms import max_upload_bytes


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit or max_upload_bytes()
        self.oversize: list[str] = []
        self._received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self.limit:
            self.oversize.append((self.file_name or gettext("berkas"))[-255:])
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # let the next handler (memory or temporary file) build the file


def install(request) -> SizeLimitHandler:
    handler = SizeLimitHandler(request)
    request.upload_handlers.insert(0, handler)
    return handler
