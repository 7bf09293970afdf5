"""Build the schematic protected-area polygons in data/geo/protected_areas.geojson (run once).

Official boundaries are not public in a form we may ship. Each park is drawn as a schematic
polygon at its real approximate location: parks that lie along the border are a band of the
real Natural Earth border buffered into their own country, with the depth found by bisection so
that the polygon has the area the proposals give (where they give one); inland parks are discs
at their approximate centre. Every feature carries `schematic: true` until an official
boundary replaces it (`bigcats import areas FILE.geojson`).
"""
import json
from pathlib import Path

from pyproj import Transformer
from shapely.geometry import Point, box, mapping, shape
from shapely.ops import transform, unary_union

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"


def laea(lon0, lat0):
    crs = f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform
    return fwd, inv


def load(name):
    return json.loads((GEO / name).read_text())["features"]


countries = {(f["properties"]["region"], f["properties"]["iso"]): shape(f["geometry"])
             for f in load("countries.geojson")}
borders = {(f["properties"]["region"], f["properties"]["country_a"], f["properties"]["country_b"]):
           shape(f["geometry"]) for f in load("borders.geojson")}


def border_band(region, pair, iso, frame, area_km2, center):
    """A band along the border segment inside `frame`, on the `iso` side, of `area_km2`."""
    fwd, inv = laea(*center)
    line = transform(fwd, borders[(region, *pair)].intersection(box(*frame)))
    land = transform(fwd, countries[(region, iso)])
    lo, hi = 500.0, 200_000.0
    for _ in range(60):  # bisection on the band depth in metres
        mid = (lo + hi) / 2
        poly = line.buffer(mid).intersection(land)
        if poly.area / 1e6 < area_km2:
            lo = mid
        else:
            hi = mid
    return transform(inv, line.buffer(hi).intersection(land))


def disc(region, iso, lon, lat, area_km2):
    fwd, inv = laea(lon, lat)
    r = (area_km2 * 1e6 / 3.14159265) ** 0.5
    land = transform(fwd, countries[(region, iso)])
    return transform(inv, Point(0, 0).buffer(r, 64).intersection(land))


P1 = "Proposal 1"
P2 = "Proposal 2"
P3 = "Proposal 3"
AREAS = []


def add(area_id, region, iso, status, kind, names, geom, area_reported=None, area_source=None,
        established=None, source=""):
    AREAS.append({"area_id": area_id, "region": region, "country": iso, "status": status,
                  "kind": kind, **names, "area_km2_reported": area_reported,
                  "area_source": area_source, "established": established,
                  "schematic": True, "source": source, "geometry": geom})


# --- lower Tumen (Proposal 1) ---------------------------------------------------------------
kp = disc("tumen", "RU", 131.48, 43.10, 179.0)
llnp_band = border_band("tumen", ("RU", "CN"), "RU", (130.0, 42.45, 131.9, 43.95), 2808.0,
                        (131.2, 43.1))
add("LLNP", "tumen", "RU", "existing", "national_park",
    dict(name_en="Land of the Leopard National Park", name_ru="Национальный парк «Земля леопарда»",
         name_zh="豹之乡国家公园", name_mn="«Ирвэсийн нутаг» үндэсний цэцэрлэгт хүрээлэн"),
    llnp_band, 2808.0,
    "derived: TLNP 1.46 million ha is 5.2 times LLNP (Proposal 1, Amur tiger and leopard national park in China)",
    "2012-04", f"{P1}, Land of the Leopard National Park")
add("KP", "tumen", "RU", "existing", "nature_reserve",
    dict(name_en="Kedrovaya Pad Nature Reserve", name_ru="Заповедник «Кедровая падь»",
         name_zh="凯德罗瓦亚帕季自然保护区", name_mn="«Кедровая падь» дархан цаазат газар"),
    kp, None, None, None, f"{P1}, Land of the Leopard National Park (area not given; approximate)")
