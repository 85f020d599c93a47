"""What event pages tell search engines: a schema.org Event."""

from django import template
from wagtail.models import Site

from core.seo import json_ld
from events.schedule import in_paris

register = template.Library()

ATTENDANCE_MODES = {
    (True, False): "https://schema.org/OfflineEventAttendanceMode",
    (False, True): "https://schema.org/OnlineEventAttendanceMode",
    (True, True): "https://schema.org/MixedEventAttendanceMode",
}


def event_data(event, request):
    locations = []
    if event.is_offline:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue.strip() or event.address_line,
                "address": event.address_line,
            }
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    site = Site.find_for_request(request) if request else None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": in_paris(event.start).isoformat(),
        "endDate": in_paris(event.end).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[(event.is_offline, event.is_online)],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {
            "@type": "Organization",
            "name": "Smart en France",
            **({"url": site.root_url + "/"} if site else {}),
        },
        "url": event.get_full_url(request),
    }
    return data


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """The event as schema.org JSON-LD, safe inside <script type="application/ld+json">."""
    return json_ld(event_data(event, context.get("request")))
