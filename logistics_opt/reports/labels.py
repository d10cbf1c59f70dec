"""Every user-facing label of the route sheets, calendar, map and comparison report, per language.

Languages: ``en`` (default) and ``nl`` (Dutch, as a Dutch driver or coordinator reads it). A label
is looked up by key with :func:`text` (or through a :class:`Labels` bound to one language) and may
take ``str.format`` fields. Both languages have exactly the same keys and fields (tested), so a
report never falls back to another language. Column names of the machine-readable CSVs
(``route_sheet.csv`` ...) are not labels: they stay English so scripts keep working.
"""

from __future__ import annotations

from typing import Any

from ..errors import LogisticsError

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_EN: dict[str, str] = {
    # weekdays
    "day.mon": "Monday",
    "day.tue": "Tuesday",
    "day.wed": "Wednesday",
    "day.thu": "Thursday",
    "day.fri": "Friday",
    "day.sat": "Saturday",
    "day.sun": "Sunday",
    "dayshort.mon": "Mon",
    "dayshort.tue": "Tue",
    "dayshort.wed": "Wed",
    "dayshort.thu": "Thu",
    "dayshort.fri": "Fri",
    "dayshort.sat": "Sat",
    "dayshort.sun": "Sun",
    # route sheets (HTML and XLSX)
    "sheet.title": "Route sheet",
    "sheet.scenario": "Scenario {name}",
    "sheet.heading": "{day}: {van}",
    "sheet.vehicle_type": "vehicle type {type}",
    "sheet.shift": "{start}-{end} from {hub}",
    "sheet.stops": "{n} stops",
    "sheet.km": "{km:.1f} km",
    "sheet.hours": "{h:.1f} h",
    "sheet.crates": "drop {drop} crates, collect {collect}",
    "sheet.break": "break: {what}",
    "sheet.distances": "distances: {what}",
    "sheet.break_after": "{min:.0f} min after stop {k}",
    "sheet.break_none": "none",
    "sheet.depart": "depart: {hub}",
    "sheet.return": "return: {hub}",
    "sheet.load": "load {n} crates",
    "sheet.unload": "unload {n} crates",
    "sheet.reload": "reload: {hub} (trip {trip})",
    "sheet.reload_note": "unload {unload} crates, load {load}",
    "sheet.trips": "{n} trips, reloading at the hub",
    "sheet.sign": "Crates are counted after each stop (load aboard). Driver: ____________________"
    "   Signature: ____________________",
    "sheet.none": "No routes in this plan",
    "sheet.page": "Page &P of &N",
    "col.stop_no": "#",
    "col.branch": "branch",
    "col.name": "name",
    "col.town": "town",
    "col.arrival": "arrive",
    "col.departure": "depart",
    "col.deliver": "crates to drop",
    "col.pickup": "crates to collect",
    "col.load": "load aboard",
    "col.notes": "notes",
    "col.done": "done",
    "note.open": "open {open}-{close}",
    "note.open_late": "late",
    "note.wait": "wait {min:.0f} min for opening",
    "note.break": "{min:.0f} min break after this stop",
    # week overview (XLSX)
    "week.title": "Week overview",
    "week.day": "day",
    "week.van": "van",
    "week.vehicle_type": "vehicle type",
    "week.start": "start",
    "week.end": "end",
    "week.stops": "stops",
    "week.km": "km",
    "week.hours": "hours",
    "week.cost": "cost EUR",
    "week.co2": "CO2 kg",
    "week.drop": "crates to drop",
    "week.collect": "crates to collect",
    "week.total": "week",
    # calendar
    "cal.title": "Weekly calendar: which van visits each branch on which day",
    "cal.sheet": "Calendar",
    "cal.branch_id": "branch",
    "cal.branch_name": "name",
    "cal.town": "town",
    "cal.visits": "visits a week",
    "cal.unassigned": "NOT SERVED",
    "unserved.title": "Visits not served",
    "unserved.item": "{branch} on {day}: {reason}",
    # map
    "map.title": "Routes",
    "map.hub": "hub",
    "map.van": "van",
    "map.arrival": "arrival",
    "map.deliver": "crates to drop",
    "map.pickup": "crates to collect",
    "map.route": "{day}, {van}: {n} stops, {km:.0f} km, {start}-{end}",
    "map.day": "{day} ({n} routes)",
    "map.week": "week: {routes} routes, {km:,.0f} km",
    "map.osm": "OpenStreetMap",
    "map.plain": "plain background",
    "map.offline": "No background map (offline): the routes are drawn on a plain background.",
    "map.attribution": "map data &copy; OpenStreetMap contributors",
    "map.blocked": "OpenStreetMap refused its tiles (HTTP {status}): its tile policy asks for a Referer, which a "
    "map opened as a file cannot send. Open map.html through a web server to see them; the routes are drawn on "
    "a plain background.",
    "map.link": "Interactive map",
    # comparison report
    "rep.title": "Scenario comparison",
    "rep.baseline": "Baseline: **{name}**. A year is {weeks:g} weeks. Savings are baseline minus scenario: "
    "positive means cheaper.",
    "rep.lead_note": "Lead times are items-weighted working days from pickup at the origin to delivery through "
    "the hub (n/a: the run has no service figures).",
    "rep.unserved": "Runs with unserved visits (their cost leaves work undone): {names}.",
    "rep.h_cost": "Cost, km, CO2 and service",
    "rep.h_alloc": "Cost per library organisation (EUR/week)",
    "rep.alloc_note": "Cost allocation by volume x distance, as BiSC has charged its libraries since 2017: each "
    "branch's items sent + received a week times its road km from the hub; an organisation "
    "pays its branches' share of the week's cost.",
    "rep.h_alloc_detail": "Allocation detail: {name}",
    "rep.h_scenarios": "Scenarios",
    "rep.h_runs": "Run folders",
    "rep.maps": "Maps",
    "rep.chart_cost": "Cost and CO2 by scenario",
    "rep.chart_lead": "Cost against lead time",
    "rep.scenario": "scenario",
    "rep.question": "question",
    "rep.eur_week": "EUR/week",
    "rep.eur_year": "EUR/year",
    "rep.saving_week": "saving EUR/week",
    "rep.saving_year": "saving EUR/year",
    "rep.saving_pct": "saving %",
    "rep.km": "km",
    "rep.van_hours": "van-hours",
    "rep.routes": "routes",
    "rep.co2": "CO2 kg",
    "rep.co2_saving": "CO2 saving %",
    "rep.lead_mean": "lead time mean",
    "rep.lead_p95": "lead time p95",
    "rep.unserved_col": "unserved",
    "rep.noise_col": "noise ± EUR/week",
    "rep.trunk_note": "Runs with several hubs: EUR/week is the vans plus the night trunk between hubs (the trunk "
    "alone: trunk_eur_week in comparison.csv, and the table per hub).",
    "rep.h_hubs": "Cost per hub (province), EUR/week",
    "rep.hubs_note": "Each hub's vans and the night trunk's cost of what it sends. With several hubs an organisation "
    "pays its share of its own hub's vans (volume x distance from that hub) and, for each request over the trunk, "
    "the requesting organisation pays its items' share of the pair's trunk cost.",
    "rep.difference_col": "difference",
    "rep.distances": "Distances: {what}.",
    "rep.noise_note": "Noise band: each run's repeats (seeds) give a spread of costs; a difference no larger than "
    "the larger spread of the two runs is **within noise**. Runs with identical routing inputs share one solve "
    "(**identical plan**), and a run takes another run's cheaper plan whenever that plan meets its data and rules.",
    "rep.capped": "Stopped by the time cap, not reproducible: {names} (give them a longer time_limit).",
    "rep.v.baseline": "baseline",
    "rep.v.identical plan": "identical plan",
    "rep.v.within noise": "within noise",
    "rep.v.real": "real",
    "rep.v.no noise band (run with --repeats 2 or more)": "no noise band (run with --repeats 2 or more)",
    "rep.organisation": "organisation",
    "rep.branches": "branches",
    "rep.items_week": "items/week",
    "rep.item_km": "item-km",
    "rep.share": "share %",
    "rep.eur_item": "EUR/item",
}

