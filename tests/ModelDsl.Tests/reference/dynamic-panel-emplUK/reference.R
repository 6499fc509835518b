# dynamic-panel-emplUK: difference and system GMM (plm::pgmm 2.6) on Arellano and Bond's (1991) EmplUK data, the
# examples of pgmm's help page and vignette, reported as summary(fit, robust = TRUE, time.dummies = TRUE) prints them:
# coefficients with robust (one-step) / Windmeijer (two-step) standard errors, z and p; the non-robust
# (two-step uncorrected) standard errors; the Arellano-Bond AR(1)/AR(2) tests (mtest with the reported vcov); the
# Sargan/Hansen test (sargan(fit), pgmm's default "twosteps" weights); Wald tests; instrument and observation counts.
# Run: cd dynamic-panel-emplUK && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm) })
d <- read.csv("data.csv")
dg <- read.csv("data_gaps.csv")
pd <- pdata.frame(d, index = c("firm", "year"))
pdg <- pdata.frame(dg, index = c("firm", "year"))

ab <- log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) | lag(log(emp), 2:99)
ab_names <- c("L1.log(emp)", "L2.log(emp)", "log(wage)", "L1.log(wage)", "log(capital)", "log(output)", "L1.log(output)")
bb <- log(emp) ~ lag(log(emp), 1) + lag(log(wage), 0:1) + lag(log(capital), 0:1) | lag(log(emp), 2:99) + lag(log(wage), 2:99) + lag(log(capital), 2:99)
bb_names <- c("L1.log(emp)", "log(wage)", "L1.log(wage)", "log(capital)", "L1.log(capital)")
a1 <- log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + lag(log(capital), 0:2) + lag(log(output), 0:2) | lag(log(emp), 2:99)
a1_names <- c("L1.log(emp)", "L2.log(emp)", "log(wage)", "L1.log(wage)", "log(capital)", "L1.log(capital)", "L2.log(capital)", "log(output)", "L1.log(output)", "L2.log(output)")
ar1 <- log(emp) ~ lag(log(emp), 1) + log(wage) + log(capital) | lag(log(emp), 2:99)
ar1_names <- c("L1.log(emp)", "log(wage)", "log(capital)")

# The one-step Sargan test of difference GMM (Stata's xtabond `estat sargan`), written out from pgmm's matrices:
# (sum Z'e1)' (sum Z'HZ)^-1 (sum Z'e1) / s2, s2 = sum(e1^2) / (2 (N - K)), e1 the one-step residuals (fit$A1 is
# pgmm's N (sum Z'HZ)^-1).
sargan_nonrobust <- function(fit) {
  b1 <- if (is.list(fit$coefficients)) fit$coefficients[[1]] else fit$coefficients
  e1 <- lapply(fit$model, function(x) drop(x[, 1] - x[, -1, drop = FALSE] %*% b1))
  z <- Reduce("+", mapply(crossprod, fit$W, e1, SIMPLIFY = FALSE))
  q <- drop(t(z) %*% (fit$A1 / length(fit$W)) %*% z)
  e <- unlist(e1); k <- length(b1); df <- ncol(fit$W[[1]]) - k
  stat <- q / (sum(e^2) / (2 * (sum(e != 0) - k)))
  list(statistic = stat, df = df, p = pchisq(stat, df, lower.tail = FALSE))
}

test_block <- function(h) list(statistic = as.numeric(h$statistic), df = if (is.null(h$parameter)) NULL else as.integer(h$parameter), p = as.numeric(h$p.value))

report <- function(name, description, fit, my_names) {
  s <- summary(fit, robust = TRUE, time.dummies = TRUE)
  sn <- summary(fit, robust = FALSE, time.dummies = TRUE)
  b <- coef(fit)
  k <- length(my_names)
  tnames <- names(b)[-(1:k)]
  nm <- c(my_names, ifelse(tnames == "(Intercept)", "(Intercept)", paste0("year", tnames)))
  stopifnot(length(nm) == length(b))
  ct <- s$coefficients; ctn <- sn$coefficients
  stopifnot(isTRUE(all.equal(unname(ct[, 1]), unname(b))))
  coefs <- lapply(seq_along(b), function(i) list(name = nm[i], pgmm_name = names(b)[i], estimate = unname(b[i]),
    std_error = unname(ct[i, 2]), z = unname(ct[i, 3]), p = unname(ct[i, 4]), std_error_nonrobust = unname(ctn[i, 2])))
  out <- list(name = name, description = description, call = paste(deparse(fit$call), collapse = " "),
    groups = length(fit$W), instruments = ncol(fit$W[[1]]),
    observations = sum(unlist(fit$residuals, use.names = FALSE) != 0),
    coefficients = coefs,
    ar1 = test_block(s$m1), ar2 = if (is.null(s$m2)) NULL else test_block(s$m2),
    ar1_nonrobust = test_block(sn$m1), ar2_nonrobust = if (is.null(sn$m2)) NULL else test_block(sn$m2),
    sargan = test_block(s$sargan),
    sargan_nonrobust = if (fit$args$transformation == "d") sargan_nonrobust(fit) else NULL,
    wald_coefficients = test_block(s$wald.coef),
    wald_time_dummies = if (is.null(s$wald.td)) NULL else test_block(s$wald.td))
  out
}

