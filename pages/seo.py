"""Structured data (JSON-LD) that tells search engines who Smart is."""

import json

from django.utils.safestring import mark_safe

# The characters that could end a <script> element early, escaped as JSON allows.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organisation_json_ld(request, home, cooperatives):
    """Smart as an Organization, with its member cooperatives, as a JSON-LD string."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Smart en France",
        "url": home.get_full_url(request),
        "description": home.summary,
        "member": [
            {
                "@type": "Organization",
                "name": cooperative.title,
                "url": cooperative.get_full_url(request),
                "description": cooperative.promise,
                "areaServed": cooperative.territory,
            }
            for cooperative in cooperatives
        ],
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE))