_NL: dict[str, str] = {
    "day.mon": "maandag",
    "day.tue": "dinsdag",
    "day.wed": "woensdag",
    "day.thu": "donderdag",
    "day.fri": "vrijdag",
    "day.sat": "zaterdag",
    "day.sun": "zondag",
    "dayshort.mon": "ma",
    "dayshort.tue": "di",
    "dayshort.wed": "wo",
    "dayshort.thu": "do",
    "dayshort.fri": "vr",
    "dayshort.sat": "za",
    "dayshort.sun": "zo",
    "sheet.title": "Routeblad",
    "sheet.scenario": "Scenario {name}",
    "sheet.heading": "{day}: {van}",
    "sheet.vehicle_type": "voertuigtype {type}",
    "sheet.shift": "{start}-{end} vanaf {hub}",
    "sheet.stops": "{n} stops",
    "sheet.km": "{km:.1f} km",
    "sheet.hours": "{h:.1f} uur",
    "sheet.crates": "{drop} kratten afleveren, {collect} ophalen",
    "sheet.break": "pauze: {what}",
    "sheet.distances": "afstanden: {what}",
    "sheet.break_after": "{min:.0f} min na stop {k}",
    "sheet.break_none": "geen",
    "sheet.depart": "vertrek: {hub}",
    "sheet.return": "terug: {hub}",
    "sheet.load": "{n} kratten laden",
    "sheet.unload": "{n} kratten lossen",
    "sheet.reload": "herladen: {hub} (rit {trip})",
    "sheet.reload_note": "{unload} kratten lossen, {load} laden",
    "sheet.trips": "{n} ritten, herladen in het sorteercentrum",
    "sheet.sign": "Tel de kratten na elke stop (lading aan boord). Chauffeur: ____________________"
    "   Handtekening: ____________________",
    "sheet.none": "Geen routes in dit plan",
    "sheet.page": "Pagina &P van &N",
    "col.stop_no": "#",
    "col.branch": "vestiging",
    "col.name": "naam",
    "col.town": "plaats",
    "col.arrival": "Aankomst",
    "col.departure": "Vertrek",
    "col.deliver": "Kratten afleveren",
    "col.pickup": "Kratten ophalen",
    "col.load": "Lading aan boord",
    "col.notes": "Opmerkingen",
    "col.done": "Gedaan",
    "note.open": "open {open}-{close}",
    "note.open_late": "laat",
    "note.wait": "{min:.0f} min wachten tot opening",
    "note.break": "{min:.0f} min pauze na deze stop",
    "week.title": "Weekoverzicht",
    "week.day": "dag",
    "week.van": "bus",
    "week.vehicle_type": "voertuigtype",
    "week.start": "begin",
    "week.end": "einde",
    "week.stops": "stops",
    "week.km": "km",
    "week.hours": "uren",
    "week.cost": "kosten EUR",
    "week.co2": "CO2 kg",
    "week.drop": "kratten afleveren",
    "week.collect": "kratten ophalen",
    "week.total": "week",
    "cal.title": "Weekkalender: welke bus bezoekt welke vestiging op welke dag",
    "cal.sheet": "Kalender",
    "cal.branch_id": "vestiging",
    "cal.branch_name": "naam",
    "cal.town": "plaats",
    "cal.visits": "bezoeken per week",
    "cal.unassigned": "NIET BEDIEND",
    "unserved.title": "Niet bediende bezoeken",
    "unserved.item": "{branch} op {day}: {reason}",
    "map.title": "Routes",
    "map.hub": "sorteercentrum",
    "map.van": "bus",
    "map.arrival": "aankomst",
    "map.deliver": "kratten afleveren",
    "map.pickup": "kratten ophalen",
    "map.route": "{day}, {van}: {n} stops, {km:.0f} km, {start}-{end}",
    "map.day": "{day} ({n} routes)",
    "map.week": "week: {routes} routes, {km:.0f} km",
    "map.osm": "OpenStreetMap",
    "map.plain": "effen achtergrond",
    "map.offline": "Geen achtergrondkaart (offline): de routes staan op een effen achtergrond.",
    "map.attribution": "kaartgegevens &copy; OpenStreetMap-bijdragers",
    "map.blocked": "OpenStreetMap weigert de kaarttegels (HTTP {status}): het gebruiksbeleid vraagt om een "
    "Referer, die een als bestand geopende kaart niet kan meesturen. Open map.html via een webserver om ze te "
    "zien; de routes staan op een effen achtergrond.",
    "map.link": "Interactieve kaart",
    "rep.title": "Vergelijking van scenario's",
    "rep.baseline": "Basis: **{name}**. Een jaar telt {weeks:g} weken. Besparing is basis min scenario: "
    "positief betekent goedkoper.",
    "rep.lead_note": "Doorlooptijden zijn werkdagen, gewogen naar aantal items, van ophalen bij de herkomst tot "
    "aflevering via de hub (n/a: de run heeft geen servicecijfers).",
    "rep.unserved": "Runs met niet bediende bezoeken (hun kosten laten werk liggen): {names}.",
    "rep.h_cost": "Kosten, km, CO2 en service",
    "rep.h_alloc": "Kosten per bibliotheekorganisatie (EUR/week)",
    "rep.alloc_note": "Kostenverdeling naar volume x afstand, zoals BiSC sinds 2017 aan de bibliotheken doorrekent: "
    "per vestiging de items die per week verstuurd en ontvangen worden maal de wegafstand in km "
    "tot de hub; een organisatie betaalt het aandeel van haar vestigingen in de weekkosten.",
    "rep.h_alloc_detail": "Kostenverdeling in detail: {name}",
    "rep.h_scenarios": "Scenario's",
    "rep.h_runs": "Runmappen",
    "rep.maps": "Kaarten",
    "rep.chart_cost": "Kosten en CO2 per scenario",
    "rep.chart_lead": "Kosten tegen doorlooptijd",
    "rep.scenario": "scenario",
    "rep.question": "vraag",
    "rep.eur_week": "EUR/week",
    "rep.eur_year": "EUR/jaar",
    "rep.saving_week": "besparing EUR/week",
    "rep.saving_year": "besparing EUR/jaar",
    "rep.saving_pct": "besparing %",
    "rep.km": "km",
    "rep.van_hours": "busuren",
    "rep.routes": "routes",
    "rep.co2": "CO2 kg",
    "rep.co2_saving": "CO2-besparing %",
    "rep.lead_mean": "doorlooptijd gem.",
    "rep.lead_p95": "doorlooptijd p95",
    "rep.unserved_col": "niet bediend",
    "rep.noise_col": "ruis ± EUR/week",
    "rep.trunk_note": "Runs met meerdere hubs: EUR/week is de bussen plus de nachtelijke trunk tussen de hubs (de "
    "trunk alleen: trunk_eur_week in comparison.csv, en de tabel per hub).",
    "rep.h_hubs": "Kosten per hub (provincie), EUR/week",
    "rep.hubs_note": "De bussen van elke hub en de trunkkosten van wat hij verstuurt. Met meerdere hubs betaalt een "
    "organisatie haar deel van de bussen van haar eigen hub (volume x afstand tot die hub) en, voor elke aanvraag "
    "over de trunk, betaalt de aanvragende organisatie het deel van haar items in de trunkkosten van dat paar.",
    "rep.difference_col": "verschil",
    "rep.distances": "Afstanden: {what}.",
    "rep.noise_note": "Ruisband: de herhalingen (seeds) van een run geven een spreiding van kosten; een verschil dat "
    "niet groter is dan de grootste spreiding van de twee runs valt **binnen de ruis**. Runs met dezelfde "
    "route-invoer delen één berekening (**zelfde plan**), en een run neemt het goedkopere plan van een andere run "
    "over wanneer dat plan aan zijn gegevens en regels voldoet.",
    "rep.capped": "Gestopt door de tijdslimiet, niet reproduceerbaar: {names} (geef ze een ruimere time_limit).",
    "rep.v.baseline": "basis",
    "rep.v.identical plan": "zelfde plan",
    "rep.v.within noise": "binnen de ruis",
    "rep.v.real": "echt verschil",
    "rep.v.no noise band (run with --repeats 2 or more)": "geen ruisband (draai met --repeats 2 of meer)",
    "rep.organisation": "organisatie",
    "rep.branches": "vestigingen",
    "rep.items_week": "items/week",
    "rep.item_km": "item-km",
    "rep.share": "aandeel %",
    "rep.eur_item": "EUR/item",
}

