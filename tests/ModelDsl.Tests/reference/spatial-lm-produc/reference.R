# LM tests for spatial dependence in the panel log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp on plm's Produc
# (48 states x 17 years), W = the 48-state queen contiguity row-standardised, for pooled OLS, state fixed effects
# (within) and two-way (state and year) fixed effects. Panel LM tests (Anselin, Le Gallo and Jayet 2008; Elhorst 2010,
# LMsarsem_panel): the data stacked year by year, W_NT = I_T (x) W, the fixed effects swept out by demeaning, W applied
# to the demeaned data, sigma2 = e'e/(NT). They are computed twice: by the formulas written out below, and by
# spdep::lm.LMtests on lm(demeaned y ~ demeaned X - 1) (pooled: with the intercept) with the block-diagonal listw
# I_T (x) W -- the two must agree to 1e-8 relative (they do to about 2e-10: spdep inverts X'X by chol2inv, the formulas
# use QR) and the formulas' numbers are written.
# Run: Rscript reference.R > expected.json
suppressPackageStartupMessages({ library(spdep); library(plm) })
source("../common.R")

d <- read.csv("data.csv", stringsAsFactors = FALSE)
pairs <- read.csv("neighbours.csv", stringsAsFactors = FALSE)
states <- sort(unique(d$state)); years <- sort(unique(d$year))
N <- length(states); Tn <- length(years)
W <- matrix(0, N, N, dimnames = list(states, states))
W[cbind(match(pairs$state, states), match(pairs$neighbour, states))] <- 1
stopifnot(isSymmetric(W), all(rowSums(W) > 0))
W <- W / rowSums(W)

# Stack year by year, states in W's order.
d <- d[order(d$year, match(d$state, states)), ]
y <- log(d$gsp)
X <- cbind(log(d$pcap), log(d$pc), log(d$emp), d$unemp)
colnames(X) <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
unit <- d$state; year <- d$year
unit_demean <- function(v) v - ave(v, unit)
two_way <- function(v) v - ave(v, unit) - ave(v, year) + mean(v)

Wk <- kronecker(diag(Tn), W)
TW <- sum(diag(t(W) %*% W + W %*% W))
lm_tests <- function(yy, XX) {
  b <- qr.solve(XX, yy)
  fitted <- drop(XX %*% b); e <- yy - fitted
  s2 <- sum(e^2) / (N * Tn)
  Mwf <- lm.fit(XX, drop(Wk %*% fitted))$residuals
  J <- sum(Mwf^2) / s2 + Tn * TW
  dl <- sum(e * drop(Wk %*% yy)) / s2
  de <- sum(e * drop(Wk %*% e)) / s2
  tt <- Tn * TW
  lag <- dl^2 / J; err <- de^2 / tt
  rlag <- (dl - de)^2 / (J - tt)
  rerr <- (de - tt / J * dl)^2 / (tt * (1 - tt / J))
  blk <- function(s, df) list(statistic = s, df = df, p = pchisq(s, df, lower.tail = FALSE))
  list(coefficients = arr(unname(b)), sigma2 = s2, lm_lag = blk(lag, 1), lm_error = blk(err, 1),
       robust_lm_lag = blk(rlag, 1), robust_lm_error = blk(rerr, 1), lm_sarma = blk(rlag + err, 2))
}

# spdep on the same transformed data with the block-diagonal weights, as a second computation.
listw_nt <- mat2listw(Wk, style = "W")
pick <- function(tests, old, new) if (!is.null(tests[[old]])) tests[[old]] else tests[[new]]
check <- function(ours, fit) {
  t <- lm.LMtests(fit, listw_nt, test = "all")
  got <- c(pick(t, "LMlag", "RSlag")$statistic, pick(t, "LMerr", "RSerr")$statistic,
           pick(t, "RLMlag", "adjRSlag")$statistic, pick(t, "RLMerr", "adjRSerr")$statistic, t$SARMA$statistic)
  want <- c(ours$lm_lag$statistic, ours$lm_error$statistic, ours$robust_lm_lag$statistic, ours$robust_lm_error$statistic, ours$lm_sarma$statistic)
  if (max(abs(got - want) / abs(want)) >= 1e-8) { print(rbind(got, want)); stop("spdep and the formulas differ") }
}

pooled <- lm_tests(y, cbind(X, 1))
check(pooled, lm(y ~ X))
yw <- unit_demean(y); Xw <- apply(X, 2, unit_demean)
within <- lm_tests(yw, Xw)
check(within, lm(yw ~ Xw - 1))
# The within coefficients are plm's.
pw <- plm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, data = pdata.frame(d, index = c("state", "year")), model = "within")
stopifnot(max(abs(unname(coef(pw)) - within$coefficients[1:4] |> unlist())) < 1e-10)
y2 <- two_way(y); X2 <- apply(X, 2, two_way)
twoways <- lm_tests(y2, X2)
check(twoways, lm(y2 ~ X2 - 1))

write_json(list(
  spdep = as.character(packageVersion("spdep")), regions = N, periods = Tn, links = nrow(pairs), trace_w = TW,
  pooled_ols = pooled, unit_fixed_effects = within, two_way_fixed_effects = twoways))
