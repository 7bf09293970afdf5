"""The demo monitoring data: a seeded spatial capture–recapture simulation.

Real camera-trap data of the parks is not public, so every page of the demo runs on data
produced here, flagged `synthetic = true` in every row and traced to its run in
`simulation_runs`. The simulation is true to the methods the product estimates with:

* **Population.** Each cat has an activity centre inside the habitat of its region (the
  protected areas of the region, buffered and clipped to land). Leopards and tigers in the
  lower Tumen are denser near the border on the Chinese side (TLNP's core is along the border);
  centres are drawn by rejection sampling on that intensity. Each year: annual survival by age
  class, litters for adult females (density-dependent, logistic in the region's carrying
  capacity), cubs at their mother's centre, natal dispersal at age two, small drift of adult
  centres, and for tigers a trickle of immigrants. Reintroduced tigers are released in the
  Jewish Autonomous Oblast in 2013 and 2014 (Proposal 2); snow leopards are a single
  six-month camera season in 2020 (Proposal 3).
* **Cameras.** One unified grid across the border (the grid Proposal 1, Step 2 asks for): a
  camera at the centre of each cell that falls in a monitored area, with a small placement
  jitter. Each park owns the cameras in its area and keeps its own catalogue.
* **Detection.** Half-normal: the expected number of photographs of animal i at camera j in a
  season is λ0 · T_j · exp(-d_ij² / 2σ²) (Borchers & Efford 2008, eq. 1 with a Poisson count
  of detections; Efford 2004), drawn as Poisson. Times of day follow each species' own activity pattern (CatModel.activity).
* **Catalogues and links.** Each park gives each animal its own ID at its first photograph.
  Animals photographed by two parks are linked (evidence: pelage pattern), except a few found
  in the last two years, left for a person to confirm. Sex as read off each photograph is
  sometimes unknown or wrong, as in real catalogues.
* **Programme data.** Expenditures and progress reports against the real activities, up to a
  fixed status date per proposal; publications exchanged between the parks; a winter track
  census on Pompeevski and Taipinggou routes.
* **Sign surveys.** Snow-leopard routes in the Altai parks 2021-2025 with the scrapes, scats and
  tracks the cats alive after the camera season leave, and the register of the scats and hair
  collected for DNA, genotyped and assigned to the catalogue entries (`_sign_surveys`).

Everything is drawn from one numpy Generator seeded by `seed`, in a fixed order, so the same
seed gives the same rows byte for byte.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import shapely
from shapely import wkb

from bigcats import geo
from bigcats.store import Store

SOURCE = "demo simulation (bigcats.simulate)"
DEFAULT_SEED = 4  # of seeds 1-12, 4 of them give all four 2013-2015 figures within 20%; this is one


@dataclass(frozen=True)
class CatModel:
    """Demographic and detection parameters of one species."""
    species_id: str
    sigma_km: float            # half-normal spatial scale of detection
    lambda0: float             # expected photographs per camera-day at the activity centre
    survival_adult: float
    survival_young: float
    litter_prob: float         # per adult female and year, at low density
    first_litter_age: int
    dispersal_km: float        # mean natal dispersal distance
    id_prefix_ru: str
    id_prefix_cn: str
    id_prefix_mn: str
    # time of day of the photographs: a mixture of normal peaks (local clock hour, sd in hours,
    # weight), so that each species has its own activity pattern
    activity: tuple[tuple[float, float, float], ...] = ((22.0, 3.5, 1.0),)

    def hours(self, z: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Clock hours from standard normal draws `z` and uniform draws `u` (choosing the peak)."""
        weights = np.cumsum([w for *_, w in self.activity])
        peak = np.minimum(np.searchsorted(weights / weights[-1], u), len(self.activity) - 1)
        centre = np.array([c for c, _, _ in self.activity])[peak]
        spread = np.array([sd for _, sd, _ in self.activity])[peak]
        return (centre + spread * z) % 24.0


# Activity: the leopard crepuscular (dawn and dusk peaks), the tiger mostly nocturnal with a dawn
# peak, the snow leopard crepuscular with a longer day; illustrative shapes after camera-trap
# studies of each species, not fitted to any data.
LEOPARD = CatModel("leopard", 2.0, 0.08, 0.90, 0.75, 0.60, 3, 12.0, "Leo", "L", "L",
                   ((5.5, 1.5, 0.45), (19.5, 2.0, 0.55)))
TIGER = CatModel("tiger", 5.0, 0.04, 0.90, 0.75, 0.45, 4, 30.0, "Pt", "T", "T",
                 ((22.0, 3.0, 0.6), (6.5, 2.0, 0.4)))
SNOW_LEOPARD = CatModel("snow_leopard", 3.6, 0.05, 0.90, 0.70, 0.40, 3, 20.0, "Irbis", "SL", "SL",
                        ((7.0, 1.5, 0.5), (18.5, 1.5, 0.5), (13.0, 3.0, 0.15)))


@dataclass(frozen=True)
class SurveyDesign:
    """Where and when the cameras of a region stand, and the populations they watch."""
    region: str
    camera_areas: tuple[str, ...]
    spacing_km: float
    years: tuple[int, ...]
    season_start: tuple[int, int]      # month, day
    season_days: int
    populations: tuple[tuple, ...]     # (model, initial N, carrying capacity, immigrants per year,
    #                                     km scale of the pull of centres towards the border on the CN side)
    china_band_km: float | None = None  # cameras on the Chinese side only within this distance of the border
    owner_of: tuple[tuple[str, str], ...] = ()   # camera area -> catalogue owner
    releases: tuple[tuple[int, int, int], ...] = ()  # (year, females, males) reintroduced


TUMEN = SurveyDesign(
    region="tumen", camera_areas=("LLNP", "KP", "TLNP"), spacing_km=4.0,
    years=tuple(range(2013, 2026)), season_start=(1, 10), season_days=120,
    populations=((LEOPARD, 92, 260, 0.0, 40.0), (TIGER, 34, 90, 1.0, 20.0)),
    china_band_km=30.0, owner_of=(("KP", "LLNP"),))
KHINGAN = SurveyDesign(
    region="khingan", camera_areas=("POMP", "DICH", "ZHUR", "BAST", "KHIN", "TPG", "XQBT"),
    spacing_km=5.0, years=tuple(range(2013, 2026)), season_start=(1, 15), season_days=100,
    populations=((TIGER, 0, 40, 3.0, None),), releases=((2013, 2, 1), (2014, 2, 1)))
ALTAI = SurveyDesign(
    region="altai_sayan", camera_areas=("SAIL", "CHK-RU", "CHK-MN", "ESY-RU", "HOV"),
    spacing_km=3.0, years=(2020,), season_start=(3, 1), season_days=183,
    populations=((SNOW_LEOPARD, 24, 24, 0.0, None),))
DESIGNS = (TUMEN, KHINGAN, ALTAI)

# Programme status dates: expenditures and progress exist up to these days.
STATUS_DATES = {1: date(2022, 6, 30), 2: date(2021, 9, 30), 3: date(2020, 12, 31)}


# -- geometry of a region ---------------------------------------------------------------------
@dataclass
class RegionGeometry:
    region: str
    areas: dict[str, object]          # area_id -> metric polygon
    countries: dict[str, object]      # iso -> metric polygon
    border: object                    # metric line of the main border of the region
    area_country: dict[str, str] = field(default_factory=dict)
    habitat: object = field(default=None)

    @classmethod
    def load(cls, store: Store, design: SurveyDesign) -> "RegionGeometry":
        r = design.region
        m = lambda b: geo.to_metric(r, wkb.loads(bytes(b)))  # noqa: E731
        rows = store.query("region_area_shapes", region=r).rows()
        areas = {row[0]: m(row[1]) for row in rows}
        area_country = {row[0]: row[2] for row in rows}
        countries = {row[0]: m(row[1]) for row in store.query("region_country_shapes", region=r).rows()}
        pair = ("RU", "MN") if r == "altai_sayan" else ("RU", "CN")
        border = m(store.query("region_border_shape", region=r, country_a=pair[0], country_b=pair[1])["wkb"][0])
        land = shapely.union_all([countries[c] for c in pair])
        watched = shapely.union_all([areas[a] for a in design.camera_areas])
        habitat = watched.buffer(8_000).intersection(land)
        return cls(r, areas, countries, border, area_country, habitat)


