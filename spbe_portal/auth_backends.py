"""Sign-in throttling on top of Django's model backend.

django-axes counts failed sign-ins per account and address and refuses a locked one. Its backend
needs the request; sign-ins without one (``Client.login`` in tests, the shell) have no address to
throttle, so this backend steps aside for them and Django's ModelBackend decides as usual. Every
sign-in through the web has a request and is throttled.
"""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
