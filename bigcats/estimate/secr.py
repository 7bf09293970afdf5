"""Spatially explicit capture–recapture (SECR) by maximum likelihood.

The model of Borchers & Efford (2008, Biometrics 64:377–385) as implemented for proximity
detectors in the R package secr (Efford, Borchers & Byrom 2009): animals' activity centres form
a homogeneous Poisson process of density D over a habitat mask; a camera trap k active T_k days
photographs an animal whose centre is x on a given day with the half-normal probability

    g_k(x) = g0 · exp(−d_k(x)² / (2σ²))                       (Borchers & Efford 2008, eq. 1)

so the number of days y_ik animal i is photographed at trap k is Binomial(T_k, g_k(x)). The
probability of being photographed at all is p·(x) = 1 − ∏_k (1 − g_k(x))^T_k, the effective
sampling area a(θ) = ∫ p·(x) dx, and the full likelihood (their eq. 5, Poisson n) is

    L(D, θ) = Pois(n; D·a(θ)) · ∏_i ∫ Pr(ω_i | x) dx / a(θ)

with the integrals as sums over the mask cells. Parameters are estimated on the link scale
(log D, logit g0, log σ); D's standard error comes from the inverse of the observed information
and its interval is log-normal, as secr reports them. Expected abundance in a region is D times
the region's area (secr's region.N, E(N)).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
import shapely
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import expit, gammaln, logit
from scipy.stats import norm


@dataclass(frozen=True)
class Mask:
    """Habitat mask: cell centres (metres, a local equal-area projection) and cell area."""
    points: np.ndarray
    spacing_m: float
    buffer_m: float

    @property
    def cell_km2(self) -> float:
        return (self.spacing_m / 1000.0) ** 2

    @property
    def area_km2(self) -> float:
        return len(self.points) * self.cell_km2


def make_mask(traps_xy: np.ndarray, buffer_m: float, spacing_m: float, habitat=None) -> Mask:
    """Cells of `spacing_m` within `buffer_m` of a trap (secr's make.mask, type 'trapbuffer'),
    kept only where their centre lies in `habitat` (a shapely polygon in the same metres), e.g.
    land: a leopard does not live in the Sea of Japan."""
    traps_xy = np.asarray(traps_xy, dtype=float)
    lo = traps_xy.min(axis=0) - buffer_m
    hi = traps_xy.max(axis=0) + buffer_m
    xs = np.arange(lo[0] + spacing_m / 2, hi[0], spacing_m)
    ys = np.arange(lo[1] + spacing_m / 2, hi[1], spacing_m)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    # nearest-trap distance in blocks, to keep memory flat for big masks
    near = np.zeros(len(pts), dtype=bool)
    for i in range(0, len(pts), 20000):
        block = pts[i:i + 20000]
        d2 = ((block[:, None, :] - traps_xy[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        near[i:i + 20000] = d2 <= buffer_m ** 2
    pts = pts[near]
    if habitat is not None:
        pts = pts[shapely.contains_xy(habitat, pts[:, 0], pts[:, 1])]
    return Mask(pts, float(spacing_m), float(buffer_m))


def _loglik_parts(days, usage: np.ndarray, d2: np.ndarray, g0: float, sigma: float):
    """Σ_i log Σ_m Pr(ω_i | x_m) terms and the p·(x_m) vector, vectorised over animals × cells.

    log Pr(ω_i | x_m) = Σ_k y_ik log g_mk + (T_k − y_ik) log(1 − g_mk), rewritten as
    Σ_k y_ik [log g_mk − log(1 − g_mk)] + Σ_k T_k log(1 − g_mk) so that the sparse days matrix
    (an animal visits few cameras) is the only animal-dependent factor."""
    logg = d2 * (-0.5 / sigma ** 2)
    logg += math.log(g0)                                            # M × K, in place
    log1mg = np.exp(logg)
    np.negative(log1mg, out=log1mg)
    np.log1p(log1mg, out=log1mg)
    base = log1mg @ usage                                           # M: log Pr(never photographed | x)
    # only the cameras that photographed some animal add to the animals' terms
    seen = np.flatnonzero(np.asarray(abs(days).sum(axis=0)).ravel())
    lp = np.asarray(days[:, seen] @ (logg[:, seen] - log1mg[:, seen]).T) + base[None, :]   # n × M
    pdot = -np.expm1(base)
    return lp, pdot


def _profile_with_gradient(theta, days, usage: np.ndarray, d2: np.ndarray, cell_km2: float):
    """−log L with D profiled out (D̂(θ) = n / a(θ)) and its gradient in θ = (logit g0, log σ).

    With r_mk = ∂ log g_mk / ∂θ_j (1 − g0 for logit g0, d²_mk / σ² for log σ) and
    q_mk = g_mk / (1 − g_mk): ∂ log(1 − g_mk) = −q_mk r_mk, so the never-photographed term
    ∂ base_m = −Σ_k T_k q_mk r_mk, an animal's term ∂ lp_im = Σ_k y_ik r_mk / (1 − g_mk) + ∂ base_m,
    ∂ p·(x_m) = −exp(base_m) ∂ base_m, and ∂ Σ_i log Σ_m exp(lp_im) = Σ_im w_im ∂ lp_im with w
    each animal's posterior over the mask cells (Borchers & Efford 2008, eq. 5 differentiated).
    The animal-dependent sum is Σ_mk (Yᵀ W)_km r_mk / (1 − g_mk), one sparse product for both θ."""
    lg0, lsig = theta
    g0, sigma = float(expit(lg0)), math.exp(lsig)
    n = days.shape[0]
    seen = np.flatnonzero(np.asarray(abs(days).sum(axis=0)).ravel())
    every = len(seen) == d2.shape[1]          # no copies when every camera photographed an animal
    y_seen = days if every else days[:, seen]
    logg = d2 * (-0.5 / sigma ** 2)
    logg += math.log(g0)
    g = np.exp(logg)                                                # M × K
    log1mg = np.log1p(-g)
    base = log1mg @ usage
    lp = np.asarray(y_seen @ (logg - log1mg if every else logg[:, seen] - log1mg[:, seen]).T) + base[None, :]
    # log-sum-exp and the posterior weights from one exp (transcendentals dominate the cost)
    top = lp.max(axis=1, keepdims=True)
    lp -= top
    w = np.exp(lp, out=lp)
    total = w.sum(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(total[:, 0])
    w /= total                                                      # n × M, rows sum to 1
    a = float(-np.expm1(base).sum()) * cell_km2
    f = -(n * math.log(n / a) - n + float(lse.sum()))

    inv1mg = np.subtract(1.0, g, out=logg)                          # logg is spent
    np.divide(1.0, inv1mg, out=inv1mg)                              # 1 / (1 − g)
    q = np.subtract(inv1mg, 1.0, out=g)                             # g / (1 − g) = 1 / (1 − g) − 1
    s = np.asarray(y_seen.T @ w)                                    # K_seen × M
    w_cells = w.sum(axis=0)                                         # M
    never = np.exp(base)                                            # M: Pr(never photographed | x)
    inv_seen = inv1mg if every else inv1mg[:, seen]
    d2_seen = d2 if every else d2[:, seen]
    grad = np.empty(2)
    # logit g0: r = 1 − g0 everywhere
    dbase = -(1 - g0) * (q @ usage)
    # Σ_mk (Yᵀ W)_km / (1 − g_mk), and the same weighted by d²_mk
    animals = float(np.einsum("km,mk->", s, inv_seen))
    animals_d2 = float(np.einsum("km,mk,mk->", s, inv_seen, d2_seen))
    grad[0] = n * float(-(never * dbase).sum()) * cell_km2 / a - (1 - g0) * animals - float(w_cells @ dbase)
    # log σ: r = d² / σ²
    q *= d2
    dbase = -(q @ usage) / sigma ** 2
    grad[1] = (n * float(-(never * dbase).sum()) * cell_km2 / a - animals_d2 / sigma ** 2
               - float(w_cells @ dbase))
    return f, grad


def _logsumexp_rows(lp: np.ndarray) -> np.ndarray:
    """log Σ_m exp(lp_im) for each row i (scipy's logsumexp without its checks, which cost as
    much as the sum on the n × M matrix of every likelihood evaluation)."""
    top = lp.max(axis=1, keepdims=True)
    return (top[:, 0] + np.log(np.exp(lp - top).sum(axis=1)))


def sigma_hint(days: np.ndarray, traps_xy: np.ndarray) -> float | None:
    """Root pooled spatial variance of the recaptured animals' cameras (secr's RPSV), an
    approximate sigma used to start the fit and to size the mask; None with no recapture at
    two cameras."""
    days = np.asarray(days, dtype=float)
    spreads = []
    for row in days:
        w = row > 0
        if w.sum() > 1:
            c = np.average(traps_xy[w], axis=0, weights=row[w])
            spreads.append(np.sqrt(np.average(((traps_xy[w] - c) ** 2).sum(axis=1), weights=row[w]) / 2))
    return float(np.median(spreads)) if spreads else None


def secr_loglik(params: np.ndarray, days: np.ndarray, usage: np.ndarray, d2: np.ndarray,
                cell_km2: float, binom_const: float) -> float:
    """Full log likelihood of (log D per km², logit g0, log σ in m) (Borchers & Efford 2008, eq. 5)."""
    log_d, lg0, lsig = params
    n = days.shape[0]  # days: animals × traps (dense or scipy.sparse)
    lp, pdot = _loglik_parts(days, usage, d2, expit(lg0), math.exp(lsig))
    a = pdot.sum() * cell_km2
    dens = math.exp(log_d)
    return (n * log_d - dens * a - gammaln(n + 1)
            + float(_logsumexp_rows(lp).sum()) + n * math.log(cell_km2) + binom_const)


def _hessian(f, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Central-difference Hessian of a scalar function (observed information)."""
    k = len(x)
    hess = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.eye(k)[i] * h[i], np.eye(k)[j] * h[j]
            v = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h[i] * h[j])
            hess[i, j] = hess[j, i] = v
    return hess


