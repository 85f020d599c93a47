"""What a site's database and media hold, as plain data, to compare two sites.

Used in the test process (the site backed up) and, through `manage.py shell`,
in the process of a restored site.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from equality_index.models import EqualityIndexYear


def file_digest(name):
    with default_storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def site_contents():
    return {
        "pages": sorted(
            [p.url_path, type(p).__name__, p.title, p.live, p.has_unpublished_changes]
            for p in Page.objects.all().specific()
        ),
        "draft_titles": sorted(
            r.as_object().title
            for r in Revision.page_revisions.all()
            if r.pk != r.content_object.live_revision_id
        ),
        "index_years": sorted(
            [y.publication_year, y.live, y.index, y.latest_revision.content.get("published_index")]
            for y in EqualityIndexYear.objects.all()
        ),
        "users": sorted(
            [u.username, sorted(u.groups.values_list("name", flat=True))]
            for u in get_user_model().objects.all()
        ),
        "images": sorted(
            [i.title, i.file.name, file_digest(i.file.name)]
            for i in get_image_model().objects.all()
        ),
        "documents": sorted(
            [d.title, d.file.name, file_digest(d.file.name)]
            for d in get_document_model().objects.all()
        ),
    }
