"""Analysis of imported indicators: trends, deprivation inequality, priorities, the footprint.

Trends and inequality summaries are derived data, computed once at import
(:func:`placematters.analysis.actions.analysis_refresh`) and never edited; priorities are the
partnership's own marks on findings ("prioritised intelligence").
"""