models <- list(
  report("ab_onestep", "Arellano-Bond (1991) Table 4 specification, difference GMM, one step, time dummies (pgmm help page)",
    pgmm(ab, data = pd, effect = "twoways", model = "onestep"), ab_names),
  report("ab_twostep", "the same, two steps (Windmeijer standard errors)",
    pgmm(ab, data = pd, effect = "twoways", model = "twosteps"), ab_names),
  report("ab_twostep_collapse", "the same, two steps, collapsed GMM instruments (Roodman 2009)",
    pgmm(ab, data = pd, effect = "twoways", model = "twosteps", collapse = TRUE), ab_names),
  report("ab_a1_onestep", "Arellano-Bond (1991) Table 4 column (a1) as Stata's xtabond manual fits it (capital and output with lags 0:2; Stata: Sargan chi2(25) = 65.81806), one step, time dummies",
    pgmm(a1, data = pd, effect = "twoways", model = "onestep"), a1_names),
  report("ab_onestep_individual", "the same, one step, no time dummies (effect = 'individual')",
    pgmm(ab, data = pd, effect = "individual", model = "onestep"), ab_names),
  report("ab_twostep_gaps", "AB specification, two steps, time dummies, on data_gaps.csv (1980 removed for firms 10, 20, ..., 140)",
    pgmm(ab, data = pdg, effect = "twoways", model = "twosteps"), ab_names),
  report("bb_onestep_system", "Blundell-Bond system GMM (pgmm help page): emp, wage, capital GMM-style, lags 2:99, one step, time dummies",
    pgmm(bb, data = pd, effect = "twoways", model = "onestep", transformation = "ld"), bb_names),
  report("bb_twostep_system", "the same, two steps",
    pgmm(bb, data = pd, effect = "twoways", model = "twosteps", transformation = "ld"), bb_names),
  report("bb_twostep_system_collapse", "the same, two steps, collapsed",
    pgmm(bb, data = pd, effect = "twoways", model = "twosteps", transformation = "ld", collapse = TRUE), bb_names),
  report("ar1_twostep_system_lags", "AR(1) model with lags 2:4 only (lag limits), two-step system GMM, time dummies",
    pgmm(log(emp) ~ lag(log(emp), 1) + log(wage) + log(capital) | lag(log(emp), 2:4), data = pd, effect = "twoways", model = "twosteps", transformation = "ld"), ar1_names),
  report("ar1_twostep_difference_lags", "AR(1) model with lags 2:4 only (lag limits), two-step difference GMM, time dummies",
    pgmm(log(emp) ~ lag(log(emp), 1) + log(wage) + log(capital) | lag(log(emp), 2:4), data = pd, effect = "twoways", model = "twosteps"), ar1_names))

write_json(list(case = "dynamic-panel-emplUK",
  source = "plm::EmplUK (R package plm): 140 firms, 1976-1984, 1031 rows, unbalanced, no gaps; data_gaps.csv: 1980 removed for firms 10, 20, ..., 140",
  software = paste0("R ", getRversion(), ", plm ", packageVersion("plm"), ": pgmm; summary(fit, robust = TRUE/FALSE, time.dummies = TRUE)"),
  notes = arr(c("std_error, z, p, ar1, ar2, wald_*: summary(robust = TRUE): one-step robust sandwich / two-step Windmeijer (vcovHC.pgmm)",
    "std_error_nonrobust, ar*_nonrobust: summary(robust = FALSE): vcov(fit) (two-step: uncorrected (X'Z A2 Z'X)^-1)",
    "sargan_nonrobust (difference GMM): the one-step Sargan test, written out in sargan_nonrobust() (Stata xtabond's estat sargan)",
    "sargan: pgmm's sargan(fit) with its default weights 'twosteps' = Hansen J with the one-step residuals in the weight",
    "observations: pgmm's count of non-zero residuals (both equations in system GMM)",
    "names: ModelDsl's (L1.log(emp), year1979, (Intercept)); pgmm_name: pgmm's")),
  models = models))
