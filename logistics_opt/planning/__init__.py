"""From a network and a matrix to a week's plan: day problems (:mod:`.days`), the week over cores
and budget (:mod:`.week`), which days each branch is visited (:mod:`.schedule`, :mod:`.frequencies`)."""