def _sample_centres(rng, geom: RegionGeometry, n: int, pull_km: float | None) -> np.ndarray:
    """n activity centres (metres) in the habitat, by rejection on the design's intensity."""
    if n == 0:
        return np.zeros((0, 2))
    minx, miny, maxx, maxy = geom.habitat.bounds
    out = []
    cn = geom.countries.get("CN")
    while sum(len(o) for o in out) < n:
        xy = np.column_stack([rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)])
        keep = shapely.contains_xy(geom.habitat, xy[:, 0], xy[:, 1])
        if pull_km and cn is not None:
            in_cn = shapely.contains_xy(cn, xy[:, 0], xy[:, 1])
            d = shapely.distance(geom.border, shapely.points(xy)) / 1000.0
            keep &= ~in_cn | (rng.uniform(size=len(xy)) < np.exp(-d / pull_km))
        out.append(xy[keep])
    return np.concatenate(out)[:n]


def _cameras(rng, geom: RegionGeometry, design: SurveyDesign) -> pl.DataFrame:
    """The unified grid: one camera per cell whose centre falls in a monitored area."""
    s = design.spacing_km * 1000.0
    watched = shapely.union_all([geom.areas[a] for a in design.camera_areas])
    minx, miny, maxx, maxy = watched.bounds
    ix = np.arange(np.floor(minx / s), np.ceil(maxx / s))
    iy = np.arange(np.floor(miny / s), np.ceil(maxy / s))
    gx, gy = np.meshgrid(ix, iy)
    gx, gy = gx.ravel(), gy.ravel()
    cx, cy = (gx + 0.5) * s, (gy + 0.5) * s
    jitter = rng.uniform(-0.15 * s, 0.15 * s, size=(len(cx), 2))
    x, y = cx + jitter[:, 0], cy + jitter[:, 1]
    owner = np.full(len(cx), "", dtype=object)
    for a in design.camera_areas:  # first listed area wins where schematic polygons overlap
        # a camera stands in its owner's country (schematic polygons may overlap the border)
        inside = (shapely.contains_xy(geom.areas[a], x, y) & (owner == "")
                  & shapely.contains_xy(geom.countries[geom.area_country[a]], x, y))
        owner[inside] = dict(design.owner_of).get(a, a)
    keep = owner != ""
    if design.china_band_km and "CN" in geom.countries:
        in_cn = shapely.contains_xy(geom.countries["CN"], x, y)
        d = shapely.distance(geom.border, shapely.points(x, y)) / 1000.0
        keep &= ~in_cn | (d <= design.china_band_km)
    lon, lat = geo.to_lonlat(geom.region, x[keep], y[keep])
    cells = [f"{design.region}:{int(a)}:{int(b)}" for a, b in zip(gx[keep], gy[keep])]
    return pl.DataFrame({"owner": owner[keep].astype(str), "x": x[keep], "y": y[keep],
                         "longitude": np.round(lon, 6), "latitude": np.round(lat, 6), "grid_cell": cells})


# -- population dynamics ------------------------------------------------------------------------
@dataclass
class Population:
    model: CatModel
    animal: list = field(default_factory=list)     # global animal numbers
    sex: list = field(default_factory=list)        # 'female' / 'male'
    born: list = field(default_factory=list)
    x: list = field(default_factory=list)
    y: list = field(default_factory=list)
    alive: list = field(default_factory=list)
    mother: list = field(default_factory=list)
    pull_km: float | None = None

    def add(self, number, sex, born, x, y, mother=-1):
        self.animal.append(number); self.sex.append(sex); self.born.append(born)
        self.x.append(x); self.y.append(y); self.alive.append(True); self.mother.append(mother)


