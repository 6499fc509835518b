# emplUK-lagged: log(emp) ~ L1.log(emp) + log(wage) + log(capital), firm + year FE, cluster firm.
# The lag is taken by the time variable within firm: L1.x at (firm, year) is x at (firm, year - 1),
# missing when that row does not exist (a gap or the firm's first year); rows with a missing lag
# are dropped and counted.  Run: cd <case> && Rscript reference.R > expected.json
# (The same script serves emplUK-lagged and emplUK-lagged-gaps; only data.csv differs.)
source("../common.R")
suppressPackageStartupMessages({ library(plm) })
d <- read.csv("data.csv")
case <- basename(getwd())
key <- paste(d$firm, d$year)
lag_key <- paste(d$firm, d$year - 1)
lemp <- log(d$emp)
L1 <- lemp[match(lag_key, key)]          # NA when (firm, year-1) is absent
m_all <- data.frame(firm = d$firm, year = d$year, `log(emp)` = lemp, `L1.log(emp)` = L1,
                    `log(wage)` = log(d$wage), `log(capital)` = log(d$capital), check.names = FALSE)
keep <- !is.na(L1)
m <- m_all[keep, ]
xs <- c("L1.log(emp)", "log(wage)", "log(capital)")
f <- fe_fit(m, "log(emp)", xs, c("firm", "year"))
b <- f$b

# cross-check with plm (lag() on a pdata.frame shifts by the time index, respecting gaps)
pd <- pdata.frame(d, index = c("firm", "year"))
w <- plm(log(emp) ~ lag(log(emp), 1) + log(wage) + log(capital), data = pd, model = "within", effect = "twoways")
stopifnot(isTRUE(all.equal(unname(coef(w)), unname(b), tolerance = 1e-10)), nobs(w) == f$N)
stopifnot(min(table(m$firm)) >= 2)      # no singleton firms after the lag

std <- fe_standard_vcovs(f, m, "firm")
first_of_firm <- d$year == ave(d$year, d$firm, FUN = min)
first_year <- sum(is.na(L1) & first_of_firm)     # a firm's first year has no lag
gaps <- sum(is.na(L1) & !first_of_firm)          # the previous year is missing inside the panel (a gap)
out <- c(list(
  case = case,
  source = if (case == "emplUK-lagged") "plm::EmplUK (R package plm 2.6): 140 firms, 1976-1984, 1031 rows, unbalanced, no gaps" else
           "plm::EmplUK (plm 2.6) with the 1980 row removed for every firm whose id is a multiple of 10 (gaps), see make_data.R",
  model = list(estimator = "fe", dependent = "log(emp)", regressors = arr(xs), intercept = FALSE,
               fixed_effects = arr(c("firm", "year")), cluster = arr("firm"),
               sample = "all rows of data.csv with a non-missing lag"),
  software = "R: lag by matching (firm, year-1); exact least squares on firm and year dummies; checked against plm(lag(log(emp),1), effect='twoways')",
  rows_in_data = nrow(d),
  rows_dropped_lag = sum(!keep),
  rows_dropped_lag_first_period = first_year,
  rows_dropped_lag_gap = gaps),
  fit_stats(f),
  list(fe_levels = fe_levels(f),
  default_vcov = "cluster_firm_stata",
  coefficients = coef_list(b),
  vcov = std$blocks,
  stata_constant = std$stata_constant,
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov",
    "L1.log(emp) = log(emp) of the same firm in year - 1; NA (row dropped) when that firm-year is absent",
    sprintf("cluster_firm_stata: firm FE nested in firm; year FE not: K = 3 slopes + 1 + (%d - 1) year levels = %d", f$levels[["year"]], k_stata(f, m, "firm"))))))
write_json(with_default_se(out))
