"""Framework pages: the list of versions, a version's tree with its bands, and one indicator's criteria.

Read-only pages for every signed-in user whose role grants ``indicators.view_framework`` (every
role's group does; see ``skpd/migrations/0002_role_groups.py``). A Django permission rather than
``skpd.permissions`` keeps this app free of imports from the apps that build on it.
Each reads through the queryset methods in ``indicators.queries`` in a fixed number of queries,
whatever the framework's size, and answers htmx requests with its ``content`` fragment.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from indicators.models import Crosswalk, Framework
from indicators.queries import framework_tree, indicator_page


def _template(request, name):
    return f"{name}#content" if getattr(request, "htmx", False) else name


def _require_viewer(request):
    if not request.user.has_perm("indicators.view_framework"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def framework_list(request):
    _require_viewer(request)
    frameworks = Framework.objects.with_counts()
    context = {"frameworks": frameworks, "crosswalks": Crosswalk.objects.latest_of_each_pair()}
    return render(request, _template(request, "indicators/framework_list.html"), context)


@login_required
@require_http_methods(["GET"])
def framework_detail(request, code):
    _require_viewer(request)
    framework = get_object_or_404(Framework, code=code)
    return render(request, _template(request, "indicators/framework_detail.html"), framework_tree(framework))


@login_required
@require_http_methods(["GET"])
def indicator_detail(request, code, number):
    _require_viewer(request)
    framework = get_object_or_404(Framework, code=code)
    context = indicator_page(framework, number)
    return render(request, _template(request, "indicators/indicator_detail.html"), context)
