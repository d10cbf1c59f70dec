"""The data folder: the validated model (:mod:`.model`), reading it (:mod:`.read`) and writing it
back (:mod:`.write`), which are each other's inverse."""
