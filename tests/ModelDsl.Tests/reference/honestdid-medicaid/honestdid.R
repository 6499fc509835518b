# An independent R implementation of the HonestDiD intervals (Rambachan and Roth 2023), written from the papers and
# the package's documented algorithm with base R, quadprog (QP), lpSolve (LP) and mvtnorm (draws):
#   original_ci  l'b_post +- z sd
#   flci         Delta^SD(M): the optimal fixed-length CI (Armstrong and Kolesar 2018) over affine estimators
#                v'b_pre + l'b_post. Parameterised here by the bias level: for each b the minimum-variance estimator
#                with sum|u_i| <= b (u the cumulative sums of the slope weights) is a QP (quadprog, the L1 ball as its
#                2^(K-1) half-spaces); optimize() then minimises the half-length over b. (The C# code walks the same
#                frontier the other way: minimum bias for a variance penalty, by coordinate descent.)
#   rm_ci        Delta^RM(Mbar): the ARP conditional-least-favourable hybrid test (Andrews, Roth and Pakes 2023) per
#                (s, sign) polyhedron, inverted on HonestDiD's grid (1000 points on +-20 sd), union over (s, sign).
library(quadprog)
library(lpSolve)
library(mvtnorm)

original_ci <- function(b, S, K, T, l, alpha = 0.05) {
  post <- (K + 1):(K + T)
  th <- sum(l * b[post]); sd <- sqrt(drop(t(l) %*% S[post, post] %*% l))
  c(th - qnorm(1 - alpha / 2) * sd, th + qnorm(1 - alpha / 2) * sd)
}

folded_cv <- function(bias, alpha) {
  bias <- abs(bias)
  uniroot(function(c) pnorm(c - bias) - pnorm(-c - bias) - (1 - alpha),
          c(bias, bias + qnorm(1 - alpha / 2) + 1), tol = 1e-15)$root
}

flci <- function(b, S, K, T, l, M, alpha = 0.05) {
  post <- (K + 1):(K + T)
  s <- sum((1:T) * l)
  # bias per unit M of the post part (HonestDiD's constant) plus |u_K| = |s|
  cst <- sum(sapply(1:T, function(sp) abs(sum((1:sp) * l[(T - sp + 1):T])))) - s + abs(s)
  # v = H u_free + o, with w = diff(c(0, u)), v = diff(c(0, w)), u_K = s
  toV <- function(u) { w <- diff(c(0, u)); diff(c(0, w)) }
  nf <- K - 1
  o <- toV(c(rep(0, nf), s))
  H <- if (nf > 0) sapply(1:nf, function(j) toV(replace(rep(0, K), j, 1))) else matrix(0, K, 0)
  H <- matrix(H, nrow = K)
  varOf <- function(v) drop(t(c(v, l)) %*% S %*% c(v, l))
  Spp <- S[1:K, 1:K, drop = FALSE]; Spq <- S[1:K, post, drop = FALSE]
  Dmat <- 2 * t(H) %*% Spp %*% H
  dvec <- -2 * drop(t(H) %*% (Spp %*% o + Spq %*% l))
  signs <- if (nf > 0) as.matrix(expand.grid(rep(list(c(-1, 1)), nf))) else NULL
  solve_b <- function(bl) {   # minimum variance with sum |u_free| <= bl
    if (nf == 0) return(list(v = o, bias = cst))
    Amat <- t(-signs); bvec <- rep(-bl, nrow(signs))
    u <- solve.QP(Dmat, dvec, Amat, bvec)$solution
    list(v = drop(H %*% u + o), bias = cst + sum(abs(u)))
  }
  u_minvar <- if (nf > 0) solve(Dmat, dvec) else numeric(0)
  bmax <- sum(abs(u_minvar))
  half <- function(bl) { r <- solve_b(bl); sd <- sqrt(varOf(r$v)); sd * folded_cv(M * r$bias / sd, alpha) }
  if (M == 0 || bmax == 0) best <- bmax else {
    opt <- optimize(half, c(0, bmax), tol = 1e-13 * bmax)
    best <- opt$minimum
    for (e in c(0, bmax)) if (half(e) < half(best)) best <- e
  }
  r <- solve_b(best)
  sd <- sqrt(varOf(r$v)); hl <- sd * folded_cv(M * r$bias / sd, alpha)
  ctr <- sum(r$v * b[1:K]) + sum(l * b[post])
  c(ctr - hl, ctr + hl)
}

