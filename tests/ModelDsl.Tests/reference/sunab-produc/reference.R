# sunab-produc: Sun and Abraham (2021) interaction-weighted event study on plm's Produc with the did-produc
# pseudo staggered treatment (cohorts 1976, 1979, 1982; 23 never-treated states).
# Cells: one dummy per cohort c x binned event time k (k = year - c, binned to [-5, 5]), reference k = -1 omitted,
# named cohort_event::<c>:<k>; only cells with rows exist. Never-treated states are all zeros.
# Model: log(gsp) ~ cells + log(pcap) + log(pc) + log(emp) + unemp | state + year, cluster state (Stata CR1).
# Aggregation: mu_k = sum_c w_ck delta_ck, w_ck = n_ck / sum_c n_ck (n_ck = rows of cohort c at binned k);
# se(mu_k) = sqrt(w' V w) with the weights fixed; t with G-1 = 47 df. Pre-trend: chi2 = mu_L'(A V A')^-1 mu_L,
# F = chi2/q on F(q, 47), leads k = -5..-2.
# Run: cd sunab-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
controls <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
m <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)
rel <- ifelse(d$cohort > 0, pmin(pmax(d$year - d$cohort, -5L), 5L), NA)
cells <- list()
for (k in c(-5:-2, 0:5)) for (c in sort(unique(d$cohort[d$cohort > 0]))) {
  on <- !is.na(rel) & rel == k & d$cohort == c
  if (sum(on) > 0) {
    nm <- sprintf("cohort_event::%d:%d", c, k)
    m[[nm]] <- as.integer(on)
    cells[[nm]] <- list(k = k, c = c, n = sum(on))
  }
}
f <- fe_fit(m, "log(gsp)", c(names(cells), controls), c("state", "year"))
s <- fe_standard_vcovs(f, m, "state")
V <- s$blocks$cluster_state_stata$matrix; dimnames(V) <- list(names(f$b), names(f$b))
G <- n_clusters(m$state)
agg <- function(k) {
  nm <- names(cells)[vapply(cells, function(x) x$k == k, TRUE)]
  n <- vapply(cells[nm], function(x) x$n, 0)
  w <- rep(0, length(f$b)); names(w) <- names(f$b); w[nm] <- n / sum(n)
  w
}
ks <- c(-5:-2, 0:5)
A <- t(sapply(ks, agg))
mu <- drop(A %*% f$b); se <- sqrt(diag(A %*% V %*% t(A)))
tt <- mu / se
event <- lapply(seq_along(ks), function(i) list(name = sprintf("event_time::%d", ks[i]), event_time = ks[i],
  estimate = mu[i], std_error = se[i], t = tt[i], p = 2 * pt(abs(tt[i]), G - 1, lower.tail = FALSE)))
L <- which(ks < 0)
AL <- A[L, , drop = FALSE]
chi2 <- drop(t(AL %*% f$b) %*% solve(AL %*% V %*% t(AL)) %*% (AL %*% f$b))
q <- length(L)
write_json(list(
  case = "sunab-produc",
  source = "plm::Produc (plm 2.6) with the did-produc pseudo staggered treatment",
  software = "R: exact least squares on dummies, Stata CR1 cluster-by-state vcov written out (common.R)",
  observations = f$N,
  cells = lapply(names(cells), function(nm) list(name = nm, event_time = cells[[nm]]$k, cohort = cells[[nm]]$c,
    rows = cells[[nm]]$n, estimate = unname(f$b[nm]), std_error = sqrt(V[nm, nm]))),
  event_times = event,
  pretrend_wald = list(q = q, chi2 = chi2, chi2_p = pchisq(chi2, q, lower.tail = FALSE), f = chi2 / q, f_df1 = q,
    f_df2 = G - 1, f_p = pf(chi2 / q, q, G - 1, lower.tail = FALSE)),
  notes = arr(c("weights fixed at the cohort shares of treated rows at each binned event time (fixest sunab's aggregation)",
                "cells exist only where a cohort has rows at that event time (the 1982 cohort has none at k = 5)"))))
