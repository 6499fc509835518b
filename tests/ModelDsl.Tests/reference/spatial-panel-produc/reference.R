# Spatial panel models with fixed effects on plm's Produc (48 states, 1970-1986): lgsp on lpcap, lpc, lemp, unemp,
# W = row-standardised queen contiguity of the states (neighbours.csv, spdep::nb2listw style "W").
# The within-transformed quasi-ML of Lee and Yu (2010) with the bias corrections as Elhorst's sar_panel_FE /
# sem_panel_FE apply them, written out in R from spdep/spatialreg building blocks (nb2listw, listw2mat, eigenw of
# similar.listw for ln|I - rho W|) and base R (lm.fit, optimize, uniroot, solve):
#   * variables stacked period by period; unit, time or two-way demeaning; W y and W X lagged before demeaning
#     (lag and Durbin models), the error model lags the demeaned variables (sem_panel_FE)
#   * rho maximises the concentrated log-likelihood -(NT/2)(log(2 pi) + 1 + log(e'e/NT)) + T sum(log(1 - rho w)):
#     optimize() to locate it, then uniroot() on the analytic score to machine precision
#   * sigma^2 = e'e/NT, times T/(T-1) (unit effects) or N/(N-1) (time effects); two-way: (beta, rho, sigma^2) +
#     T * I^-1 (0, 1/(1 - rho), 1/(2 sigma^2)) and then sigma^2 * T/(T-1), I re-evaluated at the corrected values
#   * asymptotic variance: the inverse of the analytic information matrix (sar_panel_FE / sem_panel_FE formulas)
#   * effects (LeSage and Pace 2009): direct = mean(diag(S)), total = mean(rowSums(S)), S = (I - rho W)^-1 (b I + t W),
#     dense; delta-method standard errors with the gradient by central differences (step 1e-6) of those dense formulas
#   * Wald tests of SDM against SAR (theta = 0) and SEM (theta + rho beta = 0, gradient analytic) and LR tests
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
tr <- function(A) sum(diag(A))
solve_score <- function(f, score) {
  r <- optimize(f, c(lower, upper), maximum = TRUE, tol = 1e-10)$maximum
  uniroot(score, c(r - 1e-3, r + 1e-3), tol = .Machine$double.eps, maxiter = 1000)$root
}

lag_information <- function(X, beta, rho, s2) {
  A <- W %*% solve(diag(N) - rho * W)
  k <- ncol(X); cross <- numeric(k); quad <- 0
  for (t in 1:T) {
    rows <- ((t - 1) * N + 1):(t * N)
    z <- A %*% (X[rows, , drop = FALSE] %*% beta)
    cross <- cross + crossprod(X[rows, , drop = FALSE], z); quad <- quad + sum(z^2)
  }
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(X) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- cross / s2
  I[k + 1, k + 1] <- T * (tr(A %*% A) + tr(crossprod(A))) + quad / s2
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- T * tr(A) / s2
  I[k + 2, k + 2] <- NT / (2 * s2^2)
  I
}
error_information <- function(Xstar, lambda, s2) {
  A <- W %*% solve(diag(N) - lambda * W)
  k <- ncol(Xstar)
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(Xstar) / s2
  I[k + 1, k + 1] <- T * (tr(A %*% A) + tr(crossprod(A)))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- T * tr(A) / s2
  I[k + 2, k + 2] <- NT / (2 * s2^2)
  I
}
sigma_factor <- function(eff, bc) if (!bc) 1 else switch(eff, unit = T / (T - 1), time = N / (N - 1), twoway = 1)
two_way <- function(I, beta, rho, s2) {
  k <- length(beta)
  step <- T * solve(I, c(rep(0, k), 1 / (1 - rho), 1 / (2 * s2)))
  list(beta = beta + step[1:k], rho = rho + step[k + 1], s2 = T / (T - 1) * (s2 + step[k + 2]))
}

fit_lag <- function(eff, durbin, bc = TRUE) {
  y <- as.vector(within(Y, eff)); wy <- as.vector(within(W %*% Y, eff))
  cols <- lapply(Xs, function(m) as.vector(within(m, eff)))
  names <- xnames
  if (durbin) { cols <- c(cols, lapply(Xs, function(m) as.vector(within(W %*% m, eff)))); names <- c(names, paste0("W*", xnames)) }
  X <- do.call(cbind, cols)
  e0 <- lm.fit(X, y)$residuals; ed <- lm.fit(X, wy)$residuals
  sse <- function(r) sum((e0 - r * ed)^2)
  ll <- function(r) -NT / 2 * (log(2 * pi) + 1 + log(sse(r) / NT)) + T * sum(log(1 - r * ev))
  score <- function(r) NT * sum((e0 - r * ed) * ed) / sse(r) - T * sum(ev / (1 - r * ev))
  rho <- solve_score(ll, score); rho_ml <- rho
  beta <- as.vector(qr.solve(X, y - rho * wy))
  resid <- e0 - rho * ed
  s2 <- sse(rho) / NT * sigma_factor(eff, bc)
  I <- lag_information(X, beta, rho, s2)
  if (eff == "twoway" && bc) { c2 <- two_way(I, beta, rho, s2); beta <- c2$beta; rho <- c2$rho; s2 <- c2$s2; I <- lag_information(X, beta, rho, s2) }
  V <- solve(I)
  list(names = names, beta = beta, rho = rho, s2 = s2, ll = ll(rho_ml), V = V,
       r2 = 1 - sum(resid^2) / sum((y - mean(y))^2), durbin = durbin, k = length(xnames))
}

