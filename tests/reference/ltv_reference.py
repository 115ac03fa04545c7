#!/usr/bin/python3
"""Independent SciPy reference for the LTV models (BG/NBD and Gamma-Gamma).

Written from the papers, not from the C++ code: Fader, Hardie & Lee (2005) for
the BG/NBD likelihood and the conditional expectation; Fader & Hardie
(2013, note 025) for Gamma-Gamma. Uses only numpy and scipy (Debian's python3-scipy).

Commands (JSON on stdout):
  fit SUMMARY_CSV [--repeat N]  fit both models by scipy.optimize.minimize (L-BFGS-B with
                                finite-difference gradients, lifetimes' log-parameterisation);
                                reports parameters, log-likelihoods and the best fit time of N runs.
  loglik                         read "r alpha a b x t_x T" lines on stdin, print ln L per line.
  expected                       read "r alpha a b x t_x T t" lines, print E[Y(t) | x, t_x, T].
  hyp2f1                         read "a b c z" lines, print scipy.special.hyp2f1.
"""
import csv
import json
import sys
import time

import numpy as np
from scipy import optimize, special


def read_summary(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    def col(*names):
        for n in names:
            if n in rows[0]:
                return np.array([float(r[n]) for r in rows])
        return None
    x = col("frequency", "x")
    t_x = col("recency", "t_x")
    T = col("T", "age")
    m = col("monetary_value", "zbar")
    return x, t_x, T, m


def bgnbd_loglik(r, alpha, a, b, x, t_x, T):
    """ln L per customer, the FHL 2005 likelihood, via logaddexp of its two terms."""
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    term1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        term2 = np.where(x > 0,
                         special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - special.betaln(a, b)
                         - (r + x) * np.log(alpha + t_x),
                         -np.inf)
    return common + np.logaddexp(term1, term2)


def gg_loglik(p, q, v, x, m):
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + x * m))


def fit_bgnbd(x, t_x, T):
    def objective(log_params):
        r, alpha, a, b = np.exp(log_params)
        return -np.sum(bgnbd_loglik(r, alpha, a, b, x, t_x, T)) / len(x)
    res = optimize.minimize(objective, np.zeros(4), method="L-BFGS-B",
                            options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 10000})
    r, alpha, a, b = np.exp(res.x)
    return {"r": r, "alpha": alpha, "a": a, "b": b,
            "log_likelihood": float(np.sum(bgnbd_loglik(r, alpha, a, b, x, t_x, T))),
            "success": bool(res.success), "evaluations": int(res.nfev)}


def fit_gg(x, m):
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    def objective(log_params):
        p, q, v = np.exp(log_params)
        return -np.sum(gg_loglik(p, q, v, x, m)) / len(x)
    res = optimize.minimize(objective, np.zeros(3), method="L-BFGS-B",
                            options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 10000})
    p, q, v = np.exp(res.x)
    return {"p": p, "q": q, "v": v, "log_likelihood": float(np.sum(gg_loglik(p, q, v, x, m))),
            "customers": int(keep.sum()), "success": bool(res.success), "evaluations": int(res.nfev)}


def conditional_expected(r, alpha, a, b, x, t_x, T, t):
    """The FHL 2005 conditional expectation, literally, with scipy's hyp2f1."""
    z = t / (alpha + T + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    denominator = 1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    return numerator / denominator


def read_rows(width):
    for line in sys.stdin:
        values = [float(v) for v in line.split()]
        if len(values) == width:
            yield values


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "fit":
        x, t_x, T, m = read_summary(argv[2])
        repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
        best = None
        for _ in range(repeat):
            start = time.perf_counter()
            bg = fit_bgnbd(x, t_x, T)
            gg = fit_gg(x, m) if m is not None else None
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(json.dumps({"bg_nbd": bg, "gamma_gamma": gg, "fit_seconds": best, "customers": len(x)}))
    elif command == "loglik":
        for r, alpha, a, b, x, t_x, T in read_rows(7):
            print(repr(float(bgnbd_loglik(r, alpha, a, b, np.float64(x), t_x, T))))
    elif command == "expected":
        for r, alpha, a, b, x, t_x, T, t in read_rows(8):
            print(repr(float(conditional_expected(r, alpha, a, b, x, t_x, T, t))))
    elif command == "hyp2f1":
        for a, b, c, z in read_rows(4):
            print(repr(float(special.hyp2f1(a, b, c, z))))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
