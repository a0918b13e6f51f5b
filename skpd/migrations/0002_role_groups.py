"""The four role groups and their model permissions.

The portal's own pages decide access in ``skpd/permissions.py``; these model permissions govern
what a staff account in a group may do in the Django admin, and document each role's reach:
officers write answers and evidence, reviewers review answers and record stage results,
executives only view, administrators manage every portal model and the accounts.

The spec is frozen here (a migration must not import code that changes later); models added by
later migrations get their permissions in the groups through the admin or a later migration.
"""

from django.db import migrations

GROUPS = {
    "Petugas SKPD": {
        "view": [
            "indicators.*",
            "skpd.unit",
            "evaluations.period",
            "evaluations.periodindicator",
            "evaluations.assignment",
            "evaluations.answer",
            "evaluations.evidence",
            "evaluations.evidencefile",
        ],
        "add": ["evaluations.answer", "evaluations.evidence", "evaluations.evidencefile"],
        "change": ["evaluations.answer", "evaluations.evidence"],
        "delete": ["evaluations.evidence"],
    },
    "Reviewer": {
        "view": ["indicators.*", "skpd.unit", "evaluations.*"],
        "add": ["evaluations.stageresult", "evaluations.actionplan"],
        "change": ["evaluations.answer", "evaluations.stageresult", "evaluations.actionplan"],
        "delete": [],
    },
    "Pimpinan": {
        "view": ["indicators.*", "skpd.unit", "evaluations.*"],
        "add": [],
        "change": [],
        "delete": [],
    },
    "Administrator": {
        "view": ["indicators.*", "skpd.*", "evaluations.*", "auth.user", "auth.group"],
        "add": ["indicators.*", "skpd.*", "evaluations.*", "auth.user"],
        "change": ["indicators.*", "skpd.*", "evaluations.*", "auth.user"],
        "delete": ["indicators.*", "skpd.*", "evaluations.*"],
    },
}


def _permissions(Permission, action, targets):
    found = []
    for target in targets:
        app_label, model = target.split(".")
        query = Permission.objects.filter(content_type__app_label=app_label, codename__startswith=f"{action}_")
        if model != "*":
            query = query.filter(content_type__model=model)
        # historical models (simple_history) are read-only records: view only, never written by hand
        if action != "view":
            query = query.exclude(content_type__model__startswith="historical")
        found.extend(query)
    return found


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for action, targets in spec.items():
            permissions.extend(_permissions(Permission, action, targets))
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skpd", "0001_initial"),
        ("evaluations", "0001_initial"),
        ("indicators", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
