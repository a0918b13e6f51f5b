"""What was answered: evaluation periods, assignments, answers with evidence, reviews, stage results.

``services.py`` holds every write (permission and period state checked, in a transaction),
``charts.py`` the Plotly figures; dashboards, reports and exports read through queryset methods.
"""
