"""Peers: published index results of other governments and the national average, as reference data
the trend compares the province against (``services`` writes them, ``loader`` ships the defaults)."""