class Simulation:
    def __init__(self, store: Store, seed: int = DEFAULT_SEED):
        self.store = store
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        # which activity peak a photograph falls in: a stream of its own, so that the rest of the
        # simulation (animals, cameras, days) is the same draw for draw whatever the patterns
        self.peak_rng = np.random.default_rng([seed, 24])
        self.next_animal = 0
        self.final = {}  # region -> (its populations after the last season, its geometry): the sign surveys'

    def _new_animal(self) -> int:
        self.next_animal += 1
        return self.next_animal

    # One region: returns deployments and raw detections (animal, camera-season, time).
    def run_region(self, design: SurveyDesign):
        rng = self.rng
        geom = RegionGeometry.load(self.store, design)
        cams = _cameras(rng, geom, design)
        pops = []
        for model, n0, _, _, pull in design.populations:
            pop = Population(model)
            pop.pull_km = pull
            xy = _sample_centres(rng, geom, n0, pull)
            first = design.years[0]
            for k in range(n0):
                age = int(rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], p=[.14, .12, .1, .1, .1, .1, .1, .08, .08, .08]))
                pop.add(self._new_animal(), "female" if rng.uniform() < 0.5 else "male",
                        first - age, xy[k, 0], xy[k, 1])
            pops.append(pop)
        deployments, detections, lifeinfo = [], [], []
        for year in design.years:
            for pi, (model, _, K, immigrants, pull) in enumerate(design.populations):
                pop = pops[pi]
                for ry, nf, nm in design.releases:
                    if ry == year:
                        release = _sample_centres(rng, geom, nf + nm, pull)
                        # releases in the Jewish Autonomous Oblast: the Russian areas
                        for k in range(nf + nm):
                            rx = release[k]
                            while not shapely.contains_xy(geom.countries["RU"], rx[0], rx[1]):
                                rx = _sample_centres(rng, geom, 1, pull)[0]
                            pop.add(self._new_animal(), "female" if k < nf else "male", year - 3, rx[0], rx[1])
                n_imm = rng.poisson(immigrants) if immigrants else 0
                if n_imm:
                    xy = _sample_centres(rng, geom, n_imm, pull)
                    for k in range(n_imm):
                        pop.add(self._new_animal(), "male" if rng.uniform() < 0.7 else "female",
                                year - 3, xy[k, 0], xy[k, 1])
            # cameras of this year's season
            m, d = design.season_start
            start = datetime(year, m, d)
            offset = rng.integers(0, 10, len(cams))
            days = design.season_days - offset - np.where(rng.uniform(size=len(cams)) < 0.1,
                                                          rng.integers(10, 60, len(cams)), 0)
            dep_ids = [f"{design.region[:3].upper()}-{year}-{i:04d}" for i in range(len(cams))]
            starts = [start + timedelta(days=int(o)) for o in offset]
            deployments.append(pl.DataFrame({
                "deployment_id": dep_ids, "owner_area_id": cams["owner"],
                "location_id": [f"{design.region[:3].upper()}-{c}" for c in range(len(cams))],
                "latitude": cams["latitude"], "longitude": cams["longitude"],
                "start_at": starts, "end_at": [s + timedelta(days=int(k)) for s, k in zip(starts, days)],
                "grid_cell": cams["grid_cell"]}))
            cx, cy = cams["x"].to_numpy(), cams["y"].to_numpy()
            owners = cams["owner"].to_list()
            for pop in pops:
                model = pop.model
                idx = [i for i, a in enumerate(pop.alive) if a]
                if not idx:
                    continue
                ax = np.array([pop.x[i] for i in idx]); ay = np.array([pop.y[i] for i in idx])
                d2 = ((ax[:, None] - cx[None, :]) ** 2 + (ay[:, None] - cy[None, :]) ** 2) / 1e6
                mu = model.lambda0 * days[None, :] * np.exp(-d2 / (2 * model.sigma_km ** 2))
                n = rng.poisson(mu)
                ii, jj = np.nonzero(n)
                for i, j in zip(ii, jj):
                    k = int(n[i, j])
                    day = rng.uniform(0, days[j], k)
                    z = rng.standard_normal(k)  # the same draws the main stream always gave here
                    hour = model.hours(z, self.peak_rng.uniform(size=k))
                    a = idx[i]
                    age = year - pop.born[a]
                    stage = "juvenile" if age < 1 else ("subadult" if age < 2 else "adult")
                    for dd, hh in zip(day, hour):
                        # cameras stamp whole seconds
                        t = (starts[j] + timedelta(days=int(dd), hours=float(hh))).replace(microsecond=0)
                        detections.append((model.species_id, pop.animal[a], pop.sex[a], stage,
                                           dep_ids[j], owners[j], t))
                lifeinfo.append((year, model.species_id, len(idx)))
                self._advance(pop, geom, design, year)
        self.final[design.region] = (pops, geom)
        return pl.concat(deployments), detections, lifeinfo

    def _advance(self, pop: Population, geom: RegionGeometry, design: SurveyDesign, year: int):
        """Survival, litters, dispersal and drift from this season to the next."""
        rng, model = self.rng, pop.model
        K = next(p[2] for p in design.populations if p[0] is model)
        alive = [i for i, a in enumerate(pop.alive) if a]
        density = len(alive) / K
        for i in alive:
            age = year - pop.born[i]
            s = model.survival_adult if age >= 2 else model.survival_young
            if rng.uniform() > s:
                pop.alive[i] = False
        for i in alive:
            if not pop.alive[i]:
                continue
            age = year - pop.born[i]
            if (pop.sex[i] == "female" and age >= model.first_litter_age
                    and rng.uniform() < model.litter_prob * max(0.0, 1.0 - density)):
                for _ in range(1 + min(2, rng.poisson(0.8))):
                    pop.add(self._new_animal(), "female" if rng.uniform() < 0.5 else "male", year + 1,
                            pop.x[i] + rng.normal(0, 300), pop.y[i] + rng.normal(0, 300), pop.animal[i])
            if age == 1:  # natal dispersal before the next season, at two years old
                for _ in range(50):
                    dist = rng.gamma(2.0, model.dispersal_km / 2.0) * 1000.0
                    ang = rng.uniform(0, 2 * np.pi)
                    nx, ny = pop.x[i] + dist * np.cos(ang), pop.y[i] + dist * np.sin(ang)
                    if shapely.contains_xy(geom.habitat, nx, ny):
                        pop.x[i], pop.y[i] = nx, ny
                        break
            elif age >= 2:
                nx, ny = pop.x[i] + rng.normal(0, 800), pop.y[i] + rng.normal(0, 800)
                if shapely.contains_xy(geom.habitat, nx, ny):
                    pop.x[i], pop.y[i] = nx, ny

    # -- catalogues -------------------------------------------------------------------------
    def catalogues(self, detections, owners_country: dict[str, str]):
        """Per-park IDs at first photograph, observations, and links between catalogues."""
        rng = self.rng
        det = sorted(detections, key=lambda r: (r[6], r[4], r[1]))
        entry: dict[tuple[int, str], str] = {}
        counters: dict[tuple[str, str], int] = {}
        individuals, observations, first_seen = [], [], {}
        prefixes = {"leopard": LEOPARD, "tiger": TIGER, "snow_leopard": SNOW_LEOPARD}
        for n, (sp, animal, sex, stage, dep, owner, t) in enumerate(det):
            key = (animal, owner)
            if key not in entry:
                counters[(owner, sp)] = counters.get((owner, sp), 0) + 1
                k = counters[(owner, sp)]
                model = prefixes[sp]
                country = owners_country[owner]
                if country == "RU":
                    cid = f"{model.id_prefix_ru} {k}{'F' if sex == 'female' else 'M'}"
                elif country == "CN":
                    cid = f"{model.id_prefix_cn}-{k:02d}"
                else:
                    cid = f"{model.id_prefix_mn}-MN-{k:02d}"
                entry[key] = cid
                first_seen[key] = t
                individuals.append((owner, cid, sp, sex, animal))
            u = rng.uniform()
            seen_sex = sex if u > 0.10 else ("unknown" if u > 0.02 else ("male" if sex == "female" else "female"))
            observations.append((f"OBS-{n:06d}", dep, t, sp, owner, entry[key], seen_sex, stage))
        by_animal: dict[int, list] = {}
        for (animal, owner), cid in entry.items():
            by_animal.setdefault(animal, []).append((first_seen[(animal, owner)], owner, cid))
        links = []
        for animal, entries in sorted(by_animal.items()):
            entries.sort()
            for t, owner, cid in entries[1:]:
                if t.year >= 2024 and rng.uniform() < 0.35:
                    continue  # left for a person to confirm (candidate-match queue)
                links.append((entries[0][1], entries[0][2], owner, cid,
                              "pelage pattern match on camera-trap photographs",
                              "demo matcher", (t + timedelta(days=30)).date()))
        return individuals, observations, links


def _frame(rows, cols):
    return pl.DataFrame(rows, schema=cols, orient="row")


def scaled(design: SurveyDesign, scale: int) -> SurveyDesign:
    """The design with `scale` times its cameras: the same areas watched on a grid √scale times
    finer (scale 1 is the design itself, float for float)."""
    return design if scale == 1 else replace(design, spacing_km=design.spacing_km / np.sqrt(scale))


def simulate(store: Store, seed: int = DEFAULT_SEED, scale: int = 1) -> dict:
    """Write the demo monitoring and programme data into a store holding the seed facts.

    scale: 1 is the demo as shipped: the cats' photographs, and the prey's independent events at
    the Far East cameras of the last PREY_SURVEY_YEARS survey years, one photograph each (what the
    relative-abundance and activity sections compare a cat with; every year and every photograph
    of a burst would be about a million rows). Above 1, a store for benchmarks: `scale` times the
    cameras (`scaled`), the same populations, and beside the cats every photograph of prey a real
    camera of the Far East takes (`background_photographs`), so that the cats are a small minority
    of the rows, as in a park's export."""
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale}")
    sim = Simulation(store, seed)
    owners_country = dict(store.query("area_countries").rows())
    all_deps, all_det = [], []
    for design in DESIGNS:
        deps, det, _ = sim.run_region(scaled(design, scale))
        all_deps.append(deps.with_columns(pl.lit(design.region).alias("region")))
        all_det += det
    individuals, observations, links = sim.catalogues(all_det, owners_country)
    # The catalogue's sex is the majority of what its photographs show.
    obs = _frame(observations, ["observation_id", "deployment_id", "observed_at", "species_id",
                                "catalogue_area_id", "individual_id", "sex", "life_stage"])
    majority = (obs.filter(pl.col("sex") != "unknown")
                .group_by("catalogue_area_id", "individual_id", "sex").len()
                .sort("len", "sex", descending=[True, False])
                .group_by("catalogue_area_id", "individual_id", maintain_order=True).first()
                .select("catalogue_area_id", "individual_id", pl.col("sex").alias("catalogue_sex")))
    ind = (_frame(individuals, ["catalogue_area_id", "individual_id", "species_id", "true_sex", "animal"])
           .join(majority, on=["catalogue_area_id", "individual_id"], how="left")
           .with_columns(pl.col("catalogue_sex").fill_null("unknown").alias("sex"),
                         pl.format("sim-{}", pl.col("animal")).alias("alias"))  # the simulated animal's number, an id in every language
           .select("catalogue_area_id", "individual_id", "species_id", "sex", "alias"))
    obs = obs.with_columns(pl.lit(1).alias("count"))
    deployments = pl.concat(all_deps)
    if scale > 1:
        obs = pl.concat([obs, background_photographs(deployments, seed)])
    else:
        last = deployments["start_at"].dt.year().max()
        recent = deployments.filter(pl.col("start_at").dt.year() > last - PREY_SURVEY_YEARS)
        obs = pl.concat([obs, background_photographs(recent, seed, burst_extra=0.0)])
    deployments = deployments.drop("region")
    lnk = _frame(links, ["area_a", "individual_a", "area_b", "individual_b", "evidence", "matched_by", "matched_on"])
    programme = _programme(sim.rng, store)
    params = {"seed": seed, "scale": scale, "designs": [{**asdict(d), "populations": [
        {"model": asdict(p[0]), "n0": p[1], "K": p[2], "immigrants": p[3], "border_pull_km": p[4]}
        for p in d.populations]}
        for d in (scaled(d, scale) for d in DESIGNS)], "status_dates": {k: v.isoformat() for k, v in STATUS_DATES.items()}}
    params["background"] = {sp: {"events_per_camera_day": r, "hours": h} for sp, r, h in BACKGROUND}
    if scale == 1:
        params["background_years"] = PREY_SURVEY_YEARS
        params["background_photographs_per_event"] = 1
    with store.transaction() as cur:
        store.run(cur, "add_simulation_run", run_id=f"demo-{seed}" if scale == 1 else f"demo-{seed}-scale-{scale}", seed=seed,
                  parameters=json.dumps(params, default=str), source=SOURCE)
        for table, df in [("deployments", deployments), ("individuals", ind),
                          ("observations", obs), ("individual_links", lnk), *programme]:
            df = df.with_columns(pl.lit(f"{SOURCE}, seed {seed}").alias("source"),
                                 pl.lit(True).alias("synthetic"))
            store.insert_frame(cur, table, df)
        _route_lines(store, cur)
        # the snow leopards' sign surveys and scat register: a generator of their own as well
        entries = {(owner, animal): cid for owner, cid, _, _, animal in individuals}
        for table, frame in _sign_surveys(np.random.default_rng([seed, 43]), *sim.final[ALTAI.region],
                                          entries, owners_country).items():
            store.insert_frame(cur, table, frame.with_columns(pl.lit(f"{SOURCE}, seed {seed}").alias("source"),
                                                              pl.lit(True).alias("synthetic")))
        _feasibility(store, cur, np.random.default_rng(seed + 1000), f"{SOURCE}, seed {seed}")
        # a generator of its own: the alerts came later and leave every earlier row as it was
        alerts = _alerts(np.random.default_rng([seed, 31]), store).with_columns(
            pl.lit(f"{SOURCE}, seed {seed}").alias("source"), pl.lit(True).alias("synthetic"))
        if alerts.height:
            store.insert_frame(cur, "alerts", alerts)
            fires = _hotspots(np.random.default_rng([seed, 37]), alerts).with_columns(
                pl.lit(f"{SOURCE}, seed {seed}").alias("source"), pl.lit(True).alias("synthetic"))
            store.insert_frame(cur, "fire_hotspots", fires)
        # patrols: their own generator too
        for table, rows in _patrols(np.random.default_rng([seed, 41]), store).items():
            if rows:
                frame = pl.DataFrame(rows, infer_schema_length=None)
                if table == "patrols":
                    frame = frame.with_columns(pl.lit(f"{SOURCE}, seed {seed}").alias("source"),
                                               pl.lit(True).alias("synthetic"))
                store.insert_frame(cur, table, frame)
    return {"deployments": sum(len(d) for d in all_deps), "observations": len(obs),
            "individuals": len(ind), "links": len(lnk)}


