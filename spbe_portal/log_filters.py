"""Logging filters named in ``settings.LOGGING``."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is an expected answer (a role asked for what it may not have): log its one line only.

    Django logs every ``PermissionDenied`` on ``django.request`` with the exception attached, so
    each refused click wrote a full traceback. The status and path stay; the traceback goes.
    """

    def filter(self, record):
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
