# Spatial panel models with fixed effects on the Baltagi-Li cigarette-demand panel of Elhorst (2014, section 3.6.2):
# 46 US states, 1963-1992, logc on logp and logy, W = row-standardised binary contiguity of the states
# (neighbours.csv, spdep::nb2listw style "W"; the matrix SDPDmod ships as usa46, see README.md).
# The estimators are the ones of ../spatial-panel-produc/reference.R, copied unchanged (the within-transformed
# quasi-ML of Lee and Yu 2010 with the bias corrections as Elhorst's sar_panel_FE / sem_panel_FE apply them):
#   * variables stacked period by period; unit, time or two-way demeaning; W y and W X lagged before demeaning
#     (lag and Durbin models), the error model lags the demeaned variables (sem_panel_FE)
#   * rho maximises the concentrated log-likelihood -(NT/2)(log(2 pi) + 1 + log(e'e/NT)) + T sum(log(1 - rho w))
#     with the exact eigenvalues w of W: optimize() to locate it, then uniroot() on the analytic score
#   * sigma^2 = e'e/NT, times T/(T-1) (unit effects) or N/(N-1) (time effects); two-way: (beta, rho, sigma^2) +
#     T * I^-1 (0, 1/(1 - rho), 1/(2 sigma^2)) and then sigma^2 * T/(T-1), I re-evaluated at the corrected values;
#     "_uncorrected" blocks: none of these (sigma^2 = e'e/NT, the direct ML estimates)
#   * asymptotic variance: the inverse of the analytic information matrix (sar_panel_FE / sem_panel_FE formulas)
#   * effects (LeSage and Pace 2009) from the dense S = (I - rho W)^-1 (b I + t W), delta-method standard errors with
#     the gradient by central differences; Wald tests of SDM against SAR and SEM and LR tests
# Two published cross-checks (README.md):
#   * sdpdmod_mod1: SDPDmod's vignette model mod1 (SAR, individual effects, no Lee-Yu transformation) replicated
#     step by step as SDPDm computes it: log|I - rho W| tabulated on SDPDm's grid (rmin = 1/w_min + 0.001 to
#     rmax = 1/w_max - 0.001, step 0.001) and read at the nearest grid row (its f_sar lookup), rho by optimize()
#     with the default tolerance, sigma^2 = e'e/NT, standard errors from the same information matrix at the grid
#     rho, rsqr = 1 - e'e / sum((logc - mean(logc))^2) (levels, not demeaned); "shift" = grid minus exact
#   * elhorst_lr: the LR tests of the joint significance of the state and of the year effects in the non-spatial
#     two-way model (Gaussian ML, sigma^2 = e'e/NT), which Elhorst (2014) reports as 2315.7 and 473.1
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
Y <- panel(d$logc)
xnames <- c("logp", "logy")
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
for (eff in c("unit", "time", "twoway")) {
  out[[paste0("sar_", eff, "_uncorrected")]] <- block(fit_lag(eff, FALSE, bc = FALSE), TRUE)
  out[[paste0("sdm_", eff, "_uncorrected")]] <- block(fit_lag(eff, TRUE, bc = FALSE), TRUE)
  out[[paste0("sem_", eff, "_uncorrected")]] <- block(fit_error(eff, bc = FALSE))
}

# SDPDmod's mod1, as SDPDm computes it (grid log-determinant, f_sar's nearest-row lookup, optimize's default tolerance)
sdpdm_sar_unit <- function(grid) {
  y <- as.vector(within(Y, "unit")); wy <- as.vector(within(W %*% Y, "unit"))
  X <- do.call(cbind, lapply(Xs, function(m) as.vector(within(m, "unit"))))
  bo <- qr.solve(X, y); bd <- qr.solve(X, wy)
  eo <- y - X %*% bo; ed <- wy - X %*% bd
  epeo <- sum(eo^2); eped <- sum(ed^2); epeod <- sum(eo * ed)
  if (grid) {
    detval <- cbind(seq(lower + 0.001, upper - 0.001, 0.001), NA)
    detval[, 2] <- vapply(detval[, 1], function(r) sum(log(1 - r * ev)), 0)
    f <- function(r) {
      g <- detval[2, 1] - detval[1, 1]
      i <- round((max(which(detval[, 1] <= r + g)) + max(which(detval[, 1] <= r - g))) / 2)
      NT / 2 * log(epeo - 2 * r * epeod + r^2 * eped) - T * detval[i, 2]
    }
    rho <- optimize(f, lower = detval[1, 1], upper = detval[nrow(detval), 1])$minimum
  } else {
    rho <- fit_lag("unit", FALSE, bc = FALSE)$rho
  }
  beta <- as.vector(bo - rho * bd); e <- as.vector(eo - rho * ed); s2 <- sum(e^2) / NT
  V <- solve(lag_information(X, beta, rho, s2))
  list(rho = rho, rho_se = sqrt(V[3, 3]), coefficients = beta, std_errors = sqrt(diag(V))[1:2], sigma2 = s2,
       rsqr = 1 - sum(e^2) / sum((d$logc - mean(d$logc))^2))
}
grid <- sdpdm_sar_unit(TRUE); exact <- sdpdm_sar_unit(FALSE)
out$sdpdmod_mod1 <- list(
  grid = lapply(grid, function(v) if (length(v) > 1) arr(v) else v),
  exact = lapply(exact, function(v) if (length(v) > 1) arr(v) else v),
  shift = lapply(names(grid), function(n) { v <- grid[[n]] - exact[[n]]; if (length(v) > 1) arr(v) else v }))
names(out$sdpdmod_mod1$shift) <- names(grid)

# Elhorst's LR tests of the fixed effects in the non-spatial model (Gaussian log-likelihood with sigma^2 = e'e/NT)
ll_lm <- function(f) { e <- resid(lm(f, d)); -NT / 2 * (log(2 * pi * sum(e^2) / NT) + 1) }
ll_two <- ll_lm(logc ~ logp + logy + factor(state) + factor(year))
out$elhorst_lr <- list(state_effects = 2 * (ll_two - ll_lm(logc ~ logp + logy + factor(year))),
                       year_effects = 2 * (ll_two - ll_lm(logc ~ logp + logy + factor(state))))
cat(to_json(out), "\n")