# -- the other photographs of a camera (benchmark stores) ------------------------------------------
# Independent events (a passage in front of the camera) per camera-day of the Far East's ungulates,
# and the clock hours they peak at: of the order camera-trap surveys in Land of the Leopard and
# the Chinese NE Tiger and Leopard park report (tens of events per 100 camera-days in all);
# illustrative, not fitted to any survey.
BACKGROUND = (("roe_deer", 0.25, (6.0, 19.0)), ("sika_deer", 0.25, (5.5, 18.5)),
              ("wild_boar", 0.10, (20.0, 3.0)), ("red_deer", 0.06, (6.0, 20.0)))
BACKGROUND_REGIONS = ("tumen", "khingan")  # the store knows no prey of the Altai's snow leopards
BURST_EXTRA = 1.5  # photographs after the first of each event: a camera takes a burst
PREY_SURVEY_YEARS = 2  # the demo's prey: the last two survey years (about 130,000 events)


def background_photographs(deployments: pl.DataFrame, seed: int, burst_extra: float = BURST_EXTRA) -> pl.DataFrame:
    """Photographs of prey at every camera of the Far East regions, as observations (one row
    per photograph, like the cats'), drawn vectorised from their own seeded stream so that the
    cats' simulation is unchanged. Events per camera are Poisson with a rate that varies between
    cameras (gamma, shape 2: trails and salt licks see more), each event a burst of 1 + Poisson
    (`burst_extra`) photographs 3 s apart, at a time of day around one of the species' two peaks."""
    rng = np.random.default_rng([seed, 17])
    deps = deployments.filter(pl.col("region").is_in(BACKGROUND_REGIONS))
    days = (deps["end_at"] - deps["start_at"]).dt.total_seconds().to_numpy() / 86400.0
    start = deps["start_at"].dt.epoch("s").to_numpy()
    frames = []
    for species, rate, peaks in BACKGROUND:
        heterogeneity = rng.gamma(2.0, 0.5, len(deps))
        events = rng.poisson(rate * days * heterogeneity)
        camera = np.repeat(np.arange(len(deps)), events)
        n = len(camera)
        day = np.floor(rng.uniform(0, 1, n) * days[camera])
        hour = (np.where(rng.uniform(size=n) < 0.5, peaks[0], peaks[1]) + rng.normal(0, 2.0, n)) % 24.0
        # within the deployment: an event near its last midnight may not run past its end
        at = np.minimum(start[camera] + (day * 86400 + hour * 3600).astype(np.int64),
                        start[camera] + (days[camera] * 86400).astype(np.int64) - 60)
        burst = 1 + rng.poisson(burst_extra, n)
        photo_camera = np.repeat(camera, burst)
        first = np.repeat(np.cumsum(burst) - burst, burst)
        photo_at = np.repeat(at, burst) + 3 * (np.arange(len(photo_camera)) - first)
        frames.append(pl.DataFrame({
            "deployment_id": deps["deployment_id"].gather(photo_camera),
            "observed_at": pl.Series(photo_at * 1_000_000).cast(pl.Datetime("us")),
            "species_id": pl.repeat(species, len(photo_camera), eager=True)}))
    out = pl.concat(frames)
    return (out.with_columns(pl.format("BG-{}", pl.int_range(pl.len()).cast(pl.Utf8).str.zfill(9)).alias("observation_id"),
                             pl.lit(None, pl.Utf8).alias("catalogue_area_id"), pl.lit(None, pl.Utf8).alias("individual_id"),
                             pl.lit("unknown").alias("sex"), pl.lit("unknown").alias("life_stage"), pl.lit(1).alias("count"))
            .select("observation_id", "deployment_id", "observed_at", "species_id", "catalogue_area_id",
                    "individual_id", "sex", "life_stage", "count"))


# -- snow-leopard sign surveys (Proposal 3) -------------------------------------------------------
# After the 2020 camera season, each Altai park walks SIGN_ROUTES_PER_YEAR routes a year along
# ridges and valley floors (a wandering line of 3-9 km inside the park) and records the signs of
# snow leopards: their number on a route is Poisson with a mean of SIGNS_PER_KM at the centre of
# one home range, falling off with each cat's half-normal use of space (sigma of the camera model),
# summed over the cats alive after the camera season. Fresh scats and hair are collected for DNA;
# the lab genotypes most of those of past years and assigns each to the cat that left it, by the
# park's catalogue ID when the cameras photographed it. Illustrative rates (of the order of the
# SLIMS surveys' 1-3 signs per km in good habitat), not fitted to any survey.
SIGN_YEARS = tuple(range(2021, 2026))
SIGN_ROUTES_PER_YEAR = 6
SIGNS_PER_KM = 4.0
SIGN_TYPES = (("scrape", 0.42), ("scat", 0.2), ("track", 0.22), ("urine", 0.05), ("kill", 0.03), ("sighting", 0.02),
              ("hair", 0.03), ("rub", 0.03))
SAMPLE_FATE = {2021: (0.7, 0.0, 0.3), 2022: (0.7, 0.0, 0.3), 2023: (0.65, 0.05, 0.3), 2024: (0.4, 0.45, 0.15),
               2025: (0.0, 0.5, 0.0)}  # (genotyped, sent, failed); the rest still at the park (collected)


