"""Project-level views: the health check for load balancers and the signed-in home page."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from skpd.roles import Role, role_of


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 with {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def home(request):
    """Each role's own home: officers their unit's work list, the others the province dashboard."""
    role = role_of(request.user)
    if role == Role.OFFICER:
        return redirect("evaluations:worklist")
    if role in (Role.REVIEWER, Role.ADMIN, Role.EXECUTIVE):
        from evaluations.reports.views import dashboard

        return dashboard(request)
    # Signed in but without a role yet: say so instead of showing an empty portal.
    return render(request, "home.html", {"no_role": True})