# ---------------------------------------------------------------- Delta^RM: ARP hybrid
rm_A <- function(K, T, Mbar, s, positive) {
  P <- K + T
  A <- NULL
  vmax <- rep(0, P + 1); vmax[K + s] <- -1; vmax[K + s + 1] <- 1     # delta_s - delta_{s-1}, 1-based with delta_0 at K+1
  if (!positive) vmax <- -vmax
  for (sg in c(1, -1)) for (r in 1:P) {
    row <- rep(0, P + 1); row[r] <- -sg; row[r + 1] <- sg
    row <- row - (if (r <= K) 1 else Mbar) * vmax
    if (sum(row^2) > 1e-10) A <- rbind(A, row)
  }
  unname(A[, -(K + 1), drop = FALSE])
}

eta_lp <- function(y, W) {   # max y'lambda s.t. W'lambda = e1, lambda >= 0  (the dual of min eta)
  r <- lp("max", y, t(W), rep("=", ncol(W)), c(1, rep(0, ncol(W) - 1)))
  list(ok = r$status == 0, eta = r$objval, lambda = r$solution)
}

tn_quantile <- function(p, lo, hi) {
  if (lo >= 0) {
    qlo <- pnorm(lo, lower.tail = FALSE); qhi <- pnorm(hi, lower.tail = FALSE)
    return(min(max(qnorm(qhi + (1 - p) * (qlo - qhi), lower.tail = FALSE), lo), hi))
  }
  if (hi <= 0) return(-tn_quantile(1 - p, -hi, -lo))
  min(max(qnorm(pnorm(lo) + p * (pnorm(hi) - pnorm(lo))), lo), hi)
}

arp_test <- function(y, X, Sg, alpha, kappa, lfcv) {
  sd <- sqrt(diag(Sg)); W <- cbind(sd, X); k <- ncol(X); m <- length(y)
  lp1 <- eta_lp(y, W)
  if (!lp1$ok) return(FALSE)
  eta <- lp1$eta; lam <- lp1$lambda
  if (eta > lfcv) return(TRUE)
  size <- (alpha - kappa) / (1 - kappa)
  B <- lam > 1e-6
  degenerate <- sum(B) != k + 1
  fullrank <- k == 0 || sum(B) == 0 || qr(X[B, , drop = FALSE])$rank == min(sum(B), k)
  if (!fullrank || degenerate) {
    sB <- sqrt(drop(t(lam) %*% Sg %*% lam))
    if (sB < 1e-10) return(eta > 0)
    vv <- dual_bounds(y, W, Sg, eta, lam)
    stat <- eta / sB; zlo <- vv[1] / sB; zup <- min(vv[2], lfcv) / sB
  } else {
    WB <- W[B, , drop = FALSE]; WBi <- solve(WB)
    vB <- rep(0, m); vB[B] <- WBi[1, ]
    s2 <- drop(t(vB) %*% Sg %*% vB); sB <- sqrt(s2)
    vlo <- -Inf; vup <- Inf
    for (f in which(!B)) {
      g <- rep(0, m); g[B] <- drop(W[f, ] %*% WBi); g[f] <- g[f] - 1
      rho <- drop(t(g) %*% Sg %*% vB) / s2
      bd <- -sum(g * y) / rho + sum(vB * y)
      if (rho > 0) vlo <- max(vlo, bd) else if (rho < 0) vup <- min(vup, bd)
    }
    stat <- eta / sB; zlo <- vlo / sB; zup <- min(vup, lfcv) / sB
  }
  if (!(zlo <= stat && stat <= zup)) return(FALSE)
  stat > max(0, tn_quantile(1 - size, zlo, zup))
}