def _route_line(rng, park, length_m: float) -> np.ndarray | None:
    """A wandering line of `length_m` inside `park` (metric), as ten legs; None when the draws
    leave the park."""
    x0, y0, x1, y1 = park.bounds
    for _ in range(200):
        p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        if shapely.contains_xy(park, *p):
            break
    else:
        return None
    heading, points = rng.uniform(0, 2 * np.pi), [p]
    for _ in range(10):
        for _ in range(20):
            turn = heading + rng.normal(0, 0.5)
            nxt = points[-1] + length_m / 10 * np.array([np.cos(turn), np.sin(turn)])
            if shapely.contains_xy(park, *nxt):
                heading = turn
                points.append(nxt)
                break
        else:
            return None
    return np.array(points)


def _sign_surveys(rng, pops: list, geom: RegionGeometry, entries: dict, owners_country: dict) -> dict:
    """The sign routes, signs and genetic samples of the Altai parks (see SIGN_YEARS)."""
    pop = pops[0]
    sigma = pop.model.sigma_km * 1000.0
    alive = [i for i, a in enumerate(pop.alive) if a]
    ax, ay = np.array([pop.x[i] for i in alive]), np.array([pop.y[i] for i in alive])
    kinds, weights = zip(*SIGN_TYPES)
    routes, signs, samples = [], [], []
    for year in SIGN_YEARS:
        for park in ALTAI.camera_areas:
            for k in range(SIGN_ROUTES_PER_YEAR):
                length_km = round(float(rng.uniform(3.0, 9.0)), 1)
                line = _route_line(rng, geom.areas[park], length_km * 1000.0)
                if line is None:
                    continue
                # each cat's use along the line (a point every ~100 m), then the signs on it
                t = np.linspace(0, 1, 90)
                seg = np.minimum((t * 10).astype(int), 9)
                frac = t * 10 - seg
                px = line[seg, 0] + frac * (line[seg + 1, 0] - line[seg, 0])
                py = line[seg, 1] + frac * (line[seg + 1, 1] - line[seg, 1])
                use = np.exp(-((px[:, None] - ax[None, :]) ** 2 + (py[:, None] - ay[None, :]) ** 2) / (2 * sigma ** 2))
                n = rng.poisson(SIGNS_PER_KM * length_km * use.sum(axis=1).mean()) if len(alive) else 0
                day = date(year, int(rng.integers(3, 11)), int(rng.integers(1, 29)))
                route_id = f"DEMO-{park}-{year}-{k + 1}"
                routes.append({"route_id": route_id, "area_id": park, "surveyed_on": day, "length_km": length_km,
                               "observer": f"ranger-{park.lower()}-{int(rng.integers(1, 4))}"})
                for s in range(n):
                    at = int(rng.integers(0, len(t)))
                    cat = alive[int(rng.choice(len(alive), p=use[at] / use[at].sum()))]
                    lon, lat = geo.to_lonlat(geom.region, np.array([px[at]]), np.array([py[at]]))
                    kind = str(rng.choice(kinds, p=np.array(weights) / sum(weights)))
                    age = str(rng.choice(["fresh", "old", "unknown"], p=[0.4, 0.5, 0.1]))
                    sample = None
                    if kind in ("scat", "hair") and age != "unknown" and rng.uniform() < 0.8:
                        sample = f"DEMO-GS-{park}-{year}-{len(samples) + 1:04d}"
                        genotyped, sent, failed = SAMPLE_FATE[year]
                        u = rng.uniform()
                        status = ("genotyped" if u < genotyped else "sent" if u < genotyped + sent
                                  else "failed" if u < genotyped + sent + failed else "collected")
                        animal = pop.animal[cat]
                        entry = entries.get((park, animal))
                        owner = park if entry else next((o for (o, a) in entries if a == animal), None)
                        entry = entries.get((owner, animal)) if owner else None
                        genotyped = status == "genotyped"
                        samples.append({
                            "sample_id": sample, "kind": kind, "area_id": park, "collected_on": day,
                            "latitude": round(float(lat[0]), 5), "longitude": round(float(lon[0]), 5),
                            "collector": routes[-1]["observer"],
                            "lab": None if status == "collected" else
                            f"demo laboratory ({owners_country.get(park, 'RU')})",
                            "status": status, "genotype": f"DEMO-SL-G{animal:04d}" if genotyped else None,
                            "species_id": "snow_leopard", "catalogue_area_id": owner if genotyped and entry else None,
                            "individual_id": entry if genotyped else None})
                    signs.append({"sign_id": f"{route_id}-S{s + 1:02d}", "route_id": route_id, "sign_type": kind,
                                  "species_id": "snow_leopard", "latitude": round(float(lat[0]), 5),
                                  "longitude": round(float(lon[0]), 5), "age": age, "sample_id": sample})
    sample_schema = {"sample_id": pl.Utf8, "kind": pl.Utf8, "area_id": pl.Utf8, "collected_on": pl.Date,
                     "latitude": pl.Float64, "longitude": pl.Float64, "collector": pl.Utf8, "lab": pl.Utf8,
                     "status": pl.Utf8, "genotype": pl.Utf8, "species_id": pl.Utf8, "catalogue_area_id": pl.Utf8,
                     "individual_id": pl.Utf8}
    return {"sign_routes": pl.DataFrame(routes, infer_schema_length=None),
            "genetic_samples": pl.DataFrame(samples, schema=sample_schema),
            "signs": pl.DataFrame(signs, infer_schema_length=None)}


# -- programme side ---------------------------------------------------------------------------
def _month_starts(a: date, b: date) -> list[date]:
    out, y, m = [], a.year, a.month
    while date(y, m, 1) <= b:
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _programme(rng, store: Store):
    acts = store.query("activity_windows")
    windows: dict[tuple[int, str], list] = {}
    budgets = {}
    for r in acts.iter_rows(named=True):
        windows.setdefault((r["proposal_id"], r["code"]), []).extend(_month_starts(r["s"], r["e"]))
        budgets[(r["proposal_id"], r["code"])] = r["budget"]
    currencies = {1: [("RUB", 1 / 73.0), ("CNY", 1 / 6.6), ("USD", 1.0)], 2: [("RUB", 1 / 74.0), ("CNY", 1 / 6.5)],
                  3: [("RUB", 1 / 72.0), ("MNT", 1 / 2850.0), ("USD", 1.0)]}
    exp_rows, prog_rows = [], []
    for (pid, code), months in windows.items():
        status = STATUS_DATES[pid]
        cost_factor = rng.normal(1.0, 0.12)          # some activities overrun, some underspend
        delay = int(rng.choice([0, 0, 0, 1, 2]))     # months late
        per_month = budgets[(pid, code)] * cost_factor / len(months)
        for k, m in enumerate(months):
            y, mm = m.year, m.month + delay
            y, mm = y + (mm - 1) // 12, (mm - 1) % 12 + 1
            when = date(y, mm, int(rng.integers(3, 27)))
            if when > status:
                continue
            cur, rate = currencies[pid][int(rng.integers(0, len(currencies[pid])))]
            usd = per_month * rng.uniform(0.8, 1.2)
            exp_rows.append((pid, code, when, round(usd / rate, 2), cur, rate,
                             f"demo payment {k + 1} of {len(months)}"))
        end = months[-1]
        for q in _month_starts(months[0], status)[2::3]:
            done = min(100.0, 100.0 * (len([m for m in months if m <= q]) - delay) / len(months))
            prog_rows.append((pid, code, q, round(max(0.0, done), 1), None))
        if end < status:
            prog_rows.append((pid, code, status, 100.0 if delay == 0 else 90.0, None))
    exp = _frame(exp_rows, ["proposal_id", "activity_code", "spent_on", "amount", "currency", "rate_to_usd", "description"])
    prog = (_frame(prog_rows, ["proposal_id", "activity_code", "reported_on", "percent_complete", "note"])
            .unique(["proposal_id", "activity_code", "reported_on"], keep="last", maintain_order=True))
    return [("expenditures", exp), ("progress_reports", prog),
            *_census(rng), ("publications", _publications(rng))]


# -- alerts between the parks (issue 15) ----------------------------------------------------------
# Pairs of parks facing each other across a border, and alerts per month of each kind. Fires peak
# in the dry springs and autumns of the Far East (April-May, October); snares and poaching signs
# in the winter tracking season. Illustrative rates, not fitted to any park's log.
ALERT_PARKS = (("LLNP", "TLNP"), ("TLNP", "LLNP"), ("POMP", "TPG"), ("TPG", "POMP"), ("SAIL", "CHK-MN"))
ALERT_RATES = {"forest_fire": 0.25, "poaching_sign": 0.2, "poacher_seen": 0.05, "smuggling": 0.04, "snare_found": 0.2,
               "carcass": 0.06, "other": 0.05}