def fit_secr(days: np.ndarray, traps_xy: np.ndarray, usage: np.ndarray, mask: Mask,
             level: float = 0.95, regions_km2: dict[str, float] | None = None) -> dict:
    """Fit the half-normal SECR model to proximity (camera-trap) data.

    days: animals × traps, the number of days each animal was photographed at each trap.
    traps_xy: trap coordinates in metres; usage: days each trap was active; mask: `make_mask`.
    regions_km2: areas (km²) in which to report expected abundance E(N) = D·area.

    Returns a dict: density_per_100km2, se, lcl, ucl (per 100 km²), g0, sigma_m, n_animals,
    n_detections, esa_km2 (effective sampling area), loglik, mask description, abundance per region.
    """
    days = np.asarray(days, dtype=float)
    usage = np.asarray(usage, dtype=float)
    traps_xy = np.asarray(traps_xy, dtype=float)
    n = days.shape[0]
    days_sparse = sparse.csr_matrix(days)
    if n < 2 or (days.sum(axis=1) > 1).sum() == 0:
        raise ValueError("SECR needs at least two animals and one recapture to estimate sigma")
    d2 = ((mask.points[:, None, :] - traps_xy[None, :, :]) ** 2).sum(axis=2)
    binom_const = float((gammaln(usage + 1)[None, :] - gammaln(days + 1) - gammaln(usage[None, :] - days + 1)).sum())

    sigma0 = max(sigma_hint(days, traps_xy) or mask.spacing_m, mask.spacing_m / 2)
    g00 = min(0.5, max(1e-4, days.sum() / max(n, 1) / usage.sum() * len(usage) / 3))

    def profile(theta):  # D profiled out: D̂(θ) = n / a(θ); value and gradient
        return _profile_with_gradient(theta, days_sparse, usage, d2, mask.cell_km2)

    # quasi-Newton on the analytic gradient: about 10 evaluations where Nelder–Mead took 130
    res = minimize(profile, x0=np.array([logit(g00), math.log(sigma0)]), jac=True, method="L-BFGS-B",
                   options={"gtol": 1e-6, "ftol": 1e-13, "maxiter": 500})
    if not res.success:  # a flat or awkward surface: the derivative-free search from where it stopped
        res = minimize(lambda t: profile(t)[0], x0=res.x, method="Nelder-Mead",
                       options={"xatol": 1e-4, "fatol": 1e-6, "maxiter": 2000})
    lg0, lsig = res.x
    _, pdot = _loglik_parts(days_sparse, usage, d2, expit(lg0), math.exp(lsig))
    esa = pdot.sum() * mask.cell_km2
    est = np.array([math.log(n / esa), lg0, lsig])
    # The Hessian's 24 evaluations fall on 13 detection parameters θ (D moves alone along its
    # axis): the costly sums over animals × cells are kept per θ; D's terms are cheap.
    parts: dict[tuple[float, float], tuple[float, float]] = {}

    def ll(p):
        log_d, g, s = p
        if (g, s) not in parts:
            lp, pdot = _loglik_parts(days_sparse, usage, d2, expit(g), math.exp(s))
            parts[(g, s)] = (float(_logsumexp_rows(lp).sum()), float(pdot.sum()) * mask.cell_km2)
        lse, a = parts[(g, s)]
        return n * log_d - math.exp(log_d) * a - gammaln(n + 1) + lse + n * math.log(mask.cell_km2) + binom_const

    cov = np.linalg.inv(-_hessian(ll, est, np.array([1e-3, 1e-3, 1e-3])))
    se_logd = math.sqrt(max(cov[0, 0], 0.0))
    z = norm.ppf(0.5 + level / 2)
    d = math.exp(est[0])
    out = {
        "density_per_100km2": 100 * d,
        "se": 100 * d * se_logd,
        "lcl": 100 * d * math.exp(-z * se_logd),
        "ucl": 100 * d * math.exp(z * se_logd),
        "g0": float(expit(lg0)),
        "g0_se": float(expit(lg0) * (1 - expit(lg0)) * math.sqrt(max(cov[1, 1], 0))),
        "sigma_m": float(math.exp(lsig)),
        "sigma_se_m": float(math.exp(lsig) * math.sqrt(max(cov[2, 2], 0))),
        "n_animals": int(n),
        "n_detections": int(days.sum()),
        "n_traps": int(len(usage)),
        "trap_days": int(usage.sum()),
        "esa_km2": float(esa),
        "loglik": float(ll(est)),
        "mask": f"{len(mask.points)} cells of {mask.spacing_m / 1000:.2f} km, buffer {mask.buffer_m / 1000:.1f} km "
                f"({mask.buffer_m / math.exp(lsig):.1f} σ), {mask.area_km2:,.0f} km² of habitat",
        "mask_area_km2": mask.area_km2,
        "mask_buffer_m": mask.buffer_m,
        "converged": bool(res.success),
        "abundance": {},
    }
    for name, area in (regions_km2 or {}).items():
        out["abundance"][name] = {"area_km2": area, "estimate": d * area, "se": d * se_logd * area,
                                  "lcl": d * area * math.exp(-z * se_logd), "ucl": d * area * math.exp(z * se_logd)}
    return out


