# The SAC (SARAR) panel with fixed effects on plm's Produc (48 states, 1970-1986): lgsp on lpcap, lpc, lemp, unemp,
# y = rho W y + X beta + mu + alpha + u, u = lambda W u + e, W = row-standardised queen contiguity (neighbours.csv, as
# ../spatial-panel-produc). The within-transformed quasi-ML with Lee and Yu's (2010) bias corrections applied as
# Elhorst's sar_panel_FE / sem_panel_FE apply them to the lag and error models, written out in R from spdep/spatialreg
# building blocks (nb2listw, listw2mat, eigenw of similar.listw) and base R (lm.fit, nlminb, solve); no R package
# estimates this model:
#   * variables stacked period by period; unit, time or two-way demeaning; W y lagged before demeaning (as the lag model),
#     the error filter I - lambda W applied to the demeaned variables (as the error model, sem_panel_FE):
#     e(rho, lambda) = (I - lambda W)(y~ - rho (Wy)~ - X~ beta)
#   * (rho, lambda) maximise the concentrated log-likelihood
#     -(NT/2)(log(2 pi) + 1 + log(e'e/NT)) + T sum(log(1 - rho w)) + T sum(log(1 - lambda w)), beta by least squares:
#     nlminb from a 5 x 5 grid of starts (the best kept), then Newton steps on the analytic score (its Jacobian by
#     central differences) to machine precision
#   * sigma^2 = e'e/NT, times T/(T-1) (unit effects) or N/(N-1) (time effects); two-way: (beta, rho, lambda, sigma^2) +
#     T * I^-1 (0, 1/(1 - rho), 1/(1 - lambda), 1/(2 sigma^2)) (Lee and Yu's b_theta with row-standardised W) and then
#     sigma^2 * T/(T-1), I re-evaluated at the corrected values
#   * asymptotic variance: the inverse of the information matrix of sacsarlm (method = "eigen", the dense formulas of
#     spatialreg written out, W1 = W2 = W) with T periods: the trace terms times T, the X terms summed over periods
#   * effects (LeSage and Pace 2009): direct = mean(diag(S)), total = mean(rowSums(S)), S = (I - rho W)^-1 b, dense;
#     delta-method standard errors with the gradient by central differences (step 1e-6) of those dense formulas
#   * LR tests of SAC against the SAR and SEM of ../spatial-panel-produc (the same likelihoods, refitted here)
# The reported log-likelihood is the maximum (ML sigma^2) in every model.
# Run: Rscript reference.R > expected.json
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })
source("../common.R")

d <- read.csv("data.csv", stringsAsFactors = FALSE)
pairs <- read.csv("neighbours.csv", stringsAsFactors = FALSE)
states <- unique(d$state)
years <- sort(unique(d$year))
N <- length(states); T <- length(years); NT <- N * T
nb <- lapply(states, function(s) sort(match(pairs$neighbour[pairs$state == s], states)))
class(nb) <- "nb"
attr(nb, "region.id") <- states
lw <- nb2listw(nb, style = "W")
W <- listw2mat(lw)
ev <- eigenw(similar.listw(lw))
lower <- 1 / min(ev); upper <- 1 / max(ev)

panel <- function(v) { m <- matrix(NA_real_, N, T); m[cbind(match(d$state, states), match(d$year, years))] <- v; m }
Y <- panel(d$lgsp)
xnames <- c("lpcap", "lpc", "lemp", "unemp")
Xs <- lapply(xnames, function(v) panel(d[[v]]))
within <- function(m, eff) switch(eff,
  unit = m - rowMeans(m),
  time = sweep(m, 2, colMeans(m)),
  twoway = sweep(m - rowMeans(m), 2, colMeans(m)) + mean(m))
lagW <- function(v) as.vector(W %*% matrix(v, N, T))
tr <- function(A) sum(diag(A))
sigma_factor <- function(eff, bc) if (!bc) 1 else switch(eff, unit = T / (T - 1), time = N / (N - 1), twoway = 1)

