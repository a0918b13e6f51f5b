"""What was answered: evaluation periods, assignments, answers with evidence, reviews, stage results.

``series.py`` is the one read model (series levels, scores, lead units, overdue, default series);
``audit.py`` the history events; ``errors.py`` the domain errors. Each feature is a package
(``answers/``, ``periods/``, ``assignments/``, ``planning/``, ``reports/``) with its writes in
``services.py`` and its forms, views, urls (and charts, exports). See ``docs/architecture.md``.
"""
