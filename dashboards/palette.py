"""The colours of the product, in one place: a country, a status or a sex is the same colour on
every page, in the report and in exports.

Country colours are the Okabe–Ito colour-blind-safe set (Okabe & Ito 2008) where they apply; the
status colours pair a hue with lightness so that 'done' and 'not started' differ on a washed-out
projector too.
"""
COUNTRY_COLOURS = {"RU": "#1c7ed6", "CN": "#e03131", "MN": "#2f9e44", "KP": "#868e96"}
CELL_COLOURS = {"RU": "#74c0fc", "CN": "#ffa8a8", "MN": "#8ce99a", "RU+CN": "#b197fc", "RU+MN": "#63e6be",
                "CN+MN": "#ffd43b", "RU+CN+MN": "#e599f7", "gap": "#fd7e14"}
STATUS_COLOURS = {"done": "#2b8a3e", "in progress": "#f08c00", "not started": "#868e96"}
SEX_COLOURS = {"female": "#c2255c", "male": "#1971c2", "unknown": "#868e96"}
# budget burn: planned value grey and dashed, actual cost orange, earned value green
BURN_COLOURS = {"planned": "#868e96", "actual": "#e8590c", "earned": "#2b8a3e", "schedule": "#ced4da"}
LINE_STATE_COLOURS = {"over_budget": "#c92a2a", "late": "#f08c00", "on_track": "#2b8a3e"}
# population: what the store computes blue, what the proposals report orange
ESTIMATE_COLOURS = {"computed": "#1864ab", "reported": "#e8590c"}
# sex and life stage: females reds, males blues, unknown greys (adult, subadult, cub each lighter)
STRUCTURE_COLOURS = ["#a61e4d", "#e64980", "#faa2c1", "#1864ab", "#4dabf7", "#a5d8ff", "#868e96", "#ced4da", "#dee2e6"]
# shared individuals: all detected animals grey, those shared the programme's green
SHARED_COLOURS = {"detected": "#adb5bd", "shared": "#2b4d3f"}
# activity patterns: the page's species vermilion, the other sky blue, their overlap grey (Okabe–Ito)
ACTIVITY_COLOURS = {"species": "#d55e00", "versus": "#0072b2", "overlap": "#7f7f7f"}
# alerts: fire orange-red, poaching and snares dark red and purple, smuggling blue (Okabe–Ito where it applies)
ALERT_COLOURS = {"forest_fire": "#e69f00", "poaching_sign": "#a61e4d", "poacher_seen": "#c92a2a", "smuggling": "#0072b2",
                 "snare_found": "#7048e8", "carcass": "#495057", "other": "#868e96"}
ALERT_STATUS_COLOURS = {"open": "#c92a2a", "acknowledged": "#f08c00", "resolved": "#2b8a3e"}
FIRE_COLOUR = "#d9480f"  # satellite fire hotspots
GAP_COLOUR = "#c92a2a"  # patrol effort gaps next to border crossings
# genetic samples: at the park grey, at the lab orange, genotyped green, failed dark red
SAMPLE_STATUS_COLOURS = {"collected": "#adb5bd", "sent": "#f08c00", "genotyped": "#2b8a3e", "failed": "#a61e4d"}
# detection maps: the page's cat in oranges, the species beside it in blues (light to dark: more
# events per 100 camera-days), as its line in the activity and abundance charts
DETECTION_COLOURS = {"species": ("#fee6ce", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"),
                     "versus": ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")}
