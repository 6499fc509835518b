# produc-stepwise: controls added one at a time (fixest csw()): log(gsp) on log(pcap), then
# + log(pc), + log(emp), + unemp; state + year FE; cluster state (Stata CR1).
# Run: cd produc-stepwise && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
m <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)
all_x <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
models <- lapply(seq_along(all_x), function(j) {
  xs <- all_x[1:j]
  f <- fe_fit(m, "log(gsp)", xs, c("state", "year"))
  s <- fe_standard_vcovs(f, m, "state")
  r <- c(list(column = j, model = list(estimator = "fe", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
    fixed_effects = arr(c("state", "year")), cluster = arr("state"), sample = "all 816 rows")),
    fit_stats(f), list(fe_levels = fe_levels(f), default_vcov = "cluster_state_stata",
    coefficients = coef_list(f$b), vcov = s$blocks, stata_constant = s$stata_constant))
  with_default_se(r)
})
write_json(list(case = "produc-stepwise",
  source = "plm::Produc (R package plm 2.6), 48 states x 1970-1986, 816 rows, balanced",
  software = "R: exact least squares on state and year dummies, Stata CR1 cluster vcov written out",
  stepwise = "cumulative (fixest csw()): column j uses the first j regressors of log(pcap), log(pc), log(emp), unemp",
  models = models,
  notes = arr(c("each models[j] is in the regression schema; cluster_state_stata K = j + 1 + 16",
                "models[4] equals the full-sample model of produc-subsample"))))
