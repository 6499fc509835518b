# produc-unbalanced: log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp with state and year fixed
# effects on an unbalanced subset of plm's Produc (every 7th row dropped, see make_data.R),
# clustered by state.  Run: cd produc-unbalanced && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm); library(sandwich) })
d <- read.csv("data.csv", stringsAsFactors = FALSE)
m <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)
xs <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
f <- fe_fit(m, "log(gsp)", xs, c("state", "year"))
b <- f$b; N <- f$N

pd <- pdata.frame(d, index = c("state", "year"))
w <- plm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, data = pd, model = "within", effect = "twoways")
stopifnot(isTRUE(all.equal(unname(coef(w)), unname(b), tolerance = 1e-10)))
stopifnot(!pdim(w)$balanced)
lsdv <- lm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp + factor(state) + factor(year), data = d)
stopifnot(isTRUE(all.equal(unname(coef(lsdv)[2:5]), unname(b), tolerance = 1e-9)))

std <- fe_standard_vcovs(f, m, "state")
V_plm <- vcovHC(w, method = "arellano", type = "HC1", cluster = "group")
G <- n_clusters(m$state)
stopifnot(isTRUE(all.equal(unname(V_plm[, ]), unname(vcov_cluster_raw(f$Xt, f$e, m$state) * N / (N - f$k)), tolerance = 1e-10)))
blocks <- c(std$blocks, list(cluster_state_plm_hc1 = vcov_block(b, V_plm[, ], f$df_residual,
  "plm::vcovHC(method='arellano', type='HC1', cluster='group'): N/(N-k) * CR0, k = 4 slopes; t with df_residual",
  small_sample_factor = N / (N - f$k), clusters = G)))
T_per_state <- table(m$state)
out <- c(list(
  case = "produc-unbalanced",
  source = "plm::Produc (R package plm 2.6): 48 US states x 1970-1986 (816 rows); every 7th row (original row numbers 7, 14, ..., 812) dropped -> 700 rows, unbalanced (13-16 years per state)",
  model = list(estimator = "fe", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
               fixed_effects = arr(c("state", "year")), cluster = arr("state"),
               sample = "data.csv as given (already the unbalanced subset)"),
  software = "R: exact least squares on state and year dummies (FWL), checked against plm(effect='twoways') on the unbalanced panel and lm with factor dummies"),
  fit_stats(f),
  list(fe_levels = fe_levels(f),
  periods_per_state = list(min = as.integer(min(T_per_state)), max = as.integer(max(T_per_state))),
  default_vcov = "cluster_state_stata",
  coefficients = coef_list(b),
  vcov = blocks,
  stata_constant = std$stata_constant,
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
    sprintf("df_residual = N - k - (48 + 17 - 1) = %d", f$df_residual),
    "cluster_state_stata: state FE nested in state; year FE not: K = 4 slopes + 1 + 16 = 21, t with G-1 = 47 df",
    "r2_within = 1 - RSS / sum(y partialled on both FEs)^2"))))
write_json(with_default_se(out))
