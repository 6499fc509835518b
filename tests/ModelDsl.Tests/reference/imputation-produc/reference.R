# imputation-produc: Borusyak, Jaravel and Spiess (2024) imputation estimator on plm's Produc with the did-produc pseudo
# staggered treatment (cohorts 1976, 1979, 1982; 23 never-treated states). didimputation / did_imputation are not
# available here: the estimator, its weights, the BJS Theorem 3 standard errors (did_imputation's cluster-adjusted
# "smart" group averages, optionally leave-out) and the Section 4.4 pre-trend test are written out in base R.
#   Step 1: lm on the untreated rows with factor(state) + factor(year) dummies (+ controls).
#   Step 2: tau_it = y_it - Z1 b for treated rows (t >= cohort - a).
#   Step 3: w = omega / sum(omega) over each estimand's rows (ATT: t >= cohort; horizon k: t - cohort = k).
#   Weights: v1 = w, v0 = -Z0 (Z0'Z0)^{-1} Z1' w (solve on the dummy design, exact).
#   SE: eps_c = sum_{it in c} v_it e_it, e = lm residual (untreated) or tau - tau_bar_g (treated), with
#       W_cg = sum_{c,g} w, S_g = sum_c W_cg^2, tau_bar_g = sum W_c(it)g w tau / S_g, leave-out e *= S_g / (S_g - W_c(it)g^2);
#       V = sum_c eps_c eps_c'. Normal p-values.
#   Pre-trend: on the untreated rows, y ~ pre_1..pre_k + controls | state + year, pre_h = 1{t - (cohort - a) = -h},
#       Stata CR1 cluster by state (common.R), F = W/k on F(k, G - 1).
# Run: cd imputation-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d$ly <- log(d$gsp); d$lpcap <- log(d$pcap); d$lpc <- log(d$pc); d$lemp <- log(d$emp)

imputation <- function(d, ctrl, antic, leaveout, groups, wcol, pretrends) {
  K <- ifelse(d$cohort > 0, d$year - d$cohort, NA)
  treat <- !is.na(K) & K >= -antic
  d0 <- d[!treat, ]; d1 <- d[treat, ]; K1 <- K[treat]
  f <- as.formula(paste("ly ~", paste(c(ctrl, "factor(state)", "factor(year)"), collapse = " + ")))
  fit <- lm(f, data = d0)
  stopifnot(!any(is.na(coef(fit))))
  Z0 <- model.matrix(fit)
  Z1 <- model.matrix(delete.response(terms(fit)), data = d1, xlev = fit$xlevels)
  tau <- d1$ly - drop(Z1 %*% coef(fit))
  e0 <- resid(fit)
  omega <- if (is.null(wcol)) rep(1, nrow(d1)) else d1[[wcol]]
  g <- switch(groups, cohort_period = paste(d1$cohort, d1$year), event_time = as.character(K1))
  ks <- sort(unique(K1))
  est <- list(list(name = "ATT", sel = K1 >= 0))
  for (k in ks) est[[length(est) + 1]] <- list(name = sprintf("tau::%d", k), k = k, sel = K1 == k)
  A <- crossprod(Z0)
  eps <- NULL; out <- list()
  for (e in est) {
    w <- omega * e$sel; w <- w / sum(w)
    v0 <- -drop(Z0 %*% solve(A, crossprod(Z1, w)))
    cw <- ave(w, d1$state, g, FUN = sum)
    S <- ave(cw * w, g, FUN = sum)
    avg <- ave(cw * w * tau, g, FUN = sum) / S
    avg[S == 0] <- 0
    r <- tau - avg
    if (leaveout) r <- ifelse(S > 0, r * S / (S - cw^2), r)
    sc <- rowsum(c(v0 * e0, w * r), c(d0$state, d1$state), reorder = TRUE)
    eps <- cbind(eps, sc)
    item <- list(name = e$name)
    if (!is.null(e$k)) item$event_time <- e$k
    item$estimate <- sum(w * tau)
    item$observations <- sum(w != 0)
    item$effective_observations <- 1 / sum(w^2)
    # check: the estimator is linear with weights v
    stopifnot(abs(sum(w * d1$ly) + sum(v0 * d0$ly) - item$estimate) < 1e-9)
    out[[length(out) + 1]] <- item
  }
  V <- crossprod(eps)
  for (i in seq_along(out)) {
    se <- sqrt(V[i, i]); z <- out[[i]]$estimate / se
    out[[i]]$std_error <- se; out[[i]]$z <- z; out[[i]]$p <- 2 * pnorm(-abs(z))
  }
  # pre-trend test
  m <- d0
  pres <- character(0)
  for (h in 1:pretrends) {
    nm <- sprintf("pre::%d", h)
    m[[nm]] <- as.integer(m$cohort > 0 & (m$year - (m$cohort - antic)) == -h)
    pres <- c(pres, nm)
  }
  ff <- fe_fit(m, "ly", c(pres, ctrl), c("state", "year"))
  s <- fe_standard_vcovs(ff, m, "state")
  Vp <- s$blocks$cluster_state_stata$matrix; dimnames(Vp) <- list(names(ff$b), names(ff$b))
  G <- n_clusters(m$state)
  bp <- ff$b[pres]; Vpp <- Vp[pres, pres]
  chi2 <- drop(t(bp) %*% solve(Vpp) %*% bp)
  pre <- lapply(pres, function(nm) list(name = nm, estimate = unname(ff$b[nm]), std_error = sqrt(Vp[nm, nm]),
    p = 2 * pt(abs(ff$b[nm] / sqrt(Vp[nm, nm])), G - 1, lower.tail = FALSE)))
  list(untreated_observations = nrow(d0), treated_observations = nrow(d1), clusters = G,
       controls = lapply(ctrl, function(cn) list(name = cn, estimate = unname(coef(fit)[cn]))),
       coefficients = out, covariance = unname(V),
       pretrend = pre, pretrend_wald = list(q = length(pres), chi2 = chi2, f = chi2 / length(pres), f_df1 = length(pres),
         f_df2 = G - 1, f_p = pf(chi2 / length(pres), length(pres), G - 1, lower.tail = FALSE)))
}

write_json(list(
  case = "imputation-produc",
  source = "plm::Produc (plm 2.6) with the did-produc pseudo staggered treatment",
  software = "R: lm on factor dummies, BJS weights and Theorem 3 variance written out, Stata CR1 pre-trend regression (common.R)",
  main = imputation(d, c("lpcap", "lpc", "lemp", "unemp"), antic = 0, leaveout = TRUE, groups = "cohort_period", wcol = NULL, pretrends = 3),
  simple = imputation(d, character(0), antic = 1, leaveout = FALSE, groups = "event_time", wcol = "emp", pretrends = 2)))
