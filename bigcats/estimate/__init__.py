"""Estimators: pure functions, polars or numpy in, polars out, each citing its method.

- `histories`: detection histories (occasions, per individual and deployment) from observations.
- `closed`: minimum number known alive, M0, Mt, Mh (Chao 1987), loglinear models (Cormack 1989).
- `secr`: spatially explicit capture–recapture by maximum likelihood (Borchers & Efford 2008).
- `structure`: sex and age structure of the identified individuals.
"""