def effective_area(traps_xy: np.ndarray, usage: np.ndarray, mask: Mask, g0: float, sigma_m: float) -> float:
    """a(θ) = Σ over the mask's cells of p·(x) · cell area, km² (the effective sampling area)."""
    usage = np.asarray(usage, dtype=float)
    total = 0.0
    for i in range(0, len(mask.points), 20000):  # blocks: a wide mask of many cameras stays small in memory
        d2 = ((mask.points[i:i + 20000, None, :] - np.asarray(traps_xy, dtype=float)[None]) ** 2).sum(axis=2)
        log1mg = np.log1p(-g0 * np.exp(-d2 / (2 * sigma_m ** 2)))
        total += float(-np.expm1(log1mg @ usage).sum())
    return total * mask.cell_km2


def buffer_bias(traps_xy: np.ndarray, usage: np.ndarray, mask: Mask, g0: float, sigma_m: float,
                mask_for) -> float:
    """Relative bias of D̂ that the mask's buffer causes, for the fitted detection function: D̂ =
    n / a(θ) while the animals photographed come from the whole plane, so E(D̂) ≈ D · a∞ / a(w)
    and the bias is a∞ / a(w) − 1, a∞ taken on a mask of 8σ (beyond which p·(x) < 10⁻¹³ · T).
    The reasoning of secr's `bias.D` and `esa.plot` (Efford 2025, secr 5 documentation,
    "Habitat masks": a buffer is wide enough when D̂ no longer rises as it is widened).
    `mask_for(buffer_m)` makes a mask of the same spacing and habitat with another buffer."""
    a_w = effective_area(traps_xy, usage, mask, g0, sigma_m)
    wide = mask_for(max(8 * sigma_m, mask.buffer_m))
    return effective_area(traps_xy, usage, wide, g0, sigma_m) / a_w - 1