ALERT_SEASON = {"forest_fire": {4: 4.0, 5: 3.0, 10: 3.0, 11: 1.5, 3: 1.5}, "poaching_sign": {12: 2.0, 1: 2.0, 2: 2.0},
                "snare_found": {11: 2.0, 12: 2.0, 1: 2.0, 2: 1.5}}
ALERT_MONTHS = (date(2021, 1, 1), date(2025, 12, 1))
ALERT_HOURS_TO_ACKNOWLEDGE = {"LLNP": 3.0, "TLNP": 5.0, "POMP": 8.0, "TPG": 10.0, "SAIL": 20.0}  # medians, lognormal


def _alerts(rng, store: Store) -> pl.DataFrame:
    """Alerts of each pair of parks, month by month: a Poisson number of each kind (seasonal), at
    a place drawn inside the raising park, answered after a lognormal time around the park's
    median; most resolved, the last months' sometimes still open."""
    shapes = {}
    for region in store.query("region_names", lang="en")["region_id"]:
        for r in store.query("region_area_shapes", region=region).iter_rows(named=True):
            shapes[r["area_id"]] = wkb.loads(bytes(r["wkb"]))
    rows = []
    for month in _month_starts(*ALERT_MONTHS):
        for area, partner in ALERT_PARKS:
            if area not in shapes:
                continue
            shape = shapes[area]
            x0, y0, x1, y1 = shape.bounds
            for kind, rate in ALERT_RATES.items():
                for _ in range(rng.poisson(rate * ALERT_SEASON.get(kind, {}).get(month.month, 1.0))):
                    while True:
                        lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                        if shape.contains(shapely.Point(lon, lat)):
                            break
                    raised = datetime(month.year, month.month, int(rng.integers(1, 28)), int(rng.integers(0, 24)),
                                      int(rng.integers(0, 60)))
                    ack = raised + timedelta(hours=float(rng.lognormal(np.log(ALERT_HOURS_TO_ACKNOWLEDGE[area]), 0.8)))
                    res = ack + timedelta(hours=float(rng.lognormal(np.log(36.0), 1.0)))
                    late = month >= date(2025, 10, 1)  # the last months: some not answered, or not closed, yet
                    still_open = late and rng.random() < 0.3
                    unresolved = still_open or (late and rng.random() < 0.4)
                    rows.append({
                        "alert_id": f"{area}-{raised:%Y%m%d-%H%M%S}-{len(rows):04d}", "kind": kind,
                        "severity": str(rng.choice(["low", "medium", "high"], p=[0.3, 0.5, 0.2])), "raised_at": raised,
                        "area_id": area, "partner_area_id": partner, "latitude": round(lat, 5), "longitude": round(lon, 5),
                        "description": None, "raised_by": f"ranger-{area.lower()}-{int(rng.integers(1, 6))}",
                        "status": "open" if still_open else "acknowledged" if unresolved else "resolved",
                        "acknowledged_at": None if still_open else ack.replace(microsecond=0),
                        "acknowledged_by": None if still_open else f"ranger-{partner.lower()}-1",
                        "acknowledged_area_id": None if still_open else partner,
                        "resolved_at": None if unresolved else res.replace(microsecond=0),
                        "resolved_by": None if unresolved else f"ranger-{area.lower()}-1",
                        "changed_at": raised if still_open else ack.replace(microsecond=0) if unresolved
                        else res.replace(microsecond=0)})
    return pl.DataFrame(rows)


# Patrols (SMART): each park's ranger teams patrol a few times a month, each patrol a day or two on
# foot along a random walk inside the park that keeps to the park's own stretch of it (`PATROL_REACH`:
# the share of the park's north-south extent its teams cover, from the south or the north), so that
# some border stretches the cats cross are walked by neither side: what the page has to show.
PATROL_PARKS = {"LLNP": ("south", 0.65), "TLNP": ("north", 0.55), "POMP": ("south", 0.8), "TPG": ("north", 0.8)}
PATROLS_PER_MONTH = 3.0
PATROL_MONTHS = (date(2021, 1, 1), date(2025, 12, 1))
PATROL_CATEGORIES = (("animals.tracks", 0.34, "species"), ("animals.direct", 0.14, "species"),
                     ("threats.snares", 0.24, "numberofsnares"), ("humanactivity.people", 0.09, "numberofpeople"),
                     ("threats.logging", 0.08, "numberoftrees"), ("threats.fire", 0.05, "areaburnt"),
                     ("humanactivity.enforcement", 0.06, "actiontaken"))
PATROL_PREY = ("amur_leopard", "amur_tiger", "sika_deer", "roe_deer", "wild_boar")


def _patrols(rng, store: Store) -> dict[str, list[dict]]:
    """Demo SMART patrols as the import writes them (`bigcats.ingest.patrols`): per park and
    month a Poisson number of patrols of one or two days, each day's track a random walk of
    15-25 km kept inside the park's reach, a few waypoints on it with an observation each."""
    from bigcats.ingest.patrols import PATROL_TABLES, effort_cells
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    tables: dict[str, list[dict]] = {t: [] for t in PATROL_TABLES}
    names = [c[0] for c in PATROL_CATEGORIES]
    weights = np.array([c[1] for c in PATROL_CATEGORIES])
    for region in store.query("region_names", lang="en")["region_id"]:
        for r in store.query("region_area_shapes", region=region).iter_rows(named=True):
            if r["area_id"] not in PATROL_PARKS:
                continue
            park, (side, reach) = r["area_id"], PATROL_PARKS[r["area_id"]]
            shape = geo.to_metric(region, wkb.loads(bytes(r["wkb"])))
            x0, y0, x1, y1 = shape.bounds
            ylo, yhi = (y0, y0 + reach * (y1 - y0)) if side == "south" else (y1 - reach * (y1 - y0), y1)
            zone = shape.intersection(shapely.box(x0, ylo, x1, yhi))
            shapely.prepare(zone)
            zx0, zy0, zx1, zy1 = zone.bounds
            for month in _month_starts(*PATROL_MONTHS):
                for _ in range(rng.poisson(PATROLS_PER_MONTH)):
                    start = date(month.year, month.month, int(rng.integers(1, 27)))
                    days = int(rng.integers(1, 3))
                    smart_id = f"{park}-{start:%Y%m%d}-{len(tables['patrols']):05d}"
                    key = f"{park}/{smart_id}"
                    while True:
                        x, y = rng.uniform(zx0, zx1), rng.uniform(zy0, zy1)
                        if shapely.contains_xy(zone, x, y):
                            break
                    tracks = []
                    for d in range(days):
                        day = start + timedelta(days=d)
                        xy, heading = [(x, y)], rng.uniform(0, 2 * np.pi)
                        for _ in range(int(rng.integers(50, 80))):  # steps of about 300 m
                            for _try in range(12):
                                h = heading + rng.normal(0, 0.6)
                                nx, ny = x + 300 * np.cos(h), y + 300 * np.sin(h)
                                if shapely.contains_xy(zone, nx, ny):
                                    x, y, heading = nx, ny, h
                                    break
                                heading += np.pi / 2
                            xy.append((x, y))
                        lon, lat = geo.to_lonlat(region, *np.array(xy).T)
                        line = shapely.LineString(np.column_stack([np.round(lon, 5), np.round(lat, 5)]))
                        tracks.append(("1", day, line))
                        km = geod.geometry_length(line) / 1000
                        tables["patrol_days"].append({
                            "patrol_key": key, "leg_id": "1", "patrol_day": day, "start_time": None, "end_time": None,
                            "rest_minutes": None, "track_km": km, "stated_km": round(km, 3), "track_wkb": shapely.to_wkb(line)})
                        for k in sorted(rng.choice(len(xy), size=min(len(xy), int(rng.poisson(2.0))), replace=False)):
                            wp = f"{d + 1}-{k}"
                            category = names[int(rng.choice(len(names), p=weights / weights.sum()))]
                            attr = dict((c[0], c[2]) for c in PATROL_CATEGORIES)[category]
                            tables["patrol_waypoints"].append({
                                "patrol_key": key, "leg_id": "1", "waypoint_id": wp, "patrol_day": day,
                                "observed_at": datetime(day.year, day.month, day.day, 8) + timedelta(minutes=int(k) * 6),
                                "latitude": float(np.round(lat[k], 5)), "longitude": float(np.round(lon[k], 5))})
                            tables["patrol_observations"].append({"patrol_key": key, "leg_id": "1", "waypoint_id": wp,
                                                                  "observation_no": 1, "category_key": category})
                            value = {"item_key": None, "number_value": None, "bool_value": None, "text_value": None,
                                     "personal_value": None}
                            if attr in ("species", "actiontaken"):
                                value["item_key"] = (str(rng.choice(PATROL_PREY)) if attr == "species" else "warning_issued")
                            else:
                                value["number_value"] = float(rng.integers(1, 6))
                            tables["patrol_observation_values"].append({
                                "patrol_key": key, "leg_id": "1", "waypoint_id": wp, "observation_no": 1,
                                "attribute_key": attr, **value})
                    end = start + timedelta(days=days - 1)
                    tables["patrols"].append({
                        "patrol_key": key, "area_id": park, "smart_id": smart_id, "patrol_type": "GROUND",
                        "start_date": start, "end_date": end, "is_armed": bool(rng.random() < 0.5),
                        "objective": None, "team": None, "station": None,
                        "patrol_comment": None, "content_hash": f"demo-{smart_id}", "imported_at": datetime(end.year, end.month, end.day, 20)})
                    tables["patrol_legs"].append({"patrol_key": key, "leg_id": "1", "start_date": start, "end_date": end,
                                                  "transport_type": "foot", "mandate": "anti-poaching"})
                    for m, ranger in enumerate(sorted(rng.choice(12, size=int(rng.integers(2, 5)), replace=False)), start=1):
                        # demo rangers: a roster number, no invented person's name
                        tables["patrol_members"].append({
                            "patrol_key": key, "leg_id": "1", "member_no": m, "employee_id": f"{park}-R-{ranger + 1:03d}",
                            "given_name": None, "family_name": None, "is_leader": m == 1,
                            "is_pilot": False})
                    tables["patrol_effort_cells"] += effort_cells(region, tracks, key)
    return tables


