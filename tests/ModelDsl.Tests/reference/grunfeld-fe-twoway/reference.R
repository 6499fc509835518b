# grunfeld-fe-twoway: inv ~ value + capital with firm + year fixed effects on plm's Grunfeld.
# Run: cd grunfeld-fe-twoway && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm); library(sandwich) })
d <- read.csv("data.csv")
pd <- pdata.frame(d, index = c("firm", "year"))

w <- plm(inv ~ value + capital, data = pd, model = "within", effect = "twoways")
f <- fe_fit(d, "inv", c("value", "capital"), c("firm", "year"))
b <- f$b; N <- f$N
stopifnot(isTRUE(all.equal(unname(coef(w)), unname(b), tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(unname(vcov(w)), unname(f$sigma^2 * solve(crossprod(f$Xt))), tolerance = 1e-12)))
lsdv <- lm(inv ~ value + capital + factor(firm) + factor(year), data = d)
stopifnot(isTRUE(all.equal(unname(coef(lsdv)[2:3]), unname(b), tolerance = 1e-10)))
stopifnot(isTRUE(all.equal(summary(lsdv)$r.squared, f$r2, tolerance = 1e-12)),
          isTRUE(all.equal(summary(lsdv)$adj.r.squared, f$r2_adjusted, tolerance = 1e-12)))

std <- fe_standard_vcovs(f, d, c("firm", "year"))
G <- n_clusters(d$firm)
V_plm_hc1 <- vcovHC(w, method = "arellano", type = "HC1", cluster = "group")
blocks <- c(std$blocks, twoway_cluster_blocks(f, d, "firm", "year"), list(
  cluster_firm_plm_hc1 = vcov_block(b, V_plm_hc1[, ], f$df_residual,
    "plm::vcovHC(method='arellano', type='HC1', cluster='group') on the two-way within model: N/(N-k) * CR0 with k = 2 slopes; t with df_residual (plm)",
    small_sample_factor = N / (N - f$k), clusters = G)))
stopifnot(isTRUE(all.equal(unname(V_plm_hc1[, ]), unname(vcov_cluster_raw(f$Xt, f$e, d$firm) * N / (N - f$k)), tolerance = 1e-12)))

# independent check: estimatr (areg convention and HC1)
suppressPackageStartupMessages(library(estimatr))
se_of <- function(blk) vapply(blk$coefficients, function(r) r$std_error, 0)
ea <- lm_robust(inv ~ value + capital, data = d, fixed_effects = ~firm + year, clusters = firm, se_type = "stata")
eh <- lm_robust(inv ~ value + capital, data = d, fixed_effects = ~firm + year, se_type = "HC1")
stopifnot(max(abs(ea$std.error / se_of(blocks$cluster_firm_areg) - 1)) < 1e-10,
          max(abs(eh$std.error / se_of(blocks$hc1) - 1)) < 1e-10)
# independent check of the two-way CGM pieces: sandwich::vcovCL on the dummy-variable lm with
# type = "HC0" (cadjust G/(G-1) per component, intersection included) equals the conventional block
# without its common (N-1)/(N-K)
cv <- blocks$cluster_firm_year_conventional
V_sw <- vcovCL(lsdv, cluster = ~firm + year, type = "HC0")[2:3, 2:3]
stopifnot(max(abs(V_sw / (cv$matrix / cv$n_minus_1_over_n_minus_k) - 1)) < 1e-10)
fw <- (f$r2_within / f$k) / ((1 - f$r2_within) / f$df_residual)
out <- c(list(
  case = "grunfeld-fe-twoway",
  source = "plm::Grunfeld (R package plm 2.6), 10 firms x 20 years, balanced",
  model = list(estimator = "fe", dependent = "inv", regressors = arr(c("value", "capital")),
               intercept = FALSE, fixed_effects = arr(c("firm", "year")), cluster = arr("firm"),
               sample = "all 200 rows"),
  software = "R: exact least squares on firm and year dummies (FWL), checked against plm(effect='twoways') and lm with factor dummies; vcovs written out"),
  fit_stats(f),
  list(fe_levels = fe_levels(f),
  f_slopes_iid = list(f = fw, df1 = f$k, df2 = f$df_residual, p = pf(fw, f$k, f$df_residual, lower.tail = FALSE)),
  default_vcov = "cluster_firm_stata",
  coefficients = coef_list(b),
  vcov = blocks,
  stata_constant = std$stata_constant,
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
    "df_residual = N - k - (G + T - 1) = 200 - 2 - 29 = 169",
    "cluster_firm_stata: firm FE nested in firm, year FE not: K = 2 slopes + 1 constant + (20 - 1) year levels = 22",
    "cluster_year_stata: year FE nested in year, firm FE not: K = 2 + 1 + (10 - 1) = 12",
    "two-way firm+year: both FEs nested in one of the clusters: K = 3; intersection firm#year has 200 groups (one row each)",
    "r2, r2_adjusted: full dummy model (lm with factor(firm)+factor(year)), adjusted with df_residual",
    "r2_within = 1 - RSS / sum(y demeaned by both FEs)^2 (fixest wr2; plm twoways r.squared)",
    "r2_within_adjusted = 1 - (1 - r2_within)(N-1)/df_residual"))
))
write_json(with_default_se(out))