MAX_BUFFER_BIAS = 0.01  # secr warns when its buffer check predicts a bias above 1%


def fit_secr_wide_enough(days: np.ndarray, traps_xy: np.ndarray, usage: np.ndarray, mask_for, buffer_m: float,
                         level: float = 0.95, regions_km2=None, max_refits: int = 4) -> dict:
    """`fit_secr` on the mask `mask_for(buffer_m)`, then the buffer checked against the fitted σ
    (`buffer_bias`) and, while the predicted bias of D̂ is above 1%, widened (to 4σ̂, then by half
    again each time) and the model refitted. The fit reports the buffer used and its predicted
    bias (`mask_buffer_m`, `buffer_bias`, `mask_widened_from_m`).

    regions_km2: a callable mask -> {name: km²}, the areas over which E(N) is reported (they
    depend on the mask), or a dict."""
    first = buffer_m
    for attempt in range(max_refits + 1):
        mask = mask_for(buffer_m)
        regions = regions_km2(mask) if callable(regions_km2) else regions_km2
        fit = fit_secr(days, traps_xy, usage, mask, level=level, regions_km2=regions)
        bias = buffer_bias(traps_xy, usage, mask, fit["g0"], fit["sigma_m"], mask_for)
        fit["buffer_bias"] = bias
        fit["mask_widened_from_m"] = first if buffer_m != first else None
        if bias <= MAX_BUFFER_BIAS or attempt == max_refits:
            return fit
        buffer_m = max(4 * fit["sigma_m"], 1.5 * buffer_m)
    raise AssertionError("unreachable")