sac_information <- function(X, beta, rho, lambda, s2) {
  A <- diag(N) - rho * W; B <- diag(N) - lambda * W
  AI <- solve(A); BI <- solve(B); WA <- W %*% AI; WB <- W %*% BI
  k <- ncol(X); I <- matrix(0, k + 3, k + 3)
  cross <- numeric(k); quad <- 0; XX <- matrix(0, k, k)
  for (t in 1:T) {
    rows <- ((t - 1) * N + 1):(t * N)
    Bx <- B %*% X[rows, , drop = FALSE]
    z <- B %*% WA %*% (X[rows, , drop = FALSE] %*% beta)
    XX <- XX + crossprod(Bx); cross <- cross + crossprod(Bx, z); quad <- quad + sum(z^2)
  }
  BWABI <- B %*% WA %*% BI
  I[1:k, 1:k] <- XX / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- cross / s2
  I[k + 1, k + 1] <- T * (tr(WA %*% WA) + tr(crossprod(BWABI))) + quad / s2
  I[k + 2, k + 2] <- T * (tr(WB %*% WB) + tr(crossprod(WB)))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- T * (tr(t(WB) %*% BWABI) + tr(W %*% WA %*% BI))
  I[k + 1, k + 3] <- I[k + 3, k + 1] <- T * tr(WA) / s2
  I[k + 2, k + 3] <- I[k + 3, k + 2] <- T * tr(WB) / s2
  I[k + 3, k + 3] <- NT / (2 * s2^2)
  I
}

fit_sac <- function(eff, bc = TRUE) {
  y <- as.vector(within(Y, eff)); wy <- as.vector(within(W %*% Y, eff))
  X <- do.call(cbind, lapply(Xs, function(m) as.vector(within(m, eff))))
  WX <- apply(X, 2, lagW); Wy <- lagW(y); Wwy <- lagW(wy)
  # with unit effects only W commutes with the demeaning: (Wy)~ = W y~, and this is also Elhorst's sac_panel_FE (which
  # lags the demeaned y in the lag part too); with time effects the two differ by a constant per period
  if (eff == "unit") stopifnot(max(abs(wy - Wy)) < 1e-12)
  at <- function(p) {
    ys <- (y - p[1] * wy) - p[2] * (Wy - p[1] * Wwy); xs <- X - p[2] * WX
    b <- qr.solve(xs, ys); e <- as.vector(ys - xs %*% b)
    list(b = as.vector(b), e = e, u = as.vector(y - p[1] * wy - X %*% b), sse = sum(e^2))
  }
  ll <- function(p) -NT / 2 * (log(2 * pi) + 1 + log(at(p)$sse / NT)) + T * sum(log(1 - p[1] * ev)) + T * sum(log(1 - p[2] * ev))
  score <- function(p) {
    a <- at(p)
    c(NT * sum(a$e * (wy - p[2] * Wwy)) / a$sse - T * sum(ev / (1 - p[1] * ev)),
      NT * sum(a$e * lagW(a$u)) / a$sse - T * sum(ev / (1 - p[2] * ev)))
  }
  grid <- expand.grid(seq(lower, upper, length.out = 7)[2:6], seq(lower, upper, length.out = 7)[2:6])
  lo <- c(lower, lower) + 1e-6; hi <- c(upper, upper) - 1e-6
  fits <- lapply(seq_len(nrow(grid)), function(i) nlminb(unlist(grid[i, ]), function(p) -ll(p), lower = lo, upper = hi,
                                                       control = list(rel.tol = 1e-14, eval.max = 1000, iter.max = 1000)))
  p <- fits[[which.min(sapply(fits, `[[`, "objective"))]]$par
  for (it in 1:50) {
    J <- sapply(1:2, function(q) { h <- 1e-6; up <- p; dn <- p; up[q] <- up[q] + h; dn[q] <- dn[q] - h; (score(up) - score(dn)) / (2 * h) })
    step <- solve(J, score(p)); p <- p - step
    if (max(abs(step)) < 1e-16) break
  }
  stopifnot(max(abs(score(p))) < 1e-7)
  a <- at(p); p_ml <- p
  beta <- a$b; rho <- p[1]; lambda <- p[2]
  s2 <- a$sse / NT * sigma_factor(eff, bc)
  I <- sac_information(X, beta, rho, lambda, s2)
  if (eff == "twoway" && bc) {
    k <- length(beta)
    step <- T * solve(I, c(rep(0, k), 1 / (1 - rho), 1 / (1 - lambda), 1 / (2 * s2)))
    beta <- beta + step[1:k]; rho <- rho + step[k + 1]; lambda <- lambda + step[k + 2]
    s2 <- T / (T - 1) * (s2 + step[k + 3])
    I <- sac_information(X, beta, rho, lambda, s2)
  }
  V <- solve(I)
  list(beta = beta, rho = rho, lambda = lambda, s2 = s2, ll = ll(p_ml), V = V, score = score(p_ml),
       r2 = 1 - a$sse / sum((y - mean(y))^2))
}

