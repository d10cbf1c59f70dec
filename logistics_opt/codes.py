"""The codes the data and the reports share: weekday keys and language codes.

A leaf: it imports nothing of the package. The data layer checks ``settings.toml`` and the CSVs
against these lists; :mod:`.wording` has one label set per language code and a name per weekday key
in each language.
"""

from __future__ import annotations

#: Weekday keys, in calendar order, as the data files write them (``working_days``, ``days``).
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: The reports' languages (``--lang``, ``language`` in settings.toml), and the default.
LANGUAGES: tuple[str, ...] = ("en", "nl")
DEFAULT_LANGUAGE = "en"
