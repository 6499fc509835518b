# did-produc: staggered TWFE DID and an event study on plm's Produc with a documented pseudo-treatment
# (see make_data.R). Outcome log(gsp); controls log(pcap), log(pc), log(emp), unemp; state + year FE;
# cluster by state with the Stata/reghdfe CR1 convention.
# Run: cd did-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
stopifnot(all(tapply(d$cohort, d$state, function(v) length(unique(v))) == 1))
controls <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
base <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                   `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)

# --- 1. TWFE DID: treated = 1{cohort > 0 and year >= cohort} -----------------------------------
m1 <- base; m1$treated <- as.integer(d$cohort > 0 & d$year >= d$cohort)
stopifnot(all(m1$treated == d$treated))
f1 <- fe_fit(m1, "log(gsp)", c("treated", controls), c("state", "year"))
s1 <- fe_standard_vcovs(f1, m1, "state")
lsdv <- lm(`log(gsp)` ~ treated + `log(pcap)` + `log(pc)` + `log(emp)` + unemp + factor(state) + factor(year), data = m1)
stopifnot(isTRUE(all.equal(unname(coef(lsdv)[2:6]), unname(f1$b), tolerance = 1e-9)))
did <- c(list(model = list(estimator = "did", dependent = "log(gsp)", regressors = arr(c("treated", controls)),
  intercept = FALSE, fixed_effects = arr(c("state", "year")), cluster = arr("state"), sample = "all 816 rows")),
  fit_stats(f1), list(fe_levels = fe_levels(f1), default_vcov = "cluster_state_stata",
  coefficients = coef_list(f1$b), vcov = s1$blocks))
did <- with_default_se(did)

# --- 2. Event study --------------------------------------------------------------------------
# For treated states rel = year - cohort, binned to [-5, 5] (rel <= -5 -> -5, rel >= 5 -> 5);
# one dummy per event time except the reference -1; never-treated states have all dummies 0.
et <- c(-5:-2, 0:5)
rel <- ifelse(d$cohort > 0, pmin(pmax(d$year - d$cohort, -5L), 5L), NA)
m2 <- base
ev_names <- sprintf("event_time::%d", et)
for (i in seq_along(et)) m2[[ev_names[i]]] <- as.integer(!is.na(rel) & rel == et[i])
f2 <- fe_fit(m2, "log(gsp)", c(ev_names, controls), c("state", "year"))
s2 <- fe_standard_vcovs(f2, m2, "state")
cl <- s2$blocks$cluster_state_stata
G <- n_clusters(m2$state)
V2 <- cl$matrix; dimnames(V2) <- list(names(f2$b), names(f2$b))
leads <- which(names(f2$b) %in% sprintf("event_time::%d", -5:-2))
wt <- wald_test(f2$b, V2, leads, G - 1)
wt_iid <- wald_test(f2$b, s2$blocks$iid$matrix, leads, f2$df_residual)
es <- c(list(model = list(estimator = "event_study", dependent = "log(gsp)", regressors = arr(c(ev_names, controls)),
  intercept = FALSE, fixed_effects = arr(c("state", "year")), cluster = arr("state"), window = arr(c(-5L, 5L)),
  reference = -1L, binned_endpoints = TRUE, controls_group = "never-treated states (all event dummies zero) plus the treated states' rows at the reference time -1 (every other event time has a dummy because the end points are binned)",
  sample = "all 816 rows")), fit_stats(f2),
  list(fe_levels = fe_levels(f2), default_vcov = "cluster_state_stata",
  coefficients = coef_list(f2$b), vcov = s2$blocks))
es <- with_default_se(es)
for (i in seq_along(es$coefficients)) {
  nm <- es$coefficients[[i]]$name
  if (startsWith(nm, "event_time::")) es$coefficients[[i]] <- c(list(name = nm, event_time = as.integer(sub("event_time::", "", nm))), es$coefficients[[i]][-1])
}
es$pretrend_wald <- c(list(description = "H0: all leads (event times -5..-2) are zero. chi2 = b_L'(V_LL)^{-1} b_L with the Stata CR1 cluster vcov; F = chi2/q referred to F(q, G-1) (Stata `test` after reghdfe/xtreg with vce(cluster)); chi2 p from chi2(q)"), wt)
es$pretrend_wald_iid <- c(list(description = "same leads, iid vcov, F(q, df_residual)"), wt_iid)
es$event_time_counts <- as.list(setNames(as.integer(table(factor(rel, levels = -5:5))), as.character(-5:5)))

out <- list(
  case = "did-produc",
  source = "plm::Produc (R package plm 2.6), 48 states x 1970-1986, with a PSEUDO staggered treatment by census region (make_data.R): regions 1,2 -> 1976; 5 -> 1979; 8 -> 1982; others never (cohort 0)",
  software = "R: exact least squares on state and year dummies (FWL), cluster vcov written out (Stata CR1)",
  did = did, event_study = es,
  notes = arr(c("both models: cluster_state_stata factor G/(G-1)(N-1)/(N-K), K = slopes + 1 + 16 (year FE not nested in state), t with G-1 = 47 df",
    "event study coefficient names 'event_time::k'; reference k = -1 omitted; k = -5 and k = 5 are the binned end points (<= -5, >= 5)",
    "coefficients[].std_error/t/p are those of default_vcov")))
write_json(out)