# ARP Appendix D, Algorithm 1: the truncation points of eta with the dual vertex gamma held fixed, by the fixed-point
# shortcut then bisection, with HonestDiD's tolerances.
dual_bounds <- function(y, W, Sg, eta, gam) {
  gsg <- drop(t(gam) %*% Sg %*% gam); bvec <- drop(Sg %*% gam) / gsg
  sT <- y - bvec * sum(gam * y); sB <- sqrt(gsg)
  check <- function(c) { r <- lp("max", sT + bvec * c, t(W), rep("=", ncol(W)), c(1, rep(0, ncol(W) - 1)))
    list(ok = r$status == 0 && abs(c - r$objval) <= 1e-6, sol = r$solution, status = r$status) }
  shortcut <- function(sol) { xs <- sum(sol * sT); if (abs(xs) < .Machine$double.eps^(3/4)) xs <- 0; xs / (1 - sum(sol * bvec)) }
  if (!check(eta)$ok) return(c(eta, Inf))
  search <- function(start, init) {
    ch <- check(init); if (ch$ok) return(if (init > start) Inf else -Inf)
    dif <- 0; it <- 1; mid <- shortcut(ch$sol)
    repeat { ch <- check(mid); if (ch$ok || it >= 10000) break; it <- it + 1
      if (it >= 10 || ch$status != 0) { dif <- 1e-6 + 1; break }; mid <- shortcut(ch$sol) }
    inside <- start; outside <- mid
    while (dif > 1e-6 && it < 10000) { it <- it + 1; nx <- (inside + outside) / 2
      if (check(nx)$ok) inside <- nx else outside <- nx; dif <- abs(outside - inside); mid <- nx }
    mid
  }
  c(search(eta, min(-100, eta - 20 * sB)), search(eta, max(100, eta + 20 * sB)))
}

lf_cv <- function(X, Sg, kappa) {
  set.seed(0)
  xi <- rmvnorm(1000, sigma = Sg)
  W <- cbind(sqrt(diag(Sg)), X)
  etas <- apply(xi, 1, function(z) { r <- eta_lp(z, W); if (r$ok) r$eta else NA })
  quantile(etas, 1 - kappa, names = FALSE, na.rm = TRUE)
}

rm_ci <- function(b, S, K, T, l, Mbar, alpha = 0.05, gridPoints = 1000) {
  post <- (K + 1):(K + T)
  sdT <- sqrt(drop(t(l) %*% S[post, post] %*% l))
  grid <- seq(-20 * sdT, 20 * sdT, length.out = gridPoints)
  accept <- rep(FALSE, gridPoints)
  kappa <- alpha / 10
  last <- max(which(l != 0))
  Gam <- rbind(l, diag(T)[-last, , drop = FALSE])
  for (s in (-(K - 1)):0) for (pos in c(TRUE, FALSE)) {
    A <- rm_A(K, T, Mbar, s, pos)
    rows <- if (T > 1) which(rowSums(A[, post, drop = FALSE] != 0) > 0) else seq_len(nrow(A))
    AG <- A[, post, drop = FALSE] %*% solve(Gam)
    Y <- drop(A %*% b)[rows]; a1 <- AG[rows, 1]; X <- AG[rows, -1, drop = FALSE]
    Sg <- (A %*% S %*% t(A))[rows, rows, drop = FALSE]
    cv <- lf_cv(X, Sg, kappa)
    for (i in which(!accept)) if (!arp_test(Y - a1 * grid[i], X, Sg, alpha, kappa, cv)) accept[i] <- TRUE
  }
  if (!any(accept)) return(c(NA, NA))
  range(grid[accept])
}