# the SAR and SEM likelihood maxima (as ../spatial-panel-produc), for the LR tests
ll_sar <- function(eff) {
  y <- as.vector(within(Y, eff)); wy <- as.vector(within(W %*% Y, eff))
  X <- do.call(cbind, lapply(Xs, function(m) as.vector(within(m, eff))))
  e0 <- lm.fit(X, y)$residuals; ed <- lm.fit(X, wy)$residuals
  f <- function(r) -NT / 2 * (log(2 * pi) + 1 + log(sum((e0 - r * ed)^2) / NT)) + T * sum(log(1 - r * ev))
  optimize(f, c(lower, upper), maximum = TRUE, tol = 1e-12)$objective
}
ll_sem <- function(eff) {
  y <- as.vector(within(Y, eff)); X <- do.call(cbind, lapply(Xs, function(m) as.vector(within(m, eff))))
  WX <- apply(X, 2, lagW); Wy <- lagW(y)
  f <- function(l) { ys <- y - l * Wy; xs <- X - l * WX; e <- lm.fit(xs, ys)$residuals
    -NT / 2 * (log(2 * pi) + 1 + log(sum(e^2) / NT)) + T * sum(log(1 - l * ev)) }
  optimize(f, c(lower, upper), maximum = TRUE, tol = 1e-12)$objective
}

effects <- function(f) {
  k <- length(f$beta)
  eff_of <- function(par, j) { S <- solve(diag(N) - par[k + 1] * W) * par[j]; c(direct = mean(diag(S)), total = mean(rowSums(S))) }
  par <- c(f$beta, f$rho)
  V <- f$V[1:(k + 1), 1:(k + 1)]
  out <- list(direct = c(), indirect = c(), total = c(), direct_se = c(), indirect_se = c(), total_se = c())
  for (j in 1:k) {
    e <- eff_of(par, j)
    G <- matrix(0, 3, k + 1)
    for (q in 1:(k + 1)) {
      h <- 1e-6 * max(1, abs(par[q])); up <- par; dn <- par; up[q] <- up[q] + h; dn[q] <- dn[q] - h
      eu <- eff_of(up, j); ed <- eff_of(dn, j)
      G[, q] <- c(eu["direct"] - ed["direct"], (eu["total"] - eu["direct"]) - (ed["total"] - ed["direct"]), eu["total"] - ed["total"]) / (2 * h)
    }
    se <- sqrt(diag(G %*% V %*% t(G)))
    out$direct <- c(out$direct, e["direct"]); out$total <- c(out$total, e["total"]); out$indirect <- c(out$indirect, e["total"] - e["direct"])
    out$direct_se <- c(out$direct_se, se[1]); out$indirect_se <- c(out$indirect_se, se[2]); out$total_se <- c(out$total_se, se[3])
  }
  lapply(out, function(v) arr(unname(v)))
}

block <- function(f) {
  k <- length(f$beta)
  list(coefficients = arr(f$beta), std_errors = arr(sqrt(diag(f$V))[1:k]),
       rho = f$rho, rho_se = sqrt(f$V[k + 1, k + 1]), lambda = f$lambda, lambda_se = sqrt(f$V[k + 2, k + 2]),
       cov_rho_lambda = f$V[k + 1, k + 2], sigma2 = f$s2, log_likelihood = f$ll, r2 = f$r2,
       score_at_maximum = arr(f$score), effects = effects(f))
}

out <- list(N = N, T = T, eigenvalue_range = arr(range(ev)))
for (eff in c("unit", "time", "twoway")) {
  f <- fit_sac(eff)
  out[[paste0("sac_", eff)]] <- block(f)
  out[[paste0("lr_", eff)]] <- list(sac_sar = 2 * (f$ll - ll_sar(eff)), sac_sem = 2 * (f$ll - ll_sem(eff)))
}
out$sac_twoway_uncorrected <- block(fit_sac("twoway", bc = FALSE))
cat(to_json(out), "\n")