def _hotspots(rng, alerts: pl.DataFrame) -> pl.DataFrame:
    """Satellite detections of the demo's forest fires: each fire alert burns for one to three days
    around its place (a few kilometres), seen by a VIIRS overpass or two a day."""
    rows = []
    for a in alerts.filter(pl.col("kind") == "forest_fire").iter_rows(named=True):
        for day in range(int(rng.integers(1, 4))):
            for _ in range(int(rng.integers(2, 9))):
                when = a["raised_at"] + timedelta(days=day, hours=float(rng.uniform(-3, 12)))
                when = when.replace(minute=int(rng.integers(0, 60)), second=0, microsecond=0)
                lat = a["latitude"] + float(rng.normal(0, 0.02))
                lon = a["longitude"] + float(rng.normal(0, 0.025))
                rows.append({"hotspot_id": f"VIIRS-N-{when:%Y%m%d%H%M}-{lat:.4f}-{lon:.4f}", "detected_at": when,
                             "latitude": round(lat, 5), "longitude": round(lon, 5),
                             "confidence": str(rng.choice(["low", "nominal", "high"], p=[0.15, 0.6, 0.25])),
                             "frp_mw": round(float(rng.gamma(2.0, 6.0)), 1), "satellite": "N", "instrument": "VIIRS"})
    return pl.DataFrame(rows).unique("hotspot_id", keep="first", maintain_order=True)


_ROUTES = [("POMP", 6), ("TPG", 5), ("XQBT", 3)]
_PREY_MEAN = {"wild_boar": 1.2, "red_deer": 0.8, "roe_deer": 2.1, "sika_deer": 0.3, "tiger": 0.05}


def _census(rng):
    """Winter track census of Proposal 2 (Activity 1): routes of 8-15 km in January-February 2021."""
    routes, cnt = [], []
    for area, k in _ROUTES:
        for i in range(k):
            rid = f"{area}-R{i + 1:02d}"
            length = round(float(rng.uniform(8, 15)), 1)
            routes.append((rid, area, date(2021, 1, 20) + timedelta(days=int(rng.integers(0, 35))),
                           length, "demo census team"))
            for sp, mean in _PREY_MEAN.items():
                cnt.append((rid, sp, int(rng.poisson(mean * length))))
    return [("census_routes", _frame(routes, ["route_id", "area_id", "surveyed_on", "length_km", "observer"])),
            ("census_counts", _frame(cnt, ["route_id", "species_id", "crossings"]))]


def _route_lines(store: Store, cur) -> None:
    """Draw each demo census route as a straight line of its length inside its area, fanned out
    from the area's centre (deterministic, so the other draws of the simulation are unchanged)."""
    from shapely import wkb as _wkb

    rows = store.run(cur, "census_route_areas").fetchall()
    for k, (rid, length, region, area_wkb) in enumerate(rows):
        area = geo.to_metric(region, _wkb.loads(bytes(area_wkb)))
        c = area.representative_point()
        angle = np.radians(25 * k)
        half = length * 500.0
        dx, dy = np.cos(angle) * half, np.sin(angle) * half
        off = 2500.0 * ((k % 5) - 2)
        xs = np.array([c.x - dx - off * np.sin(angle), c.x + dx - off * np.sin(angle)])
        ys = np.array([c.y - dy + off * np.cos(angle), c.y + dy + off * np.cos(angle)])
        lon, lat = geo.to_lonlat(region, xs, ys)
        store.run(cur, "set_census_route_line", wkt=f"LINESTRING ({lon[0]} {lat[0]}, {lon[1]} {lat[1]})", route_id=rid)


