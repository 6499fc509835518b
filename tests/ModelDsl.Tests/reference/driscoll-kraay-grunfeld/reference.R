# driscoll-kraay-grunfeld: Driscoll-Kraay (1998) standard errors with plm::vcovSCC on plm's Grunfeld.
# Run: cd driscoll-kraay-grunfeld && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages({ library(plm); library(sandwich) })
d <- read.csv("data.csv")
pd <- pdata.frame(d, index = c("firm", "year"))
Tn <- length(unique(d$year))
xtscc_lag <- floor(4 * (Tn / 100)^(2 / 9))   # Stata xtscc's default: 2 for T = 20

pooled <- plm(inv ~ value + capital, data = pd, model = "pooling")
within <- plm(inv ~ value + capital, data = pd, model = "within")

# plm::vcovSCC(type = "HC0"): (X'X)^-1 [sum_{l=0}^{L} w_l (Gamma_l + Gamma_l')] (X'X)^-1 (Gamma_0 once),
# Gamma_l = sum_t S_t S_{t-l}', S_t = sum over firms of x_it e_it, w_l = 1 - l/(L+1); no small-sample factor.
# Written out by hand below and asserted equal to plm's.
dk_by_hand <- function(X, e, time, L) {
  times <- sort(unique(time))
  S <- t(sapply(times, function(tt) colSums(X[time == tt, , drop = FALSE] * e[time == tt])))
  meat <- crossprod(S)
  if (L > 0) for (l in 1:L) {
    G <- t(S[(l + 1):nrow(S), , drop = FALSE]) %*% S[1:(nrow(S) - l), , drop = FALSE]
    meat <- meat + (1 - l / (L + 1)) * (G + t(G))
  }
  B <- solve(crossprod(X))
  B %*% meat %*% B
}

block <- function(model, L, X, e) {
  V <- vcovSCC(model, type = "HC0", maxlag = L)
  Vh <- dk_by_hand(X, e, d$year, L)
  stopifnot(isTRUE(all.equal(unname(V[, ]), unname(Vh), tolerance = 1e-10)))
  list(maxlag = L, names = arr(names(coef(model))), estimate = arr(unname(coef(model))),
       std_error = arr(unname(sqrt(diag(V)))), vcov = unname(V[, ]))
}

Xp <- cbind(1, d$value, d$capital); ep <- unname(residuals(pooled))
Xw <- cbind(d$value - ave(d$value, d$firm), d$capital - ave(d$capital, d$firm)); ew <- unname(residuals(within))

out <- list(
  description = "plm::vcovSCC(type = 'HC0', maxlag = L) on inv ~ value + capital, Grunfeld (10 firms x 20 years); asserted equal to the Driscoll-Kraay formula written out",
  periods = Tn,
  xtscc_default_lag = xtscc_lag,
  pooled = list(lag0 = block(pooled, 0, Xp, ep), lag2 = block(pooled, 2, Xp, ep), lag4 = block(pooled, 4, Xp, ep)),
  within = list(lag0 = block(within, 0, Xw, ew), lag2 = block(within, 2, Xw, ew), lag4 = block(within, 4, Xw, ew))
)
write_json(out)
