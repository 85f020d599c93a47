"""Structured data (JSON-LD) that tells search engines who Smart is."""

import json

from django.utils.safestring import mark_safe

# The characters that could end a <script> element early, escaped as JSON allows.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON that is safe inside a <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE))


def organisation_json_ld(request, home, members):
    """Smart as an Organization, with its members (schema.org Organization dicts)."""
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "Smart en France",
            "url": home.get_full_url(request),
            "description": home.summary,
            "member": members,
        }
    )
