#!/usr/bin/python3
"""logit-panel-produc: pooled panel logit and probit with year dummies and state-clustered SEs.

Data: plm Produc with did-produc's pseudo cohorts. y = ever = 1{cohort > 0} (the "which units became
pilots" model), regressors log(pcap), log(pc), log(emp), unemp, year dummies year::1971..year::1986
(1970 = base), intercept.
Run: cd logit-panel-produc && /usr/bin/python3 reference.py > expected.json
"""
import json
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from scipy import stats

d = pd.read_csv("data.csv")
y = (d.cohort > 0).astype(float).to_numpy()
cols = {"(Intercept)": np.ones(len(d)), "log(pcap)": np.log(d.pcap), "log(pc)": np.log(d.pc),
        "log(emp)": np.log(d.emp), "unemp": d.unemp.astype(float)}
for yr in range(1971, 1987):
    cols[f"year::{yr}"] = (d.year == yr).astype(float).to_numpy()
names = list(cols)
X = np.column_stack([np.asarray(v, dtype=float) for v in cols.values()])
groups, _ = pd.factorize(d.state)
n, k = X.shape
G = int(groups.max() + 1)


def f17(v):
    return float(v)


def block(b, V, description, factor=None):
    se = np.sqrt(np.diag(V))
    z = b / se
    c = stats.norm.ppf(0.975)
    out = {"description": description}
    if factor is not None:
        out["small_sample_factor"] = f17(factor)
    out["distribution"] = "normal"
    out["coefficients"] = [{"name": nm, "std_error": f17(se[i]), "z": f17(z[i]), "p": f17(2 * stats.norm.sf(abs(z[i]))),
                            "ci_low": f17(b[i] - c * se[i]), "ci_high": f17(b[i] + c * se[i])} for i, nm in enumerate(names)]
    out["matrix"] = np.asarray(V).tolist()
    return out


def fit(model_cls, label):
    mod = model_cls(y, X)
    res = mod.fit(method="newton", maxiter=200, tol=1e-12, disp=0)
    b = np.asarray(res.params)
    for _ in range(5):  # polish: plain Newton steps on the exact score/Hessian
        b = b - np.linalg.solve(mod.hessian(b), mod.score(b))
    score = mod.score(b)
    assert np.max(np.abs(score)) < 1e-8, score
    V = np.linalg.inv(-mod.hessian(b))
    S = mod.score_obs(b)
    Sg = np.zeros((G, k))
    np.add.at(Sg, groups, S)
    meat_g = Sg.T @ Sg
    V_hc0 = V @ (S.T @ S) @ V
    V_cl0 = V @ meat_g @ V
    V_stata = V_cl0 * G / (G - 1)
    V_sm_factor = G / (G - 1) * (n - 1) / (n - k)
    res_cl = mod.fit(start_params=b, method="newton", maxiter=0, disp=0, cov_type="cluster", cov_kwds={"groups": groups},
                     warn_convergence=False)
    V_sm = np.asarray(res_cl.cov_params())
    assert np.allclose(V_sm, V_cl0 * V_sm_factor, rtol=1e-7, atol=0), np.max(np.abs(V_sm / (V_cl0 * V_sm_factor) - 1))
    llf = mod.loglike(b)
    ybar = y.mean()
    ll0 = n * (ybar * np.log(ybar) + (1 - ybar) * np.log(1 - ybar))
    lr = 2 * (llf - ll0)
    return {
        "model": {"estimator": label, "dependent": "ever", "regressors": names[1:], "intercept": True,
                  "cluster": ["state"], "sample": "all 816 rows"},
        "observations": int(n), "clusters": [G],
        "max_abs_score": f17(np.max(np.abs(score))),
        "log_likelihood": f17(llf), "log_likelihood_null": f17(ll0), "lr_statistic": f17(lr), "lr_df": int(k - 1),
        "lr_p": f17(stats.chi2.sf(lr, k - 1)), "mcfadden_r2": f17(1 - llf / ll0),
        "default_vcov": "cluster_state_stata",
        "coefficients": [{"name": nm, "estimate": f17(b[i]), "std_error": f17(np.sqrt(V_stata[i, i])),
                          "z": f17(b[i] / np.sqrt(V_stata[i, i])), "p": f17(2 * stats.norm.sf(abs(b[i] / np.sqrt(V_stata[i, i]))))}
                         for i, nm in enumerate(names)],
        "vcov": {
            "oim": block(b, V, "observed information -H^{-1}"),
            "hc0": block(b, V_hc0, "H^{-1} (sum_i s_i s_i') H^{-1} (statsmodels cov_type='HC0')", 1.0),
            "robust_stata": block(b, V_hc0 * n / (n - 1), "Stata vce(robust): n/(n-1) x HC0", n / (n - 1)),
            "cluster_state_stata": block(b, V_stata, "Stata logit/probit vce(cluster state): G/(G-1) x H^{-1} (sum_g s_g s_g') H^{-1}; no (N-1)/(N-K) for ML models; z statistics", G / (G - 1)),
            "cluster_state_statsmodels": block(b, V_sm, "statsmodels cov_type='cluster' default (use_correction=True): G/(G-1)(N-1)/(N-K) x CR0 - differs from Stata", V_sm_factor),
        },
    }


out = {
    "case": "logit-panel-produc",
    "source": "plm::Produc (R package plm 2.6) with did-produc's pseudo cohorts; ever = 1{cohort > 0}",
    "software": f"statsmodels {statsmodels.__version__}; Newton to |score| < 1e-8, cluster sandwich written out",
    "logit": fit(sm.Logit, "logit"),
    "probit": fit(sm.Probit, "probit"),
    "notes": ["year::Y = 1{year == Y}, 1970 is the base year",
              "coefficients[] carry the default vcov (cluster_state_stata) SEs with normal p-values",
              "log_likelihood_null is the exact intercept-only value"],
}

def dumps(o, indent=0):
    pad = "  " * indent
    pad1 = "  " * (indent + 1)
    if isinstance(o, dict):
        if not o:
            return "{}"
        return "{\n" + ",\n".join(f'{pad1}"{k}": {dumps(v, indent + 1)}' for k, v in o.items()) + "\n" + pad + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        if all(not isinstance(e, (dict, list, tuple)) for e in o):
            return "[" + ", ".join(dumps(e) for e in o) + "]"
        return "[\n" + ",\n".join(pad1 + dumps(e, indent + 1) for e in o) + "\n" + pad + "]"
    if isinstance(o, bool):
        return "true" if o else "false"
    if isinstance(o, (int, np.integer)):
        return str(int(o))
    if isinstance(o, (float, np.floating)):
        v = float(o)
        return "%.17g" % v if np.isfinite(v) else "null"
    return json.dumps(o)


sys.stdout.write(dumps(out) + "\n")