add("TLNP", "tumen", "CN", "existing", "national_park",
    dict(name_en="Northeast China Tiger and Leopard National Park",
         name_ru="Национальный парк «Северо-Восточный Китайский тигр и леопард»",
         name_zh="东北虎豹国家公园", name_mn="Зүүн хойд Хятадын бар ба ирвэсийн үндэсний цэцэрлэгт хүрээлэн"),
    border_band("tumen", ("RU", "CN"), "CN", (129.5, 42.3, 131.9, 44.3), 14600.0, (130.8, 43.3)),
    14600.0, f"{P1}, Amur tiger and leopard national park in China: 1.46 million ha",
    "2016-12-05", f"{P1}, Amur tiger and leopard national park in China")

# --- Lesser Khingan (Proposal 2) ------------------------------------------------------------
add("POMP", "khingan", "RU", "planned", "national_park",
    dict(name_en="Pompeevski National Park (planned)", name_ru="Помпеевский национальный парк (планируемый)",
         name_zh="蓬佩耶夫斯基国家公园（规划中）", name_mn="Помпеевскийн үндэсний цэцэрлэгт хүрээлэн (төлөвлөсөн)"),
    border_band("khingan", ("RU", "CN"), "RU", (130.25, 47.9, 131.15, 49.2), 1500.0, (130.7, 48.5)),
    None, None, None, f"{P2}, Phase 1 objective (area to be studied by Activity 2)")
add("KHIN", "khingan", "RU", "existing", "nature_reserve",
    dict(name_en="Khingansky Nature Reserve", name_ru="Хинганский заповедник",
         name_zh="兴安斯基自然保护区", name_mn="Хянганы дархан цаазат газар"),
    disc("khingan", "RU", 130.15, 49.05, 980.0), None, None, "1963/1978",
    f"{P2}, introduction (federal reserve created 1970–1990; area not given)")
add("BAST", "khingan", "RU", "existing", "nature_reserve",
    dict(name_en="Bastak Nature Reserve", name_ru="Заповедник «Бастак»",
         name_zh="巴斯塔克自然保护区", name_mn="«Бастак» дархан цаазат газар"),
    disc("khingan", "RU", 132.95, 48.95, 914.0), None, None, None,
    f"{P2}, introduction (federal reserve; area not given)")
add("DICH", "khingan", "RU", "existing", "wildlife_refuge",
    dict(name_en="Dichun Wildlife Refuge", name_ru="Заказник «Дичун»",
         name_zh="季春野生动物保护区", name_mn="«Дичун» хамгаалалттай газар"),
    disc("khingan", "RU", 131.55, 48.75, 600.0), None, None, None, f"{P2}, Lesser Khingan range")
add("ZHUR", "khingan", "RU", "existing", "wildlife_refuge",
    dict(name_en="Zhuravliny Wildlife Refuge", name_ru="Заказник «Журавлиный»",
         name_zh="茹拉夫利内野生动物保护区", name_mn="«Журавлиный» хамгаалалттай газар"),
    disc("khingan", "RU", 131.9, 48.05, 500.0), None, None, None, f"{P2}, Lesser Khingan range")
add("TPG", "khingan", "CN", "existing", "nature_reserve",
    dict(name_en="Taipinggou National Nature Reserve", name_ru="Национальный природный резерват Тайпингоу",
         name_zh="太平沟国家级自然保护区", name_mn="Тайпингоу үндэсний байгалийн нөөц газар"),
    border_band("khingan", ("RU", "CN"), "CN", (130.1, 47.6, 130.95, 48.6), 900.0, (130.5, 48.0)),
    None, None, "2009", f"{P2}, introduction (created 2009, reference area for the tiger in 2014)")
add("XQBT", "khingan", "CN", "existing", "nature_reserve",
    dict(name_en="Xinqing Baitohe National Nature Reserve", name_ru="Национальный природный резерват Синьцин Байтохэ",
         name_zh="新青白头鹤国家级自然保护区", name_mn="Синьцин Байтохэ үндэсний байгалийн нөөц газар"),
    disc("khingan", "CN", 129.55, 48.3, 700.0), None, None, None,
    f"{P2}, introduction (inland, no contact with Dichun)")