# Phase-1 indicators of Proposal 2 at its status date (demo): (item, name, value, unit, status, evidence)
_INDICATORS = [
    ("A1", "Census routes surveyed", None, "routes", "done", "winter census January-February 2021, route sheets"),
    ("A2", "Boundary proposal of the Pompeevski NP", None, "km²", "done", "draft boundary map and area calculation"),
    ("A3", "Forest fires in and around the planned park, 2016-2020", "fires", "fires", "done", "regional fire service records"),
    ("A3", "Logging within 5 km of the planned park", "logging", "km²", "done", "Landsat change detection"),
    ("A3", "Roads crossing the planned park", "roads", "km", "done", "road map 1:100000"),
    ("A3", "Poaching incidents recorded 2016-2020", "poaching", "incidents", "done", "ranger reports"),
    ("A4", "Population of the bordering districts", "population", "people", "in progress", "district statistics (RU), county yearbooks (CN)"),
    ("A4", "Households living from forest products", "forest_households", "%", "in progress", "household survey, 120 interviews"),
    ("A5", "Core zone proposed", "core", "km²", "in progress", "zoning draft v2"),
    ("A5", "Buffer zone proposed", "buffer", "km²", "in progress", "zoning draft v2"),
    ("A6", "Base map sheets at 1:100000 produced", "sheets", "sheets", "in progress", "GIS project, sheets M-53-XX"),
    ("D1", "Feasibility study, Pompeevski NP (Russia)", None, None, "in progress", "draft chapters 1-4"),
    ("D2", "Feasibility study, expansion of the Chinese reserves", None, None, "not started", ""),
    ("D3", "Recommendations for the joint transboundary PA", None, None, "not started", ""),
]
# The demo indicators' words as an officer of each park would read them: English -> (ru, zh, mn).
_INDICATOR_WORDS = {
    "Census routes surveyed": ("Пройдено учётных маршрутов", "已调查的样线", "Судалсан тооллогын маршрут"),
    "Boundary proposal of the Pompeevski NP": ("Проект границ НП «Помпеевский»", "蓬佩耶夫斯基国家公园边界方案",
                                               "Помпеевскийн ҮЦХ-ийн хилийн санал"),
    "Forest fires in and around the planned park, 2016-2020": ("Лесные пожары в проектируемом парке и вокруг него, 2016–2020",
                                                               "规划公园内及周边的森林火灾（2016–2020）",
                                                               "Төлөвлөж буй цэцэрлэгт хүрээлэн болон орчмын ойн түймэр, 2016–2020"),
    "Logging within 5 km of the planned park": ("Рубки в пределах 5 км от проектируемого парка", "规划公园5公里范围内的采伐",
                                                "Төлөвлөж буй цэцэрлэгт хүрээлэнгээс 5 км дотор мод бэлтгэл"),
    "Roads crossing the planned park": ("Дороги, пересекающие проектируемый парк", "穿越规划公园的道路",
                                        "Төлөвлөж буй цэцэрлэгт хүрээлэнг огтолж буй зам"),
    "Poaching incidents recorded 2016-2020": ("Зарегистрированные случаи браконьерства, 2016–2020", "记录的盗猎事件（2016–2020）",
                                              "Бүртгэгдсэн хулгайн агнуурын тохиолдол, 2016–2020"),
    "Population of the bordering districts": ("Население приграничных районов", "边境地区人口", "Хил залгаа дүүргүүдийн хүн ам"),
    "Households living from forest products": ("Домохозяйства, живущие за счёт продукции леса", "依靠林产品生活的家庭",
                                               "Ойн бүтээгдэхүүнээр амьжиргаагаа залгуулдаг өрх"),
    "Core zone proposed": ("Предлагаемая ядровая зона", "拟议核心区", "Санал болгож буй цөм бүс"),
    "Buffer zone proposed": ("Предлагаемая буферная зона", "拟议缓冲区", "Санал болгож буй буфер бүс"),
    "Base map sheets at 1:100000 produced": ("Подготовлено листов базовой карты 1:100 000", "已制作1:100000基础地图图幅",
                                             "Бэлтгэсэн 1:100000 үндсэн зургийн хуудас"),
    "Feasibility study, Pompeevski NP (Russia)": ("ТЭО, НП «Помпеевский» (Россия)", "可行性研究：蓬佩耶夫斯基国家公园（俄罗斯）",
                                                  "ТЭЗҮ, Помпеевскийн ҮЦХ (Орос)"),
    "Feasibility study, expansion of the Chinese reserves": ("ТЭО, расширение заповедников Китая", "可行性研究：扩大中国保护区",
                                                             "ТЭЗҮ, Хятадын нөөц газрыг өргөжүүлэх"),
    "Recommendations for the joint transboundary PA": ("Рекомендации по совместной трансграничной ООПТ", "关于联合跨境保护地的建议",
                                                       "Хил дамнасан хамтарсан ТХГ-ийн зөвлөмж"),
    "winter census January-February 2021, route sheets": ("зимний учёт, январь–февраль 2021, маршрутные ведомости",
                                                           "2021年1–2月冬季调查，样线记录表", "өвлийн тооллого, 2021 оны 1–2-р сар, маршрутын хуудас"),
    "draft boundary map and area calculation": ("проект карты границ и расчёт площади", "边界图草稿和面积计算",
                                                "хилийн зургийн төсөл ба талбайн тооцоо"),
    "regional fire service records": ("данные региональной службы пожаротушения", "地区消防部门记录", "бүсийн гал түймрийн албаны бүртгэл"),
    "Landsat change detection": ("выявление изменений по снимкам Landsat", "Landsat变化检测", "Landsat зургаар өөрчлөлт илрүүлэх"),
    "road map 1:100000": ("карта дорог 1:100 000", "1:100000道路图", "1:100000 замын зураг"),
    "ranger reports": ("отчёты инспекторов", "护林员报告", "байгаль хамгаалагчийн тайлан"),
    "district statistics (RU), county yearbooks (CN)": ("статистика районов (РФ), ежегодники уездов (КНР)", "区统计（俄）、县年鉴（中）",
                                                        "дүүргийн статистик (ОХУ), сянь-ийн эмхэтгэл (БНХАУ)"),
    "household survey, 120 interviews": ("опрос домохозяйств, 120 интервью", "家庭调查，120次访谈", "өрхийн судалгаа, 120 ярилцлага"),
    "zoning draft v2": ("проект зонирования, версия 2", "功能分区草案第2版", "бүсчлэлийн төсөл, 2-р хувилбар"),
    "GIS project, sheets M-53-XX": ("ГИС-проект, листы M-53-XX", "GIS项目，图幅M-53-XX", "ГМС төсөл, M-53-XX хуудас"),
    "draft chapters 1-4": ("проект глав 1–4", "第1–4章草稿", "1–4-р бүлгийн төсөл"),
}
_INDICATOR_RANGES = {"fires": (8, 30), "logging": (5, 40), "roads": (60, 140), "poaching": (3, 15),
                     "population": (40_000, 90_000), "forest_households": (15, 45), "core": (300, 600),
                     "buffer": (400, 900), "sheets": (6, 14)}


def _feasibility(store: Store, cur, rng, source: str) -> None:
    for n, (item, name, key, unit, status, evidence) in enumerate(_INDICATORS, start=1):
        value = None
        if key in _INDICATOR_RANGES:
            lo, hi = _INDICATOR_RANGES[key]
            value = float(round(rng.uniform(lo, hi)))
        store.run(cur, "add_feasibility_indicator", indicator_id=f"P2-I{n:02d}", proposal_id=2, item_code=item,
                  name=name, value=value, unit=unit, status=status, evidence=evidence or None,
                  recorded_on=STATUS_DATES[2] - timedelta(days=5 * (len(_INDICATORS) - n)), source=source,
                  synthetic=True)
    for subject, column in (("feasibility_indicators.name", 1), ("feasibility_indicators.evidence", 5)):
        for english in sorted({row[column] for row in _INDICATORS if row[column]}):
            ru, zh, mn = _INDICATOR_WORDS[english]
            store.run(cur, "add_translation", subject=subject, key=english, ru=ru, zh=zh, mn=mn,
                      translated_by=f"demo simulation ({source})")


_TOPICS = [
    ("Пространственная структура группировки дальневосточного леопарда", "Spatial structure of the Amur leopard group", "ru", "LLNP"),
    ("Фотоловушечный мониторинг амурского тигра на юго-западе Приморья", "Camera-trap monitoring of the Amur tiger in south-west Primorye", "ru", "LLNP"),
    ("Копытные как кормовая база крупных кошек", "Ungulates as the prey base of big cats", "ru", "LLNP"),
    ("东北虎豹国家公园红外相机监测网络建设", "Building the camera-trap monitoring network of the Northeast China Tiger and Leopard NP", "zh", "TLNP"),
    ("东北豹种群数量与分布", "Population size and distribution of the Amur leopard", "zh", "TLNP"),
    ("珲春地区东北虎猎物种群动态", "Prey population dynamics of the Amur tiger in Hunchun", "zh", "TLNP"),
    ("Transboundary movements of Amur tigers between Russia and China", "Transboundary movements of Amur tigers between Russia and China", "en", "LLNP"),
    ("Habitat use of Amur leopards along the Sino-Russian border", "Habitat use of Amur leopards along the Sino-Russian border", "en", "TLNP"),
]


def _publications(rng) -> pl.DataFrame:
    rows = []
    partner = {"LLNP": "TLNP", "TLNP": "LLNP"}
    for year in range(2019, 2025):
        for k, (orig, en, lang, park) in enumerate(_TOPICS):
            if rng.uniform() < 0.45:
                continue
            has_abstract = rng.uniform() < 0.8
            exchanged = date(year + 1, 1, int(rng.integers(10, 31))) if rng.uniform() < 0.75 else None
            rows.append((f"PUB-{year}-{k:02d}", f"{orig} ({year})", f"{en} ({year})",
                         "Demo Author A.; Demo Author B.", year, lang, park,
                         f"Demo abstract of '{en}'." if has_abstract else None, None, None,
                         exchanged, partner[park] if exchanged else None))
    return _frame(rows, ["publication_id", "title_original", "title_en", "authors", "year", "language",
                         "area_id", "abstract_en", "doi", "url", "exchanged_on", "exchanged_to"])