def simulate_proximity(rng: np.random.Generator, density_per_100km2: float, g0: float, sigma_m: float,
                       traps_xy: np.ndarray, usage: np.ndarray, buffer_m: float) -> np.ndarray:
    """Draw one survey from the model above (Poisson centres over the trap buffer, binomial days),
    for checking the estimator by simulation. Returns the animals × traps days matrix of the
    animals photographed at least once."""
    traps_xy = np.asarray(traps_xy, dtype=float)
    lo = traps_xy.min(axis=0) - buffer_m
    hi = traps_xy.max(axis=0) + buffer_m
    area_km2 = np.prod(hi - lo) / 1e6
    n = rng.poisson(density_per_100km2 / 100 * area_km2)
    centres = rng.uniform(lo, hi, size=(n, 2))
    d2 = ((centres[:, None, :] - traps_xy[None, :, :]) ** 2).sum(axis=2)
    p = g0 * np.exp(-d2 / (2 * sigma_m ** 2))
    y = rng.binomial(np.broadcast_to(np.asarray(usage, dtype=int), p.shape), p)
    return y[y.sum(axis=1) > 0]


def as_frame(fit: dict) -> pl.DataFrame:
    """One row per reported quantity: density per 100 km², then E(N) in each region."""
    rows = [{"quantity": "density_per_100km2", "region": "", "estimate": fit["density_per_100km2"],
             "se": fit["se"], "lcl": fit["lcl"], "ucl": fit["ucl"]}]
    for name, a in fit["abundance"].items():
        rows.append({"quantity": "abundance", "region": name, "estimate": a["estimate"], "se": a["se"],
                     "lcl": a["lcl"], "ucl": a["ucl"]})
    return pl.DataFrame(rows)
