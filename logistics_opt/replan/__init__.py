"""Re-planning one day of a written run for a disruption (``logistics-opt replan``): a van that breaks down
at a given time, extra crates to collect, branches shut that day.

:mod:`.disruption` (what happened, checked against the run, and its ``inputs/disruption.toml``), :mod:`.day`
(a day's routes open to change, timed by the plans' own rules), :mod:`.model` (the day at ``--from``: what is
frozen, what must find another van), :mod:`.insert` (cheapest insertion into the vans on the road and a light
improvement), :mod:`.postpone` (crates to the branch's next visit, or not served with a reason) and
:mod:`.run` (the new run through the pipeline).
"""
