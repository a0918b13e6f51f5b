"""Reports: the dashboard, unit and indicator pages, calibration, the governor's brief, exports."""