LABELS: dict[str, dict[str, str]] = {"en": _EN, "nl": _NL}


def check_language(lang: str | None) -> str:
    """``lang`` lower-cased, or the default for None/empty; an error naming the choices if unknown."""
    code = (lang or DEFAULT_LANGUAGE).strip().lower()
    if code not in LABELS:
        raise LogisticsError(f"unknown language '{lang}' (expected {' or '.join(LANGUAGES)})")
    return code


def text(lang: str, key: str, **fields: Any) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in (a KeyError names an unknown key)."""
    template = LABELS[check_language(lang)][key]
    return template.format(**fields) if fields else template


class Labels:
    """Labels of one language: ``L = Labels("nl"); L("col.arrival"); L.day("mon")``."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = check_language(lang)

    def __call__(self, key: str, **fields: Any) -> str:
        return text(self.lang, key, **fields)

    def day(self, day: str) -> str:
        """A weekday key (``mon``) as a name (``Monday``, ``maandag``); unknown keys come back as given."""
        return text(self.lang, f"day.{day}") if day in WEEKDAY_KEYS else day

    def short_day(self, day: str) -> str:
        """A weekday key as its abbreviation (``Mon``, ``ma``)."""
        return text(self.lang, f"dayshort.{day}") if day in WEEKDAY_KEYS else day


def plan_language(plan: dict[str, Any]) -> str:
    """The language a plan's reports are written in: ``meta.language`` (set from ``--lang`` or
    ``settings.toml``), else the default."""
    return check_language((plan.get("meta") or {}).get("language"))
