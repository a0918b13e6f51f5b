"""Framework changes seen from the periods: the impact of a framework file on each period's index,
the administrator's upload → preview → confirm pages, export and history, and the recorded final
index kept as recorded (``recorded.py``)."""
