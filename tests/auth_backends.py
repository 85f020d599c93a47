from axes.backends import AxesBackend


class AxesBackendForTheTestClient(AxesBackend):
    """django-axes as in production, except for `client.login()` in tests.

    The test client authenticates without a request, which axes refuses outright.
    Such calls skip the lockout check; every login through a view (the admin's login
    form) carries its request and is throttled exactly as in production. AxesBackend
    also loads users (ModelBackend.get_user), as Wagtail's test helpers expect of the
    first backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
