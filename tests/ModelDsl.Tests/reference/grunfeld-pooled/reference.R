# grunfeld-pooled: pooled OLS inv ~ value + capital (with intercept) on plm's Grunfeld.
# Run: cd grunfeld-pooled && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages(library(sandwich))
d <- read.csv("data.csv")

fit <- lm(inv ~ value + capital, data = d)
b <- coef(fit)
X <- model.matrix(fit); e <- resid(fit)
N <- nrow(X); K <- ncol(X); df_r <- N - K
G <- n_clusters(d$firm)
s <- summary(fit)

V_iid <- vcov(fit)                                   # s^2 (X'X)^{-1}, s^2 = RSS/(N-K)
V_hc1 <- vcovHC(fit, type = "HC1")                   # N/(N-K) * HC0
stopifnot(isTRUE(all.equal(V_hc1, vcov_hc0_raw(X, e) * N / (N - K), tolerance = 1e-12)))
cr0 <- vcov_cluster_raw(X, e, d$firm)
f_stata <- G / (G - 1) * (N - 1) / (N - K)           # Stata regress, vce(cluster firm)
V_cr1 <- cr0 * f_stata
V_vcovcl <- vcovCL(fit, cluster = ~firm)             # sandwich default: type HC1, cadjust = TRUE
f_vcovcl <- G / (G - 1) * (N - 1) / (N - K)
stopifnot(isTRUE(all.equal(unname(V_vcovcl), unname(cr0 * f_vcovcl), tolerance = 1e-12)))
V_cr1_g <- cr0 * G / (G - 1)                         # G/(G-1) only (vcovCL(type = "HC0"))
stopifnot(isTRUE(all.equal(unname(vcovCL(fit, cluster = ~firm, type = "HC0")), unname(V_cr1_g), tolerance = 1e-12)))

# independent check: estimatr's Stata CR1 and HC1 for OLS
suppressPackageStartupMessages(library(estimatr))
stopifnot(max(abs(lm_robust(inv ~ value + capital, data = d, clusters = firm, se_type = "stata")$std.error / sqrt(diag(V_cr1)) - 1)) < 1e-10,
          max(abs(lm_robust(inv ~ value + capital, data = d, se_type = "HC1")$std.error / sqrt(diag(V_hc1)) - 1)) < 1e-10)

tss <- sum((d$inv - mean(d$inv))^2); rss <- sum(e^2)
out <- list(
  case = "grunfeld-pooled",
  source = "plm::Grunfeld (R package plm 2.6), 10 firms x 20 years, balanced",
  model = list(estimator = "ols", dependent = "inv", regressors = arr(c("value", "capital")),
               intercept = TRUE, fixed_effects = arr(character(0)), cluster = arr("firm"),
               sample = "all 200 rows"),
  software = "R lm(); sandwich::vcovHC, sandwich::vcovCL; cluster CR1 written out",
  observations = N, df_residual = df_r, rss = rss, tss = tss,
  r2 = s$r.squared, r2_adjusted = s$adj.r.squared, r2_within = NULL,
  sigma = s$sigma, rmse = sqrt(rss / N),
  f_iid = list(f = unname(s$fstatistic["value"]), df1 = unname(s$fstatistic["numdf"]),
               df2 = unname(s$fstatistic["dendf"]),
               p = unname(pf(s$fstatistic["value"], s$fstatistic["numdf"], s$fstatistic["dendf"], lower.tail = FALSE))),
  default_vcov = "cluster_firm_cr1",
  coefficients = NULL,
  vcov = list(
    iid = vcov_block(b, V_iid, df_r, "s^2 (X'X)^{-1}, s^2 = RSS/(N-K), t with N-K df"),
    hc1 = vcov_block(b, V_hc1, df_r, "HC1 = N/(N-K) * (X'X)^{-1} X' diag(e^2) X (X'X)^{-1} (sandwich::vcovHC type HC1, Stata robust), t with N-K df",
                     small_sample_factor = N / (N - K)),
    cluster_firm_cr1 = vcov_block(b, V_cr1, G - 1,
      "CR1 Stata: G/(G-1)*(N-1)/(N-K) * (X'X)^{-1} sum_g X_g'e_g e_g'X_g (X'X)^{-1}, K = 3 (2 slopes + intercept), t with G-1 df",
      small_sample_factor = f_stata, clusters = G, extra = list(k_small_sample = K)),
    cluster_firm_stata = vcov_block(b, V_cr1, G - 1,
      "same as cluster_firm_cr1 (the name used by the FE cases): Stata regress vce(cluster firm), K = 3, t with G-1 df",
      small_sample_factor = f_stata, clusters = G, extra = list(k_small_sample = K)),
    cluster_firm_vcovcl = vcov_block(b, V_vcovcl, G - 1,
      "sandwich::vcovCL(fit, cluster = ~firm) default (type = 'HC1', cadjust = TRUE): G/(G-1)*(N-1)/(N-K), identical to Stata CR1 for OLS; t with G-1 df",
      small_sample_factor = f_vcovcl, clusters = G),
    cluster_firm_g_only = vcov_block(b, V_cr1_g, G - 1,
      "sandwich::vcovCL(type = 'HC0'): G/(G-1) only, no (N-1)/(N-K); t with G-1 df",
      small_sample_factor = G / (G - 1), clusters = G)
  ),
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
                "sandwich::vcovCL default equals the Stata CR1 factor for lm models (checked in the script)"))
)
dv <- out$vcov[[out$default_vcov]]
out$coefficients <- lapply(seq_along(b), function(i) c(list(name = names(b)[i], estimate = unname(b[i])),
  dv$coefficients[[i]][c("std_error", "t", "p", "ci_low", "ci_high")]))
out$clusters <- dv$clusters
write_json(out)
