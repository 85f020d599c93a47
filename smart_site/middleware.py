from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its looser policy, and only the admin.

    Django's ContentSecurityPolicyMiddleware reads `response._csp_config` when
    present; this middleware sits after it in MIDDLEWARE, so it sees the
    response first and can choose the policy by URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            response._csp_config = settings.ADMIN_CSP
        return response
