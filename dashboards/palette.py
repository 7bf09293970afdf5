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
