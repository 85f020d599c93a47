"""Every log line of a request carries its id and path, so an error can be found again.

The id comes from the proxy (X-Request-ID, nginx's $request_id) when it looks like
one, or is made here; the response carries it back, and the 500 page shows it
to the visitor as the reference to give when they write to us.
"""

import logging
import re
import uuid
from contextvars import ContextVar

_current = ContextVar("current_request", default=("-", "-"))
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def current_request_id():
    return _current.get()[0]


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = _current.set((request.id, request.path[:300]))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `path` to every record (a dash outside a request)."""

    def filter(self, record):
        record.request_id, record.path = _current.get()
        return True
