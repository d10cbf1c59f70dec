"""logistics-opt: route and visit-frequency optimiser for interlibrary-loan vans.

Data flows one way: files -> validated model (:mod:`loader`, :mod:`model`) ->
distances (:mod:`distances`) -> volumes per visit (:mod:`volumes`) -> solver
(:mod:`routing`) -> plan (:mod:`plan`) -> independent check (:mod:`checker`) ->
reports (:mod:`reports`).
"""

from __future__ import annotations

__version__ = "0.1.0"
