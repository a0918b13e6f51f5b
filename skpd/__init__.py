"""Who answers: work units (SKPD), people's roles and units, and the one place that decides access.

``permissions.py`` answers "may this user see / change this object" for every view, service
function, export and download. May use ``indicators`` (a reviewer's aspect scope), never
``evaluations``.
"""
