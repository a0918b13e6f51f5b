"""The evaluations app's domain errors, and the one place that turns them into responses.

Service functions (``evaluations.<feature>.services``) refuse an action by raising one of these;
``str(error)`` is the message for the user, in their language. Views do not translate them by hand:
``ServiceErrorMiddleware`` does, for every view of the project:

- ``PermissionDenied`` is also Django's ``PermissionDenied``, so Django itself answers 403 (the
  middleware leaves it alone);
- ``EditConflict`` (someone saved first) is a 409;
- every other refusal (``StateError``: the period's or the answer's status does not allow it now;
  ``InvalidInput``: the values are not acceptable) is a 400 page naming the reason, or, for a form
  whose page always went back to another page with a message, that redirect with the message
  (the view says where with ``@redirect_on_refusal``).

Why a middleware and not a decorator on each view: a view cannot forget it, and a new page (or
another app's page calling these services) gets the same answer without any code. Views still
catch an error themselves where the page must be shown again with what the user typed (the answer
form's conflict panel, a form's non-field error, the per-row messages of a bulk save): that is
rendering, not translation.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

REFUSED_PAGE = "evaluations/refused.html"


class ServiceError(Exception):
    """A refused action; ``str()`` is the message for the user."""

    status_code = 400

    @property
    def messages(self):
        """Every message for the user (one, unless the error collects several)."""
        return [str(self)]


class PermissionDenied(ServiceError, DjangoPermissionDenied):
    """The user may not do this. Also Django's ``PermissionDenied``: a view raising it is a 403."""

    status_code = 403


class StateError(ServiceError):
    """The period's or the answer's status does not allow this action now."""


class InvalidInput(ServiceError):
    """The values given are not acceptable (missing explanation, level out of range, bad file)."""


class EvidenceRejected(InvalidInput):
    """An uploaded evidence file refused by ``evaluations.answers.evidence.check_upload``."""


class NoEvidenceUnconfirmed(InvalidInput):
    """Submitting at level 2 or above with no evidence, without the officer having confirmed it."""

    def __init__(self, message, *, level):
        self.level = level
        super().__init__(message)


class DuplicateEvidence(InvalidInput):
    """The same file (same bytes) is already attached to this answer."""


class ImportRowsError(InvalidInput):
    """An import or a bulk setting refused as a whole; ``errors`` lists every problem, each naming its row."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def messages(self):
        return [str(e) for e in self.errors]


class AssignmentError(InvalidInput):
    """A bulk assignment save refused as a whole; ``errors`` maps indicator number (or None) to messages."""

    def __init__(self, errors):
        self.errors = dict(errors)
        super().__init__("; ".join(self.messages))

    @property
    def messages(self):
        return [f"{n}: {m}" if n else str(m) for n, ms in self.errors.items() for m in ms]


class EditConflict(ServiceError):
    """Someone saved the answer after the version this save started from.

    ``current`` is the answer as it is now; ``proposed_level`` and ``explanation`` are the values
    that were not saved, so the page can give them back to the person who typed them.
    """

    status_code = 409

    def __init__(self, message, *, current, proposed_level=None, explanation=""):
        super().__init__(message)
        self.current = current
        self.proposed_level = proposed_level
        self.explanation = explanation


# --- the mapping ------------------------------------------------------------------------------------


def redirect_on_refusal(url_of):
    """Mark a POST view whose refused action goes back to a page with the message as a flash.

    ``url_of(request, *args, **kwargs)`` (the view's own arguments) gives that page's URL; it is
    only called when a ``ServiceError`` other than ``PermissionDenied`` escapes the view.
    """

    def mark(view):
        view.refusal_redirect = url_of
        return view

    return mark


class ServiceErrorMiddleware:
    """Answers a ``ServiceError`` that escapes a view (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        url_of = getattr(view_func, "refusal_redirect", None)
        if url_of is not None:
            request._refusal_redirect = (url_of, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError) or isinstance(exception, DjangoPermissionDenied):
            return None  # Django answers PermissionDenied with its 403; anything else is a bug
        target = getattr(request, "_refusal_redirect", None)
        if target is not None and not getattr(request, "htmx", False):
            url_of, args, kwargs = target
            url = url_of(request, *args, **kwargs)
            if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
                for text in exception.messages:
                    messages.error(request, text)
                return redirect(url)
        template = f"{REFUSED_PAGE}#refusal" if getattr(request, "htmx", False) else REFUSED_PAGE
        context = {"refusal_messages": exception.messages, "conflict": isinstance(exception, EditConflict)}
        return render(request, template, context, status=exception.status_code)
