# produc-subsample: log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, state + year FE, cluster
# state, on Produc WITHOUT the four states CALIFORNIA, NEW_YORK, TEXAS, FLORIDA (the four largest
# economies, the analogue of the seeds' "without the four municipalities").
# Run: cd produc-subsample && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm) })
d <- read.csv("data.csv", stringsAsFactors = FALSE)
excluded <- c("CALIFORNIA", "NEW_YORK", "TEXAS", "FLORIDA")
stopifnot(all(excluded %in% d$state))
xs <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
build <- function(dd) data.frame(state = dd$state, year = dd$year, `log(gsp)` = log(dd$gsp),
  `log(pcap)` = log(dd$pcap), `log(pc)` = log(dd$pc), `log(emp)` = log(dd$emp), unemp = dd$unemp,
  check.names = FALSE)
sub <- d[!(d$state %in% excluded), ]
m <- build(sub)
f <- fe_fit(m, "log(gsp)", xs, c("state", "year"))
b <- f$b
w <- plm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, data = pdata.frame(sub, index = c("state", "year")),
         model = "within", effect = "twoways")
stopifnot(isTRUE(all.equal(unname(coef(w)), unname(b), tolerance = 1e-10)))
std <- fe_standard_vcovs(f, m, "state")

# the same model on all 48 states, for comparison
mf <- build(d); ff <- fe_fit(mf, "log(gsp)", xs, c("state", "year")); sf <- fe_standard_vcovs(ff, mf, "state")

out <- c(list(
  case = "produc-subsample",
  source = "plm::Produc (R package plm 2.6): 48 US states x 1970-1986, 816 rows, balanced",
  model = list(estimator = "fe", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
               fixed_effects = arr(c("state", "year")), cluster = arr("state"),
               sample = "state not in {CALIFORNIA, NEW_YORK, TEXAS, FLORIDA}",
               excluded_states = arr(excluded)),
  software = "R: exact least squares on state and year dummies; checked against plm(effect='twoways')",
  rows_in_data = nrow(d), rows_excluded_by_sample = nrow(d) - nrow(sub)),
  fit_stats(f),
  list(fe_levels = fe_levels(f),
  default_vcov = "cluster_state_stata",
  coefficients = coef_list(b),
  vcov = std$blocks,
  stata_constant = std$stata_constant,
  full_sample = c(list(description = "same model on all 816 rows (48 states)"), fit_stats(ff),
    list(coefficients = coef_list(ff$b), vcov = sf$blocks)),
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
    "subsample: N = 748 (44 states x 17 years), cluster_state_stata K = 4 + 1 + 16 = 21, t with 43 df"))))
write_json(with_default_se(out))
