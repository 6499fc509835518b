"""Reference numbers for ModelDsl's logit/probit on SwissLabor (statsmodels, Debian python3-statsmodels).

Run with /usr/bin/python3 reference.py > expected.json.
Observed-information SEs (statsmodels' default = Stata's default), robust sandwich with the bread = inverse
observed Hessian and the factor n/(n-1) (Stata's vce(robust) for ML), cluster sandwich by `age` with G/(G-1),
average marginal effects and effects at the means with delta-method SEs (get_margeff, dummy=False).
"""
import json
import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv("data.csv")
xnames = ["income", "age", "age2", "education", "youngkids", "oldkids", "foreign"]
y = d["participation"].to_numpy(float)

def design(frame, names):
    X = sm.add_constant(frame[names].astype(float), prepend=True)
    return X

def case(model_cls, X, names, cluster=None):
    m = model_cls(y, X)
    r = m.fit(method="newton", tol=1e-14, maxiter=200, disp=False)
    beta = r.params.to_numpy()
    H = m.hessian(beta)
    Hinv = np.linalg.inv(H)
    S = m.score_obs(beta)
    n = X.shape[0]
    robust = Hinv @ (S.T @ S) @ Hinv * n / (n - 1)
    out = {
        "names": ["(Intercept)"] + names,
        "coefficients": beta.tolist(),
        "se_oim": np.sqrt(np.diag(np.linalg.inv(-H))).tolist(),
        "se_robust": np.sqrt(np.diag(robust)).tolist(),
        "log_likelihood": r.llf,
        "null_log_likelihood": r.llnull,
        "lr_statistic": r.llr,
        "lr_df": r.df_model,
        "lr_p": r.llr_pvalue,
        "pseudo_r2": r.prsquared,
        "max_abs_score": float(np.max(np.abs(m.score(beta)))),
    }
    if cluster is not None:
        g = d[cluster].to_numpy()
        levels = np.unique(g)
        G = len(levels)
        meat = np.zeros((X.shape[1], X.shape[1]))
        for lv in levels:
            s = S[g == lv].sum(axis=0)
            meat += np.outer(s, s)
        vc = Hinv @ meat @ Hinv * G / (G - 1)
        out["se_cluster_" + cluster] = np.sqrt(np.diag(vc)).tolist()
        out["clusters"] = G
    ame = r.get_margeff(at="overall", method="dydx", dummy=False)
    mem = r.get_margeff(at="mean", method="dydx", dummy=False)
    out["ame"] = ame.margeff.tolist()
    out["ame_se"] = ame.margeff_se.tolist()
    out["mem"] = mem.margeff.tolist()
    out["mem_se"] = mem.margeff_se.tolist()
    out["fitted_first5"] = r.predict(X)[:5].tolist()
    return out

X = design(d, xnames)
res = {
    "source": "statsmodels " + sm.__version__ if hasattr(sm, "__version__") else "statsmodels",
    "n": int(len(y)),
    "logit": case(sm.Logit, X, xnames, cluster="age"),
    "probit": case(sm.Probit, X, xnames, cluster="age"),
}
# Factor regressor: youngkids as a categorical (levels 0,1,2,3; level 0 dropped) in a pooled logit.
fnames = ["income", "age", "age2", "education", "oldkids", "foreign"]
dummies = pd.get_dummies(d["youngkids"].astype(int), prefix="youngkids", drop_first=True).astype(float)
Xf = pd.concat([design(d, fnames), dummies], axis=1)
res["logit_factor"] = case(sm.Logit, Xf, fnames + list(dummies.columns))
print(json.dumps(res, indent=1))
