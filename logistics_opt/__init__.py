"""logistics-opt: route and visit-frequency optimiser for interlibrary-loan vans.

Data flows one way: files -> validated model (:mod:`.data`) -> distances (:mod:`.distances`,
:mod:`.roads`) -> volumes per visit (:mod:`.volumes`) -> solver (:mod:`.planning`, :mod:`.routing`)
-> plan (:mod:`.plan`) -> independent check (:mod:`.checker`) -> run folder (:mod:`.runs`) ->
reports (:mod:`.reports`). :mod:`.pipeline` makes a run of these steps. Leaves any layer may use:
:mod:`.errors`, :mod:`.files`, :mod:`.codes`, :mod:`.matrix`, :mod:`.disk_cache`, :mod:`.progress`.
No import runs against the flow, and no two modules or packages import each other
(``tests/test_imports.py``). This module holds the version only and imports nothing.
"""

from __future__ import annotations

__version__ = "0.1.0"
