# iv-diagnostics: AER::ivreg diagnostics (weak-instrument F, Wu-Hausman, Sargan) on the Stock-Watson cigarette
# demand for 1995: log(packs) ~ log(rprice) + log(rincome), log(rprice) instrumented by the sales-tax difference
# (exactly identified) and by it and the real cigarette tax (overidentified).
# Run: cd iv-diagnostics && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages(library(AER))
d <- read.csv("data.csv")
N <- nrow(d)

one <- function(formula, label) {
  m <- ivreg(formula, data = d)
  s <- summary(m, diagnostics = TRUE)
  dg <- s$diagnostics
  # Written out and asserted equal to AER: the weak-instrument F is the classical F of the excluded instruments in
  # the first stage; Sargan is N R^2 of the 2SLS residuals on all instruments (= e'P_Z e / (e'e/N): the residuals
  # have mean zero); Wu-Hausman is the F of the first-stage residual added to the OLS regression.
  excluded <- setdiff(colnames(model.matrix(m, component = "instruments")), colnames(model.matrix(m, component = "regressors")))
  Z <- model.matrix(m, component = "instruments")
  Zr <- Z[, setdiff(colnames(Z), excluded), drop = FALSE]
  f1 <- lm.fit(Z, d$lrprice); f0 <- lm.fit(Zr, d$lrprice)
  l1 <- length(excluded)
  fstat <- ((sum(f0$residuals^2) - sum(f1$residuals^2)) / l1) / (sum(f1$residuals^2) / (N - ncol(Z)))
  stopifnot(isTRUE(all.equal(fstat, unname(dg["Weak instruments", "statistic"]), tolerance = 1e-12)))
  e <- resid(m)
  sargan <- drop(t(e) %*% Z %*% solve(crossprod(Z), t(Z) %*% e)) / (sum(e^2) / N)
  if (l1 > 1) stopifnot(isTRUE(all.equal(sargan, unname(dg["Sargan", "statistic"]), tolerance = 1e-10)))
  X <- model.matrix(m, component = "regressors")
  rss_ols <- sum(lm.fit(X, d$lpacks)$residuals^2)
  rss_aug <- sum(lm.fit(cbind(X, f1$residuals), d$lpacks)$residuals^2)
  wh <- ((rss_ols - rss_aug) / 1) / (rss_aug / (N - ncol(X) - 1))
  stopifnot(isTRUE(all.equal(wh, unname(dg["Wu-Hausman", "statistic"]), tolerance = 1e-10)))
  test <- function(row) list(statistic = unname(dg[row, "statistic"]), df1 = unname(dg[row, "df1"]),
                             df2 = unname(dg[row, "df2"]), p = unname(dg[row, "p-value"]))
  list(
    label = label,
    excluded = arr(excluded),
    coefficients = coef_list(coef(m)),
    weak_instruments = test("Weak instruments"),
    wu_hausman = test("Wu-Hausman"),
    sargan = if (l1 > 1) test("Sargan") else NULL,
    durbin = N * (rss_ols - rss_aug) / rss_ols
  )
}

write_json(list(
  source = "AER::CigarettesSW, year 1995 (Stock and Watson), AER::ivreg + summary(diagnostics = TRUE)",
  observations = N,
  models = list(
    one(lpacks ~ lrprice + lrincome | lrincome + tdiff, "exactly identified: tdiff"),
    one(lpacks ~ lrprice + lrincome | lrincome + tdiff + rtax, "overidentified: tdiff, rtax")
  )
))
