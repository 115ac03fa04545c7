"""Reference fit for InsightOS's logistic regression: scikit-learn's own pipeline.

    sklearn_logistic_regression.py TRAIN_X TRAIN_Y EVAL_X COLS C [TOL MAX_ITER [SOLVER [PROBA_OUT]]]

Matrices are raw little-endian float64, row-major, NaN for missing. Fits
SimpleImputer(mean) -> StandardScaler -> LogisticRegression(C, lbfgs) on the training
rows (solver lbfgs, scikit-learn's default, unless SOLVER says otherwise) and prints one JSON object: the fitted imputer/scaler/model parameters, the
probabilities for EVAL_X, the number of iterations and the fit time in seconds
(measured around Pipeline.fit only, so process start-up and file reading do not count).
With PROBA_OUT the probabilities go there as raw float64 instead of into the JSON.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def main():
    train_x, train_y, eval_x, cols, c = sys.argv[1:6]
    tol = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-4
    max_iter = int(sys.argv[7]) if len(sys.argv) > 7 else 100
    solver = sys.argv[8] if len(sys.argv) > 8 else "lbfgs"
    proba_out = sys.argv[9] if len(sys.argv) > 9 else None
    cols = int(cols)
    x = np.fromfile(train_x, dtype="<f8").reshape(-1, cols)
    y = np.fromfile(train_y, dtype="<f8")
    x_eval = np.fromfile(eval_x, dtype="<f8").reshape(-1, cols)
    # keep_empty_features: a column missing in every training row stays (imputed 0), as ours.
    imputer_args = {"strategy": "mean"}
    if "keep_empty_features" in SimpleImputer().get_params():
        imputer_args["keep_empty_features"] = True
    model = Pipeline([
        ("impute", SimpleImputer(**imputer_args)),
        ("scale", StandardScaler()),
        ("logreg", LogisticRegression(C=float(c), tol=tol, max_iter=max_iter, solver=solver)),
    ])
    start = time.perf_counter()
    with warnings.catch_warnings():
        # An unconverged default fit is part of what is being compared; n_iter says so.
        warnings.simplefilter("ignore")
        model.fit(x, y)
    seconds = time.perf_counter() - start
    logreg = model.named_steps["logreg"]
    out = {
        "impute": model.named_steps["impute"].statistics_.tolist(),
        "mean": model.named_steps["scale"].mean_.tolist(),
        "scale": model.named_steps["scale"].scale_.tolist(),
        "coef": logreg.coef_[0].tolist(),
        "intercept": float(logreg.intercept_[0]),
        "n_iter": int(logreg.n_iter_[0]),
        "fit_seconds": seconds,
    }
    proba = model.predict_proba(x_eval)[:, 1]
    if proba_out:
        proba.astype("<f8").tofile(proba_out)
    else:
        out["eval_proba"] = proba.tolist()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
