# heterogeneity-produc: heterogeneity of the pseudo-DID effect (did-produc) by state size.
#   split: log(gsp) ~ treated + controls | state + year, cluster state, separately for size = large/small
#   interaction: log(gsp) ~ treated:large + treated:small + controls | state + year on all rows
#     (controls and FEs common), Wald test of equal effects with the Stata CR1 cluster vcov, F(1, G-1)
#   split-sample comparison: z = (b_large - b_small)/sqrt(se_large^2 + se_small^2) (the groups are
#     disjoint sets of clusters, so the two estimates are independent under clustering)
# Run: cd heterogeneity-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
controls <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
m <- data.frame(state = d$state, year = d$year, size = d$size, treated = d$treated, `log(gsp)` = log(d$gsp),
                `log(pcap)` = log(d$pcap), `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp,
                check.names = FALSE)
fit_block <- function(mm, xs, sample) {
  f <- fe_fit(mm, "log(gsp)", xs, c("state", "year"))
  s <- fe_standard_vcovs(f, mm, "state")
  with_default_se(c(list(model = list(estimator = "did", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
    fixed_effects = arr(c("state", "year")), cluster = arr("state"), sample = sample)), fit_stats(f),
    list(fe_levels = fe_levels(f), default_vcov = "cluster_state_stata", coefficients = coef_list(f$b), vcov = s$blocks)))
}
split <- list()
for (g in c("large", "small")) split[[g]] <- fit_block(m[m$size == g, ], c("treated", controls), sprintf("size == \"%s\"", g))

mi <- m
mi[["treated:large"]] <- mi$treated * (mi$size == "large")
mi[["treated:small"]] <- mi$treated * (mi$size == "small")
inter <- fit_block(mi, c("treated:large", "treated:small", controls), "all 816 rows")
V <- inter$vcov$cluster_state_stata$matrix
b <- vapply(inter$coefficients, function(r) r$estimate, 0)
G <- n_clusters(mi$state)
R <- c(1, -1, rep(0, length(controls)))
diff <- sum(R * b); vd <- drop(t(R) %*% V %*% R)
Fst <- diff^2 / vd
inter$equal_effects_wald <- list(description = "H0: treated:large = treated:small; W = (Rb)^2/(R V R') with the Stata CR1 cluster vcov; F(1, G-1) and chi2(1)",
  difference = diff, std_error = sqrt(vd), f = Fst, df1 = 1L, df2 = G - 1L, f_p = pf(Fst, 1, G - 1, lower.tail = FALSE),
  chi2 = Fst, chi2_p = pchisq(Fst, 1, lower.tail = FALSE))

bl <- split$large$coefficients[[1]]; bs <- split$small$coefficients[[1]]
z <- (bl$estimate - bs$estimate) / sqrt(bl$std_error^2 + bs$std_error^2)
write_json(list(case = "heterogeneity-produc",
  source = "plm::Produc (plm 2.6) with did-produc's pseudo staggered treatment; size = large if the state's 1970 gsp exceeds the 48-state median (24 large, 24 small)",
  software = "R: exact least squares on state and year dummies, Stata CR1 cluster vcov written out",
  split = split, interaction = inter,
  split_difference_test = list(description = "z = (b_large - b_small)/sqrt(se_large^2 + se_small^2), Stata CR1 cluster SEs of the split fits; normal p",
    difference = bl$estimate - bs$estimate, std_error = sqrt(bl$std_error^2 + bs$std_error^2), z = z, p = 2 * pnorm(-abs(z))),
  notes = arr(c("split fits: G = 24 states each, K = 5 + 1 + 16, t with 23 df",
                "interaction fit: G = 48, regressors treated:large, treated:small, controls"))))
