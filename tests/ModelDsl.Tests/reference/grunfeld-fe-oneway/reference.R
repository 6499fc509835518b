# grunfeld-fe-oneway: inv ~ value + capital with firm fixed effects on plm's Grunfeld.
# Run: cd grunfeld-fe-oneway && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm); library(sandwich) })
d <- read.csv("data.csv")
pd <- pdata.frame(d, index = c("firm", "year"))

w <- plm(inv ~ value + capital, data = pd, model = "within")     # plm within (one-way, individual)
f <- fe_fit(d, "inv", c("value", "capital"), "firm")              # exact LSDV/FWL, same estimates
b <- f$b
stopifnot(isTRUE(all.equal(unname(coef(w)), unname(b), tolerance = 1e-12)))
N <- f$N; k <- f$k; G <- n_clusters(d$firm); df_r <- f$df_residual   # N - k - G = 188
stopifnot(df_r == N - k - G)

# iid: plm's default, s^2 = RSS/(N-k-G)
V_iid <- f$sigma^2 * solve(crossprod(f$Xt))
stopifnot(isTRUE(all.equal(unname(vcov(w)), unname(V_iid), tolerance = 1e-12)))

# cluster by firm, Stata xtreg fe / reghdfe / fixest: firm FE nested in the firm cluster,
# K = slopes + 1 (constant) = 3
cr0 <- vcov_cluster_raw(f$Xt, f$e, d$firm)
K_st <- k_stata(f, d, "firm"); stopifnot(K_st == k + 1)
f_st <- G / (G - 1) * (N - 1) / (N - K_st)
V_st <- cr0 * f_st
# plm conventions
V_plm_hc1 <- vcovHC(w, method = "arellano", type = "HC1", cluster = "group")  # N/(N-k), k = slopes
V_plm_hc0 <- vcovHC(w, method = "arellano", type = "HC0", cluster = "group")  # plm default, no factor
V_plm_sss <- vcovHC(w, method = "arellano", type = "sss", cluster = "group")  # G/(G-1)(N-1)/(N-k), k = slopes
stopifnot(isTRUE(all.equal(unname(V_plm_hc1[, ]), unname(cr0 * N / (N - k)), tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(unname(V_plm_hc0[, ]), unname(cr0), tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(unname(V_plm_sss[, ]), unname(cr0 * G / (G - 1) * (N - 1) / (N - k)), tolerance = 1e-12)))
# HC1 (heteroskedasticity-robust, not clustered), reghdfe/fixest convention: N/(N-K_full),
# K_full = slopes + G (all FE parameters, as `areg, robust` / `reghdfe, vce(robust)`)
V_hc1 <- vcov_hc0_raw(f$Xt, f$e) * N / df_r

# areg convention (all G firm levels counted in K), cross-checked with estimatr
V_areg <- cr0 * G / (G - 1) * (N - 1) / df_r
suppressPackageStartupMessages(library(estimatr))
ea <- lm_robust(inv ~ value + capital, data = d, fixed_effects = ~firm, clusters = firm, se_type = "stata")
stopifnot(max(abs(ea$std.error / sqrt(diag(V_areg)) - 1)) < 1e-10)

# Stata-style constant from the augmented design (xtreg fe's _cons)
aug <- augmented_design(f)
A <- aug$A; bA <- c(`_cons` = aug$cons, b)
V_cons_iid <- f$sigma^2 * solve(crossprod(A))
V_cons_cl <- vcov_cluster_raw(A, f$e, d$firm) * f_st
wi <- within_intercept(w)               # plm's overall intercept (same definition), iid SE
stopifnot(isTRUE(all.equal(as.numeric(wi), aug$cons, tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(unname(attr(wi, "se")), sqrt(V_cons_iid[1, 1]), tolerance = 1e-10)))

# plm::within_intercept with the "sss" cluster vcov re-fits the augmented model (K = 3), so it must
# reproduce the Stata cluster SE of the constant exactly
wi_cl <- within_intercept(w, vcov = function(x) vcovHC(x, method = "arellano", type = "sss"))
stopifnot(abs(attr(wi_cl, "se") / sqrt(V_cons_cl[1, 1]) - 1) < 1e-10)

# F tests (iid): slopes jointly zero (within F, as plm/Stata), all firm effects zero (Stata's u_i F)
fw <- (f$r2_within / k) / ((1 - f$r2_within) / df_r)
rss_pool <- sum(resid(lm(inv ~ value + capital, data = d))^2)
fu <- ((rss_pool - f$rss) / (G - 1)) / (f$rss / df_r)

out <- c(list(
  case = "grunfeld-fe-oneway",
  source = "plm::Grunfeld (R package plm 2.6), 10 firms x 20 years, balanced",
  model = list(estimator = "fe", dependent = "inv", regressors = arr(c("value", "capital")),
               intercept = FALSE, fixed_effects = arr("firm"), cluster = arr("firm"),
               sample = "all 200 rows"),
  software = "R plm::plm(model='within'), plm::vcovHC, plm::within_intercept; Stata conventions written out from the FWL design"),
  fit_stats(f),
  list(
  fe_levels = fe_levels(f),
  f_slopes_iid = list(f = fw, df1 = k, df2 = df_r, p = pf(fw, k, df_r, lower.tail = FALSE)),
  f_fixed_effects_iid = list(f = fu, df1 = G - 1, df2 = df_r, p = pf(fu, G - 1, df_r, lower.tail = FALSE)),
  default_vcov = "cluster_firm_stata",
  coefficients = coef_list(b),
  vcov = list(
    iid = vcov_block(b, V_iid, df_r, "s^2 (Xt'Xt)^{-1}, s^2 = RSS/(N-k-G) (plm default, Stata xtreg fe), t with N-k-G = 188 df"),
    hc1 = vcov_block(b, V_hc1, df_r, "HC1 with K_full = k + G: N/(N-k-G) * (Xt'Xt)^{-1} Xt' diag(e^2) Xt (Xt'Xt)^{-1} (reghdfe vce(robust) / areg robust / fixest hetero), t with N-k-G df",
                     small_sample_factor = N / df_r),
    cluster_firm_stata = vcov_block(b, V_st, G - 1,
      "CR1 Stata xtreg fe vce(cluster firm) / reghdfe / fixest: G/(G-1)*(N-1)/(N-K), K = slopes + 1 = 3 (firm FE nested in cluster), t with G-1 df",
      small_sample_factor = f_st, clusters = G, extra = list(k_small_sample = K_st)),
    cluster_firm_areg = vcov_block(b, V_areg, G - 1,
      "CR1 with ALL FE parameters in K (Stata areg vce(cluster), estimatr::lm_robust(fixed_effects=~firm, se_type='stata')): G/(G-1)*(N-1)/(N-k-G), t with G-1 df",
      small_sample_factor = G / (G - 1) * (N - 1) / df_r, clusters = G, extra = list(k_small_sample = k + G)),
    cluster_firm_plm_hc1 = vcov_block(b, V_plm_hc1[, ], df_r,
      "plm::vcovHC(method='arellano', type='HC1', cluster='group'): N/(N-k) * CR0, k = slopes = 2; plm's coeftest uses t with N-k-G df",
      small_sample_factor = N / (N - k), clusters = G),
    cluster_firm_plm_hc0 = vcov_block(b, V_plm_hc0[, ], df_r,
      "plm::vcovHC(method='arellano') default type HC0: CR0, no factor; t with N-k-G df",
      small_sample_factor = 1, clusters = G),
    cluster_firm_plm_sss = vcov_block(b, V_plm_sss[, ], df_r,
      "plm::vcovHC(method='arellano', type='sss'): G/(G-1)*(N-1)/(N-k), k = slopes = 2 (NOT Stata's K = 3); t with N-k-G df",
      small_sample_factor = G / (G - 1) * (N - 1) / (N - k), clusters = G)
  ),
  stata_constant = list(
    description = "xtreg fe / reghdfe _cons = mean(y) - mean(X)'b; variance from the augmented design A = [1, Xt + 1 mean(X)'] with the FE residuals: iid s^2 (A'A)^{-1} (= s^2/N + mean(X)'V_b mean(X)), cluster f_stata (A'A)^{-1} A' Omega A (A'A)^{-1}",
    estimate = aug$cons,
    iid = vcov_block(bA, V_cons_iid, df_r, "iid, s^2 = RSS/(N-k-G); equals plm::within_intercept(w)"),
    cluster_firm_stata = vcov_block(bA, V_cons_cl, G - 1, "cluster firm, Stata CR1 factor as cluster_firm_stata; equals plm::within_intercept(w, vcov = vcovHC(type='sss'))", small_sample_factor = f_st, clusters = G)
  ),
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
    "r2 and r2_adjusted are of the full LSDV model (firm dummies): 1-(1-r2)(N-1)/(N-k-G)",
    "r2_within = 1 - RSS / sum((y - firm mean of y)^2) (plm's r.squared for within; fixest wr2)",
    "r2_within_adjusted = 1 - (1 - r2_within)(N-1)/(N-k-G) (plm's adjusted r.squared)",
    "sigma = sqrt(RSS/(N-k-G)) (Stata Root MSE / sigma_e); rmse = sqrt(RSS/N) (fixest)"))
))
write_json(with_default_se(out))