# --- Altai–Sayan (Proposal 3) ---------------------------------------------------------------
add("SAIL", "altai_sayan", "RU", "existing", "national_park",
    dict(name_en="Sailyugemsky National Park", name_ru="Сайлюгемский национальный парк",
         name_zh="赛柳格姆国家公园", name_mn="Сайлюгемийн үндэсний цэцэрлэгт хүрээлэн"),
    border_band("altai_sayan", ("RU", "MN"), "RU", (88.6, 49.6, 89.75, 50.6), 1200.0, (89.2, 50.0)),
    None, None, None, f"{P3}, project team (Sailugemsky National Park)")
add("CHK-RU", "altai_sayan", "RU", "existing", "survey_site",
    dict(name_en="Chikhachev ridge, Russian side", name_ru="Хребет Чихачёва, российская часть",
         name_zh="奇哈乔夫山脊（俄方）", name_mn="Чихачевын нуруу, ОХУ-ын тал"),
    border_band("altai_sayan", ("RU", "MN"), "RU", (89.75, 49.6, 90.6, 50.6), 900.0, (90.0, 50.0)),
    None, None, None, f"{P3}, project sites (Kosh-Agach district, Republic of Altai)")
add("CHK-MN", "altai_sayan", "MN", "existing", "survey_site",
    dict(name_en="Chikhachev ridge, Mongolian side", name_ru="Хребет Чихачёва, монгольская часть",
         name_zh="奇哈乔夫山脊（蒙方）", name_mn="Чихачевын нуруу, Монголын тал"),
    border_band("altai_sayan", ("RU", "MN"), "MN", (89.5, 49.6, 90.6, 50.6), 1100.0, (90.0, 50.0)),
    None, None, None, f"{P3}, project sites (Bayan-Ulgii aymag)")
add("ALT", "altai_sayan", "RU", "existing", "nature_reserve",
    dict(name_en="Altaisky Nature Reserve", name_ru="Алтайский заповедник",
         name_zh="阿尔泰自然保护区", name_mn="Алтайн дархан цаазат газар"),
    disc("altai_sayan", "RU", 88.9, 51.4, 8810.0), None, None, None, f"{P3}, project team (Altaisky Nature Reserve)")
add("ESY-RU", "altai_sayan", "RU", "existing", "survey_site",
    dict(name_en="Eastern Sayan ridge, Russian side", name_ru="Восточный Саян, российская часть",
         name_zh="东萨彦岭（俄方）", name_mn="Зүүн Соёны нуруу, ОХУ-ын тал"),
    border_band("altai_sayan", ("RU", "MN"), "RU", (99.6, 51.3, 100.9, 52.2), 1000.0, (100.2, 51.7)),
    None, None, None, f"{P3}, project sites (Okinsky district, Republic of Buryatia)")
add("HOV", "altai_sayan", "MN", "existing", "national_park",
    dict(name_en="Hovsgol National Park", name_ru="Национальный парк «Хубсугул»",
         name_zh="库苏古尔国家公园", name_mn="Хөвсгөлийн үндэсний цэцэрлэгт хүрээлэн"),
    border_band("altai_sayan", ("RU", "MN"), "MN", (99.6, 51.3, 100.9, 52.2), 1300.0, (100.2, 51.7)),
    None, None, None, f"{P3}, project team (Hovsgol National Park)")

feats = [{"type": "Feature", "properties": {k: v for k, v in a.items() if k != "geometry"},
          "geometry": mapping(a["geometry"].simplify(0.002, preserve_topology=True))} for a in AREAS]
(GEO / "protected_areas.geojson").write_text(json.dumps(
    {"type": "FeatureCollection",
     "metadata": {"note": "schematic polygons; see data/geo/README.md"}, "features": feats},
    ensure_ascii=False, indent=None, separators=(",", ":")))
for a in AREAS:
    fwd, _ = laea(*a["geometry"].centroid.coords[0])
    print(a["area_id"], round(transform(fwd, a["geometry"]).area / 1e6), a["area_km2_reported"])
