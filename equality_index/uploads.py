"""The per-employee file is read in memory only: never a temporary file, whatever its size.

Django keeps an upload in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) and
spools anything larger to a temporary file on disk. For the payroll file (one
row per employee, with pay) the import views replace the request's upload
handlers, before the body is read, by `InMemoryOnlyUploadHandler`, which holds
the file in memory up to EMPLOYEE_FILE_MAX_BYTES and stops reading past it (the
view then says so in French). That must happen before the CSRF check reads the
body, hence `reads_employee_file`: csrf_exempt outside, csrf_protect inside, as
Django's documentation on modifying upload handlers on the fly describes.
"""

import io
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

FILE_FIELD = "fichier"
# A 10 000-employee CSV weighs about 0.6 MB, an XLSX less: 10 MB leaves room for
# 100 000 rows and for the columns the import ignores, and stays under the proxy's
# 25 MB admin body limit, so the refusal is ours, in French.
EMPLOYEE_FILE_MAX_BYTES = 10 * 1024 * 1024


class InMemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps the one expected file in memory, up to `limit` bytes; any other file is skipped.

    Past the limit it stops reading the upload (the rest of the body is read and
    dropped, so the fields sent before the file, the CSRF token first, are kept)
    and sets `too_large`.
    """

    def __init__(self, request=None, limit=None):
        super().__init__(request)
        self.limit = EMPLOYEE_FILE_MAX_BYTES if limit is None else limit
        self.too_large = False
        self.buffer = None

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        if field_name != FILE_FIELD or self.buffer is not None:
            raise SkipFile()
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.too_large = True
            self.buffer = io.BytesIO()  # what was read so far goes with it
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None  # no other handler sees the data

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def reads_employee_file(allowed):
    """Decorates a view that receives the per-employee file.

    `allowed(request)` is checked first, before anything of the body is read:
    otherwise the view answers what `allowed` returns (a 403 response). Then the
    upload handlers are replaced and the CSRF token checked as usual; the view
    finds the handler in `request.employee_file_handler`.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request, *args, **kwargs):
            refusal = allowed(request)
            if refusal is not None:
                return refusal
            if request.method == "POST":
                handler = InMemoryOnlyUploadHandler(request)
                request.upload_handlers = [handler]
                request.employee_file_handler = handler
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