fit_error <- function(eff, bc = TRUE) {
  y <- as.vector(within(Y, eff)); wy <- as.vector(W %*% within(Y, eff))
  X <- do.call(cbind, lapply(Xs, function(m) as.vector(within(m, eff))))
  WX <- do.call(cbind, lapply(Xs, function(m) as.vector(W %*% within(m, eff))))
  at <- function(l) { ys <- y - l * wy; xs <- X - l * WX; b <- qr.solve(xs, ys); list(b = as.vector(b), eps = as.vector(ys - xs %*% b), u = as.vector(y - X %*% b), xs = xs) }
  ll <- function(l) -NT / 2 * (log(2 * pi) + 1 + log(sum(at(l)$eps^2) / NT)) + T * sum(log(1 - l * ev))
  score <- function(l) { a <- at(l); wu <- as.vector(W %*% matrix(a$u, N, T)); NT * sum(a$eps * wu) / sum(a$eps^2) - T * sum(ev / (1 - l * ev)) }
  lambda <- solve_score(ll, score); lambda_ml <- lambda
  a <- at(lambda)
  s2 <- sum(a$eps^2) / NT * sigma_factor(eff, bc)
  beta <- a$b
  I <- error_information(a$xs, lambda, s2)
  if (eff == "twoway" && bc) { c2 <- two_way(I, beta, lambda, s2); beta <- c2$beta; lambda <- c2$rho; s2 <- c2$s2; I <- error_information(X - lambda * WX, lambda, s2) }
  V <- solve(I)
  list(names = xnames, beta = beta, rho = lambda, s2 = s2, ll = ll(lambda_ml), V = V,
       r2 = 1 - sum(a$eps^2) / sum((y - mean(y))^2))
}

effects <- function(f) {
  k <- f$k; p <- length(f$beta)
  eff_of <- function(par, j) {
    b <- par[j]; th <- if (f$durbin) par[k + j] else 0; r <- par[p + 1]
    S <- solve(diag(N) - r * W) %*% (b * diag(N) + th * W)
    c(direct = mean(diag(S)), total = mean(rowSums(S)))
  }
  par <- c(f$beta, f$rho)
  V <- f$V[1:(p + 1), 1:(p + 1)]
  out <- list(direct = c(), indirect = c(), total = c(), direct_se = c(), indirect_se = c(), total_se = c())
  for (j in 1:k) {
    e <- eff_of(par, j)
    G <- matrix(0, 3, p + 1)
    for (q in 1:(p + 1)) {
      h <- 1e-6 * max(1, abs(par[q])); up <- par; dn <- par; up[q] <- up[q] + h; dn[q] <- dn[q] - h
      eu <- eff_of(up, j); ed <- eff_of(dn, j)
      G[, q] <- c((eu["direct"] - ed["direct"]), (eu["total"] - eu["direct"]) - (ed["total"] - ed["direct"]), (eu["total"] - ed["total"])) / (2 * h)
    }
    se <- sqrt(diag(G %*% V %*% t(G)))
    out$direct <- c(out$direct, e["direct"]); out$total <- c(out$total, e["total"]); out$indirect <- c(out$indirect, e["total"] - e["direct"])
    out$direct_se <- c(out$direct_se, se[1]); out$indirect_se <- c(out$indirect_se, se[2]); out$total_se <- c(out$total_se, se[3])
  }
  lapply(out, function(v) arr(unname(v)))
}

block <- function(f, with_effects = FALSE) {
  p <- length(f$beta)
  b <- list(coefficients = arr(f$beta), std_errors = arr(sqrt(diag(f$V))[1:p]), rho = f$rho, rho_se = sqrt(f$V[p + 1, p + 1]),
            sigma2 = f$s2, log_likelihood = f$ll, r2 = f$r2)
  if (with_effects) b$effects <- effects(f)
  b
}

wald_theta <- function(f) { k <- f$k; th <- f$beta[(k + 1):(2 * k)]; as.numeric(t(th) %*% solve(f$V[(k + 1):(2 * k), (k + 1):(2 * k)], th)) }
wald_common <- function(f) {
  k <- f$k; b <- f$beta[1:k]; th <- f$beta[(k + 1):(2 * k)]; r <- f$rho
  g <- th + r * b
  G <- cbind(r * diag(k), diag(k), b)
  V <- f$V[1:(2 * k + 1), 1:(2 * k + 1)]
  as.numeric(t(g) %*% solve(G %*% V %*% t(G), g))
}

out <- list(N = N, T = T, eigenvalue_range = arr(range(ev)))
for (eff in c("unit", "time", "twoway")) {
  sar <- fit_lag(eff, FALSE); sdm <- fit_lag(eff, TRUE); sem <- fit_error(eff)
  out[[paste0("sar_", eff)]] <- block(sar, TRUE)
  out[[paste0("sdm_", eff)]] <- block(sdm, TRUE)
  out[[paste0("sem_", eff)]] <- block(sem)
  out[[paste0("tests_", eff)]] <- list(wald_sdm_sar = wald_theta(sdm), wald_sdm_sem = wald_common(sdm),
                                       lr_sdm_sar = 2 * (sdm$ll - sar$ll), lr_sdm_sem = 2 * (sdm$ll - sem$ll))
}
out$sdm_twoway_uncorrected <- block(fit_lag("twoway", TRUE, bc = FALSE), TRUE)
cat(to_json(out), "\n")
