"""The English wording of the reports, looked up through :mod:`logistics_opt.wording` (Dutch: :mod:`.nl`).

Both languages have exactly the same keys and ``str.format`` fields (tested). Figures are written
the English way (``{km:,.1f}``); :mod:`logistics_opt.wording` writes them the Dutch way for ``nl``.
"""

from __future__ import annotations

EN: dict[str, str] = {
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
    "day.dated": "{day} {year}-{month:02d}-{dom:02d}",
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
    "map.zoom_in": "Zoom in",
    "map.zoom_out": "Zoom out",
    # timetable (timetable.html and the workbook's sheet)
    "tt.sheet": "Timetable",
    "tt.title": "Timetable: {org}",
    "tt.week": "When the van comes to each branch, on {days}",
    "tt.and": "and",
    "tt.none": "No branch visits in this plan",
    "tt.col_branch": "Branch",
    "tt.col_name": "Name",
    "tt.col_org": "Organisation",
    "tt.col_town": "Town",
    "tt.col_day": "Day",
    "tt.col_van": "Van",
    "tt.col_from": "From",
    "tt.col_to": "To",
    # changes against an earlier plan (replan; plan --previous)
    "chg.title": "Changes against the earlier plan",
    "chg.sheet": "Changes",
    "chg.branches": "Branches whose visit changed",
    "chg.vans": "Vans whose stops changed",
    "chg.none": "No change",
    "chg.no_visit": "no visit",
    "chg.col_branch": "Branch",
    "chg.col_name": "Name",
    "chg.col_before": "Before",
    "chg.col_after": "After",
    "chg.col_moved": "Moved (min)",
    "chg.col_day": "Day",
    "chg.col_van": "Van",
    "chg.col_added": "Stops added",
    "chg.col_removed": "Stops removed",
    "tt.note": "The van comes to the branch within the time shown; the van's name is below it. A branch has one "
    "time window for the whole week: from the earliest to the latest time the van is planned there over the week, "
    "rounded out to multiples of {step} minutes and at least {width} minutes wide. On a day the branch opens later "
    "or closes earlier, the window is cut to its opening hours. A dash (-): no visit that day. The times are "
    "planned: traffic can make the van a few minutes early or late.",
    # navigation links (map popups, route sheets) and routes.gpx
    "nav.geo": "navigate",
    "nav.osm": "OSM",
    "col.nav": "navigate",
    "col.osm": "OSM",
    "gpx.arrive": "arrive {time}",
    "gpx.depart": "depart {time}",
    # comparison report
    "rep.title": "Scenario comparison",
    "rep.baseline": "Baseline: **{name}**. A year is {weeks:g} weeks. Savings are baseline minus scenario: "
    "positive means cheaper.",
    "rep.lead_note": "Lead times are items-weighted working days from pickup at the origin to delivery through "
    "the hub (n/a: the run has no service figures).",
    "rep.unserved": "Runs with unserved visits (their cost leaves work undone): {names}.",
    "rep.h_cost": "Cost, km, CO2 and service",
    "rep.h_supply": "Supply: crates and items that travel",
    "rep.supply_note": "Runs whose data has a reservation log. Crates moved: delivered and collected in the week "
    "(the difference to the baseline in brackets); items moved: collected in the week; no longer travel: the "
    "share of the baseline's items that no longer travel. Every item passes through the hub, so the supplier "
    "changes which branch's pickup grows more than the km; floating removes whole flows. The verdict is the "
    "cost's against its noise band; crates and items do not depend on the search.",
    "rep.h_supply_orgs": "Items no longer travelling per organisation (% of its items in {name})",
    "rep.crates_moved": "crates moved",
    "rep.items_moved": "items moved",
    "rep.no_longer": "no longer travel %",
    "rep.h_alloc": "Cost per library organisation (EUR/week)",
    "rep.alloc_note": "Cost allocation by volume x distance, as BiSC has charged its libraries since 2017: each "
    "branch's items sent + received a week times its road km from the hub; an organisation "
    "pays its branches' share of the week's cost.",
    "rep.h_alloc_detail": "Allocation detail: {name}",
    "rep.h_steady": "Steady routes: one van and one time for each branch",
    "rep.steady_note": "Of the branches visited on two or more days: the share served by one van all week, and the "
    "spread of the start of service at each branch (the week's latest minus its earliest, in minutes; mean and "
    "largest). The cost of steady routes is the saving against the baseline, judged against the noise band.",
    "rep.one_van": "one van %",
    "rep.spread_mean": "spread mean min",
    "rep.spread_max": "spread max min",
    "rep.h_changes": "Changes against {name}: branches that get another van, day or time",
    "rep.changes_note": "Per scenario, of the branches in both plans: those served by another van, visited on another "
    "day, or reached more than 15 minutes earlier or later on the same day, and the share that keeps all three. A "
    "saving that moves many branches costs phone calls and new stops to learn.",
    "rep.new_van": "another van",
    "rep.new_day": "another day",
    "rep.new_time": "time moved > {minutes} min",
    "rep.kept_pct": "kept %",
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
    # how the distances were made (meta.distances)
    "dist.crow_fly": "crow-fly x {detour:g} at {speed:g} km/h",
    "dist.roads": "road network {file} ({date})",
    "dist.osm_date": "OSM data of {date}",
    "dist.osm_undated": "OSM data date not recorded in the file",
    "dist.time_factor": "{label}, drive times x {factor:g}",
    "dist.matrix": "road matrix {file}",
    "dist.unknown": "crow-fly x detour factor",
    "rep.run_folder": "- {name}: `{folder}` (distances: {what})",
    "rep.mixed_distances": "The runs used different distances, so their km and costs are not like for like.",
    # charts (report, frontier) and the day maps
    "chart.cost": "Cost",
    "chart.cost_axis": "cost per week (EUR); whiskers: spread of the repeats",
    "chart.co2": "CO2",
    "chart.co2_axis": "CO2 per week (kg)",
    "chart.cost_week": "cost per week (EUR)",
    "chart.lead_axis": "items-weighted mean lead time (working days)",
    "chart.cost_service": "Cost against service",
    "chart.limit_axis": "max working days between visits (service limit)",
    "chart.cost_limit": "Cost against the service limit",
    "chart.cost_lead": "Cost against lead time",
    "chart.max": "max {n}",
    "daymap.title": "{day}: {n} routes, {km:.0f} km, EUR {cost:,.0f}",
    "daymap.distances": "distances: {what}",
    "daymap.lon": "longitude (°E)",
    "daymap.lat": "latitude (°N)",
    "daymap.route": "{van}: {n} stops, {km:.0f} km, {start}-{end}",
    "natmap.not_served": "not served ({n})",
    "natmap.hub": "{hub}: EUR {cost:,.0f} vans, {n} routes",
    "natmap.title": "Week: EUR {vans:,.0f} vans + EUR {trunk:,.0f} trunk ({crates} crates); line width = trunk crates "
    "a week",
    "daymap.not_visited": "not visited on {day} ({n})",
    "fr.title": "Cost against service level",
    "fr.note": "Each row runs the frequency model with `max_days_between_visits` set as the default of every "
    "branch (branches with fixed days or a limit of their own keep them). Distances: {distances}.",
    "fr.no_distances": "none (every level failed)",
    "fr.max_days": "max days",
    "fr.visits": "visits/week",
    "fr.status": "status",
    "fr.ok": "ok",
    "fr.cheaper": "ok; max {n} is cheaper and meets this limit too",
    # why a visit was not served (plan.json unassigned[].reason_code and reason_fields)
    "why.no_van": "no van available on {day} (fleet count is 0)",
    "why.too_big": "{deliver} crates to deliver and {pickup} to collect, but the largest van holds {capacity}; "
    "add visit days or a larger van",
    "why.too_far": "a round trip from the hub takes {minutes:.0f} min, longer than any shift",
    "why.closed": "cannot be reached while open ({open}-{close}) with the vans' shifts and the other stops of the day",
    "why.full": "the day's vans are full (capacity or shift length); add a van or spread the visits",
    "why.no_room": "the day's vans are full: the search tried {tries} times to fit it into a route (vans that day: "
    "{vans}), and none has room for its {deliver} crates to deliver and {pickup} to collect within its shift; add "
    "a van or spread the visits",
    "why.consistency": "no van can serve it at one time on every day it is visited (with the week's largest "
    "crates, {deliver} to deliver and {pickup} to collect, within the fleet, shifts and opening hours); add a van "
    "or plan without consistency",
    "why.replan_no_room": "{deliver} crates to deliver and {pickup} to collect could not be served that day after "
    "the disruption, and the van of the next visit ({day}) has no room or time for them",
    "why.replan_no_later_visit": "{deliver} crates to deliver and {pickup} to collect could not be served that day "
    "after the disruption, and the branch has no later visit this week",
    # organisation pages (compare, the baseline run): cost share and transport emissions by ISO 14083
    "org.title": "Transport cost and emissions: {org}",
    "org.run": "Plan: **{name}** (the comparison's baseline). A year is {weeks:g} weeks.",
    "org.h_cost": "Cost share",
    "org.crates_week": "crates/week",
    "org.key": "Allocation key: each branch's items sent plus received a week, times its km from the hub by the "
    "distances the run was planned with. The organisation's share of this weight ({share:.1f} %) is its share of "
    "the week's transport cost and of the week's CO2e.",
    "org.h_co2": "Transport emissions (ISO 14083)",
    "org.method": "Method: ISO 14083:2023 with the GLEC Framework v3, CO2e well-to-wheel (fuel or electricity "
    "production plus use). Per vehicle type: the km the week's plan drives x g CO2e per km, where g per km = "
    "energy per km x the well-to-wheel factor of that energy. The network's CO2e is allocated to the "
    "organisation by the same key as the cost.",
    "org.vehicle_type": "vehicle type",
    "org.routes": "routes/week",
    "org.km_network": "km/week (network)",
    "org.g_km": "g CO2e/km",
    "org.kg_network": "kg CO2e/week (network)",
    "org.kg_week": "kg CO2e/week",
    "org.kg_year": "kg CO2e/year",
    "org.total": "total",
    "org.h_intensity": "Intensity",
    "org.g_item": "g CO2e/item",
    "org.g_crate": "g CO2e/crate moved",
    "org.intensity_note": "Items: sent plus received at the organisation's branches in the week (the allocation "
    "key's items); crates moved: delivered plus collected at its branches in the plan.",
    "org.h_factors": "Emission factors and their sources",
    "org.energy_km": "energy/km",
    "org.unit": "unit",
    "org.wtw_unit": "g CO2e/unit (WTW)",
    "org.source": "source",
    "org.undocumented": "Vehicle types whose g CO2e/km the fleet data does not derive from energy per km x a "
    "well-to-wheel factor (the plan's g/km is used as it stands): {types}.",
    "org.h_boundary": "Boundary",
    "org.boundary": "Inside: the vans' routes of the week, well-to-wheel. Outside: the hub's own energy (building, "
    "sorting; no sourced figure was found), a night trunk between hubs, the making of the vans and the "
    "libraries' own trips. Figures marked ESTIMATE in the data's sources are estimates.",
    "org.h_pages": "What each organisation is told (baseline)",
    "org.pages_note": "A page per organisation: its cost share and its transport CO2e by ISO 14083, in Markdown "
    "and HTML beside this report (organisations/).",
}
