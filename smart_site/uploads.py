"""Limits on what a request may upload, checked while the body is read.

Forms open to anyone take no file at all: a file part from an anonymous visitor
is read past and dropped, never spooled to the temporary folder. Signed-in
editors may upload up to UPLOAD_MAX_FILE_SIZE per file, beyond which reading
stops; documents get a clear French error below DOCUMENT_MAX_UPLOAD_SIZE
(images have Wagtail's own WAGTAILIMAGES_MAX_UPLOAD_SIZE).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm


class LimitedUploadHandler(FileUploadHandler):
    """Placed first in FILE_UPLOAD_HANDLERS: it sees every chunk before it is stored."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            raise SkipFile()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_SIZE:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if uploaded is not None and getattr(uploaded, "size", 0) > limit:
            raise ValidationError(
                f"Ce fichier pèse {filesizeformat(uploaded.size)} : la limite est de "
                f"{filesizeformat(limit)}. Réduisez-le (un PDF s'exporte souvent plus léger)."
            )
        return uploaded
