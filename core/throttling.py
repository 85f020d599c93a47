"""Who is asking (the visitor's address behind our proxy), and how often they may ask.

Logins are throttled by django-axes; forms open to anyone (contact, page and
collection passwords) by django-ratelimit, per visitor address, with a French
429 page past the limit.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited


def client_ip_address(request):
    """The visitor's address, as django-axes counts login attempts per address.

    Requests relayed by a trusted proxy (settings.TRUSTED_PROXY_IPS) are counted by
    the last address in X-Forwarded-For, the one the proxy itself saw: a client can
    prepend anything to that header, but not what our proxy appends.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    trusted = settings.TRUSTED_PROXY_IPS
    if forwarded_for and ("*" in trusted or remote_address in trusted):
        last_hop = forwarded_for.split(",")[-1].strip()
        if last_hop:
            return last_hop
    return remote_address


def ip_key(group, request):
    return client_ip_address(request)


def refuse_if_too_frequent(request, group, rate):
    """A French 429 page when this address went past `rate` (e.g. "5/10m"), or None.

    Counted per address in the cache: without it (down), nobody is refused.
    """
    limited = is_ratelimited(
        request, group=group, key=ip_key, rate=rate, method=is_ratelimited.ALL, increment=True
    )
    if not limited:
        return None
    response = TemplateResponse(request, "429.html", {"retry_minutes": 10}, status=429)
    response["Retry-After"] = "600"
    return response


# Page and collection passwords: a person mistypes a few times, a script guesses.
PASSWORDS_RATE = "10/15m"
# Admin logins per address, whatever the account: django-axes counts failures per
# account and address together, and a successful login resets its own count only;
# this stops one address trying many accounts, and no login resets it.
LOGINS_RATE = "20/15m"


def throttled_form(view, group, rate):
    """`view` with its POSTs limited per visitor address (a French 429 past `rate`)."""

    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            refusal = refuse_if_too_frequent(request, group, rate)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return throttled
