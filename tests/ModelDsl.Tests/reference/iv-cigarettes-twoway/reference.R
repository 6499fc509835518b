# iv-cigarettes-twoway: 2SLS of lpacks on lrprice (endogenous) and lrincome with state and year fixed effects,
# instruments salestax and cigtax, by AER::ivreg on dummy variables (the fixed effects as exogenous regressors that
# instrument themselves), with sandwich's variances.
# Run: cd iv-cigarettes-twoway && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(AER); library(sandwich) })
d <- read.csv("data.csv")
m <- ivreg(lpacks ~ lrprice + lrincome + factor(state) + factor(year) |
             salestax + cigtax + lrincome + factor(state) + factor(year), data = d)
N <- nrow(d); K <- length(coef(m)); G <- length(unique(d$state))
keep <- c("lrprice", "lrincome")
block <- function(V, what) list(
  description = what,
  coefficients = lapply(keep, function(nm) list(name = nm, estimate = unname(coef(m)[nm]), std_error = sqrt(V[nm, nm]))),
  cov_lrprice_lrincome = V["lrprice", "lrincome"])
rss <- sum(residuals(m)^2)
V_small <- vcov(m)                                  # sigma^2 = rss/(N - K): Stata's small
V_asy <- V_small * (N - K) / N                      # rss/N
V_hc0 <- vcovHC(m, type = "HC0")                    # robust, no factor
V_hc1 <- vcovHC(m, type = "HC1")                    # robust x N/(N-K)
V_cl0 <- vcovCL(m, cluster = ~state, type = "HC0", cadjust = FALSE)   # CR0
V_cl1 <- vcovCL(m, cluster = ~state, type = "HC1", cadjust = TRUE)    # G/(G-1) (N-1)/(N-K)
stopifnot(isTRUE(all.equal(V_cl1, V_cl0 * G / (G - 1) * (N - 1) / (N - K))))
cat(to_json(list(
  case = "iv-cigarettes-twoway",
  model = "lpacks ~ lrprice + lrincome | state + year | lrprice ~ salestax + cigtax (AER::ivreg on dummies)",
  observations = N, parameters = K, clusters = G, rss = rss,
  r2 = 1 - rss / sum((d$lpacks - mean(d$lpacks))^2),
  vcov = list(
    iid_small = block(V_small, "vcov(ivreg): rss/(N-K) (X'PzX)^-1"),
    iid = block(V_asy, "rss/N (X'PzX)^-1"),
    hc0 = block(V_hc0, "sandwich::vcovHC(type='HC0')"),
    hc1 = block(V_hc1, "sandwich::vcovHC(type='HC1'): N/(N-K)"),
    cluster_cr0 = block(V_cl0, "sandwich::vcovCL(cluster=~state, type='HC0', cadjust=FALSE)"),
    cluster_small = block(V_cl1, "sandwich::vcovCL(cluster=~state, type='HC1'): G/(G-1)(N-1)/(N-K)")))), "\n")
