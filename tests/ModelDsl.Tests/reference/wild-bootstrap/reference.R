# wild-bootstrap: the wild cluster bootstrap by brute force, with every Rademacher sign vector enumerated.
# Run: cd wild-bootstrap && Rscript reference.R > expected.json
# Produc (48 states x 17 years); log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp; clusters = 9 census regions,
# so the 2^9 = 512 sign vectors are enumerated and the bootstrap distribution is deterministic.
# Models: pooled OLS, and state fixed effects (states are nested in regions) as lm() dummies.
# Conventions (as ModelDsl's WildClusterBootstrap and boottest):
#   t = (b_j - beta0)/se_j, se_j CR1: G/(G-1)(N-1)/(N-K), K = slopes + constant (nested state FE not counted);
#   WCR: y* = restricted fit + restricted residual * v_g; t*_b = (b*_j - beta0)/se*_j, same CR1 factor;
#   WCU: y* = fit + residual * v_g; t*_b = (b*_j - b_j)/se*_j;
#   symmetric p = #{|t*| - |t| > 1e-10 max(1,|t|)}/B; equal-tailed p = 2 min(#{t* < t - tol}, #{t* > t + tol})/B;
#   interval: from b_j step +-se, +-2se, +-4se, ... until p <= alpha, then bisection to 1e-12 (|b_j| + se); midpoint.
source("../common.R")
d <- read.csv("data.csv")
d$ly <- log(d$gsp); d$lpcap <- log(d$pcap); d$lpc <- log(d$pc); d$lemp <- log(d$emp)
regs <- c("lpcap", "lpc", "lemp", "unemp")
names_out <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
cl <- as.integer(factor(d$region)); G <- max(cl); N <- nrow(d); k <- length(regs)
signs <- as.matrix(expand.grid(rep(list(c(1, -1)), G)))   # 2^G x G, every sign vector once
B <- nrow(signs)
tol_of <- function(t) 1e-10 * max(1, abs(t))

cr1_factor <- G / (G - 1) * (N - 1) / (N - (k + 1))

# CR1 standard error of coefficient j of an lm fit (dummies included in the design).
cr1_se <- function(fit, j) {
  X <- model.matrix(fit); e <- residuals(fit)
  A <- solve(crossprod(X)); a <- A[j, ]
  z <- rowsum(as.vector(X %*% a) * e, cl)
  sqrt(cr1_factor * sum(z^2))
}

formula_of <- function(lhs, rhs, fe) as.formula(paste(lhs, "~", paste(c(rhs, if (fe) "factor(state)"), collapse = " + ")))

# Plain lm() re-estimation per draw: the bootstrap t statistics at beta0.
tstar_lm <- function(fe, j, beta0, type) {
  full <- lm(formula_of("ly", regs, fe), data = d)
  if (type == "WCR") {
    d$yr <- d$ly - beta0 * d[[regs[j]]]
    r <- lm(formula_of("yr", if (k > 1) regs[-j] else "1", fe), data = d)
    base <- fitted(r) + beta0 * d[[regs[j]]]; u <- residuals(r); centre <- beta0
  } else {
    base <- fitted(full); u <- residuals(full); centre <- unname(coef(full)[j + 1])
  }
  sapply(seq_len(B), function(b) {
    d$ystar <- base + u * signs[b, cl]
    f <- lm(formula_of("ystar", regs, fe), data = d)
    (unname(coef(f)[j + 1]) - centre) / cr1_se(f, j + 1)
  })
}

# The same statistics by matrix algebra (all draws at once), for the many trial values of the interval.
tstar_matrix <- function(X, j, beta0, type) {
  y <- d$ly; qx <- qr(X); A <- chol2inv(qr.R(qx)); bhat <- qr.coef(qx, y)
  if (type == "WCR") {
    a <- A[, j]; bt <- bhat - a * (bhat[j] - beta0) / A[j, j]; centre <- beta0
  } else { bt <- bhat; centre <- bhat[j] }
  u <- as.vector(y - X %*% bt)
  Ystar <- as.vector(X %*% bt) + u * t(signs[, cl])          # n x B
  Bstar <- qr.coef(qx, Ystar)
  E <- Ystar - X %*% Bstar
  z <- rowsum(as.vector(X %*% A[j, ]) * E, cl)                # G x B
  (Bstar[j, ] - centre) / sqrt(cr1_factor * colSums(z^2))
}

pvals <- function(t, tstar) {
  tol <- tol_of(t)
  c(symmetric = mean(abs(tstar) - abs(t) > tol),
    equal_tailed = min(1, 2 * min(sum(t - tstar > tol), sum(tstar - t > tol)) / B))
}

interval <- function(X, j, bhat, se, type, kind, alpha = 0.05) {
  p_at <- function(beta0) pvals((bhat - beta0) / se, tstar_matrix(X, j, beta0, type))[[kind]]
  bound <- function(direction) {
    inside <- bhat; step <- se; outside <- NA
    for (m in 0:59) {
      trial <- bhat + direction * step
      if (p_at(trial) <= alpha) { outside <- trial; break }
      inside <- trial; step <- step * 2
    }
    scale <- abs(bhat) + se; it <- 0
    while (abs(outside - inside) > 1e-12 * scale && it < 200) {
      mid <- (inside + outside) / 2
      if (p_at(mid) <= alpha) outside <- mid else inside <- mid
      it <- it + 1
    }
    (inside + outside) / 2
  }
  c(bound(-1), bound(1))
}

case <- function(fe, type) {
  full <- lm(formula_of("ly", regs, fe), data = d)
  X <- model.matrix(full)
  out <- list()
  for (j in seq_len(k)) {
    bhat <- unname(coef(full)[j + 1]); se <- cr1_se(full, j + 1); t <- bhat / se
    ts_lm <- tstar_lm(fe, j, 0, type)
    ts_mx <- tstar_matrix(X, j + 1, 0, type)
    if (max(abs(ts_lm - ts_mx)) >= 1e-9) message("diff ", max(abs(ts_lm - ts_mx)), " rel ", max(abs(ts_lm - ts_mx) / abs(ts_lm)))
    stopifnot(max(abs(ts_lm - ts_mx) / pmax(1, abs(ts_lm))) < 1e-8)                 # the two brute-force paths agree
    p <- pvals(t, ts_lm)
    out[[names_out[j]]] <- list(
      estimate = bhat, std_error = se, t = t,
      p_symmetric = p[["symmetric"]], p_equal_tailed = p[["equal_tailed"]],
      ci_symmetric = arr(interval(X, j + 1, bhat, se, type, "symmetric")),
      ci_equal_tailed = arr(interval(X, j + 1, bhat, se, type, "equal_tailed")),
      tstar_sorted = arr(sort(ts_lm)))
  }
  out
}

write_json(list(
  description = "Wild cluster bootstrap by brute force: Produc, log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, clusters = region (G = 9), all 2^9 = 512 Rademacher sign vectors; p-values at beta0 = 0 from lm() re-estimation per draw; 95% intervals by test inversion (see the header of reference.R for every convention)",
  clusters = G, draws = B, cr1_factor = cr1_factor,
  pooled_wcr = case(FALSE, "WCR"),
  fe_state_wcr = case(TRUE, "WCR"),
  pooled_wcu = case(FALSE, "WCU")
))
