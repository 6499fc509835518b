#!/usr/bin/python3
"""logit-probit-swisslabor: statsmodels reference for logit and probit on AER's SwissLabor.

participation ~ income + age + I(age^2) + education + youngkids + oldkids + foreign (with intercept).
Run (Debian's python3 with statsmodels): cd logit-probit-swisslabor && /usr/bin/python3 reference.py > expected.json
"""
import json
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats

d = pd.read_csv("data.csv")
names = ["(Intercept)", "income", "age", "I(age^2)", "education", "youngkids", "oldkids", "foreign"]
X = np.column_stack([np.ones(len(d)), d.income, d.age, d.age ** 2, d.education, d.youngkids, d.oldkids, d.foreign])
y = d.participation.to_numpy(dtype=float)
n = len(y)


def f17(v):
    return float(v)


def coef_rows(b, se, dist="normal"):
    rows = []
    for i, nm in enumerate(names):
        z = b[i] / se[i]
        p = 2 * stats.norm.sf(abs(z))
        c = stats.norm.ppf(0.975)
        rows.append({"name": nm, "estimate": f17(b[i]), "std_error": f17(se[i]), "z": f17(z), "p": f17(p),
                     "ci_low": f17(b[i] - c * se[i]), "ci_high": f17(b[i] + c * se[i])})
    return rows


def margeff_rows(me):
    rows = []
    for i, nm in enumerate(names[1:]):
        rows.append({"name": nm, "effect": f17(me.margeff[i]), "std_error": f17(me.margeff_se[i]),
                     "z": f17(me.tvalues[i]), "p": f17(me.pvalues[i])})
    return rows


def fit(model_cls, label):
    mod = model_cls(y, X)
    res = mod.fit(method="newton", maxiter=100, tol=1e-14, disp=0)
    b = res.params
    score = mod.score(b)
    assert np.max(np.abs(score)) < 1e-8, score
    V_oim = np.linalg.inv(-mod.hessian(b))                 # observed information (statsmodels, Stata default)
    assert np.allclose(V_oim, res.cov_params(), rtol=1e-10, atol=0)
    res_hc0 = mod.fit(method="newton", maxiter=100, tol=1e-14, disp=0, cov_type="HC0")
    V_hc0 = res_hc0.cov_params()
    # HC0 sandwich written out: H^{-1} (sum_i s_i s_i') H^{-1}
    S = mod.score_obs(b)
    V_hc0_manual = V_oim @ (S.T @ S) @ V_oim
    assert np.allclose(V_hc0, V_hc0_manual, rtol=1e-9, atol=0)
    V_stata = V_hc0 * n / (n - 1)                           # Stata vce(robust): n/(n-1) x HC0
    ybar = y.mean()
    ll0 = n * (ybar * np.log(ybar) + (1 - ybar) * np.log(1 - ybar))   # exact null log-likelihood (intercept only)
    assert abs(ll0 - res.llnull) < 1e-6  # statsmodels fits its null model only loosely
    lr = 2 * (res.llf - ll0)
    me_all = res.get_margeff(at="overall", method="dydx")
    me_mean = res.get_margeff(at="mean", method="dydx")
    return {
        "model": {"estimator": label, "dependent": "participation",
                  "regressors": names[1:], "intercept": True, "sample": "all 872 rows"},
        "observations": int(n),
        "converged": bool(res.mle_retvals["converged"]),
        "iterations": int(res.mle_retvals["iterations"]),
        "max_abs_score": f17(np.max(np.abs(score))),
        "log_likelihood": f17(res.llf),
        "log_likelihood_null": f17(ll0),
        "lr_statistic": f17(lr),
        "lr_df": int(res.df_model),
        "lr_p": f17(stats.chi2.sf(lr, res.df_model)),
        "mcfadden_r2": f17(1 - res.llf / ll0),
        "aic": f17(res.aic),
        "bic": f17(res.bic),
        "coefficients": coef_rows(b, np.sqrt(np.diag(V_oim))),
        "vcov": {
            "oim": {"description": "inverse of the observed information -H(b)^{-1} (statsmodels default; Stata default); z statistics",
                    "coefficients": coef_rows(b, np.sqrt(np.diag(V_oim))), "matrix": V_oim.tolist()},
            "hc0": {"description": "statsmodels cov_type='HC0': H^{-1} (sum_i s_i s_i') H^{-1}, no small-sample factor",
                    "small_sample_factor": 1.0,
                    "coefficients": coef_rows(b, np.sqrt(np.diag(V_hc0))), "matrix": np.asarray(V_hc0).tolist()},
            "robust_stata": {"description": "Stata vce(robust): n/(n-1) x HC0",
                             "small_sample_factor": f17(n / (n - 1)),
                             "coefficients": coef_rows(b, np.sqrt(np.diag(V_stata))), "matrix": np.asarray(V_stata).tolist()},
        },
        "average_marginal_effects": {
            "description": "statsmodels get_margeff(at='overall', method='dydx'): mean over rows of dPr/dx_j, delta-method SE with the OIM vcov; every column treated as continuous (I(age^2) and age separately, dummies as derivatives)",
            "effects": margeff_rows(me_all)},
        "marginal_effects_at_means": {
            "description": "statsmodels get_margeff(at='mean', method='dydx'): dPr/dx_j at the column means (I(age^2) at the mean of age^2), delta-method SE with the OIM vcov",
            "effects": margeff_rows(me_mean)},
        "default_vcov": "oim",
    }


out = {
    "case": "logit-probit-swisslabor",
    "source": "AER::SwissLabor (R package AER), 872 observations; participation and foreign coded yes = 1",
    "software": f"statsmodels {statsmodels.__version__} (scipy {scipy.__version__}, numpy {np.__version__}), Logit/Probit fitted by Newton with tol 1e-14",
    "logit": fit(sm.Logit, "logit"),
    "probit": fit(sm.Probit, "probit"),
    "notes": ["log_likelihood_null is the exact intercept-only value n[ybar log ybar + (1-ybar) log(1-ybar)]; lr_statistic = 2(LL - LL0); mcfadden_r2 = 1 - LL/LL0",
              "coefficients[] carry the OIM standard errors and z/normal p-values",
              "glm reference (R) in expected_glm.json: logit identical; probit glm SEs use the EXPECTED information (Fisher scoring), so they differ from OIM"],
}


def dump(o, indent=0):
    pad = "  " * indent
    pad1 = "  " * (indent + 1)
    if isinstance(o, dict):
        if not o:
            return "{}"
        return "{\n" + ",\n".join(f"{pad1}{json.dumps(k)}: {dump(v, indent + 1)}" for k, v in o.items()) + "\n" + pad + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        if all(not isinstance(e, (dict, list, tuple)) for e in o):
            return "[" + ", ".join(dump(e) for e in o) + "]"
        return "[\n" + ",\n".join(pad1 + dump(e, indent + 1) for e in o) + "\n" + pad + "]"
    if isinstance(o, bool):
        return "true" if o else "false"
    if isinstance(o, (int, np.integer)):
        return str(int(o))
    if isinstance(o, (float, np.floating)):
        v = float(o)
        if not np.isfinite(v):
            return "null"
        return "%.17g" % v
    return json.dumps(o)


sys.stdout.write(dump(out) + "\n")
