# wild-bootstrap-multiway: the wild cluster bootstrap with two-way clustering and with subclusters, by brute force,
# every Rademacher sign vector of the bootstrap groups enumerated (so the bootstrap distribution is deterministic).
# Run: cd wild-bootstrap-multiway && Rscript reference.R > expected.json   (data.csv from make_data.R)
# Produc (48 states x 17 years); log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, pooled or with state dummies.
# Written out from the published algorithms (no bootstrap package: fwildclusterboot is not available here):
#   variance terms (Cameron, Gelbach and Miller 2011): one-way V = c B M_g B; two-way V = V_1 + V_2 - V_12, V_12 by the
#     intersection; Stata's default factor c = Gmin/(Gmin-1) (N-1)/(N-K) for every term, Gmin the smaller G,
#     K = slopes + constant (state dummies are nested in every cluster variable used here and not counted);
#   t = (b_j - beta0)/se_j with that variance; WCR: y* = restricted fit + restricted residual * v_h(i) under
#     H0: beta_j = beta0, t*_b = (b*_j - beta0)/se*_j with the same variance formula; WCU: unrestricted fit and
#     residuals, centred at b_j; a draw whose two-way variance is not positive has t* = sign(numerator) * Inf;
#   bootstrap groups h: two-way, the clusters of one variable (default the one with fewer clusters; MacKinnon,
#     Nielsen and Webb 2021); subcluster (MacKinnon and Webb 2018), the cells of cluster x subcluster while the
#     variance still clusters by the cluster variable;
#   symmetric p = #{|t*| - |t| > 1e-10 max(1,|t|)}/B; equal-tailed p = 2 min(#{t* < t - tol}, #{t* > t + tol})/B;
#   interval: from b_j step +-se, +-2se, +-4se, ... until p <= 0.05, then bisection to 1e-12 (|b_j| + se); midpoint.
source("../common.R")
d <- read.csv("data.csv")
d$ly <- log(d$gsp); d$lpcap <- log(d$pcap); d$lpc <- log(d$pc); d$lemp <- log(d$emp)
regs <- c("lpcap", "lpc", "lemp", "unemp")
names_out <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
N <- nrow(d); k <- length(regs)
codes_of <- function(x) as.integer(factor(x, levels = unique(x)))
tol_of <- function(t) 1e-10 * max(1, abs(t))

# The variance terms: a list of (codes, signed factor).
terms_of <- function(vars) {
  cl <- lapply(vars, function(v) codes_of(d[[v]]))
  G <- sapply(cl, max); gmin <- min(G)
  c <- gmin / (gmin - 1) * (N - 1) / (N - (k + 1))
  if (length(vars) == 1) return(list(list(codes = cl[[1]], factor = G[1] / (G[1] - 1) * (N - 1) / (N - (k + 1)))))
  inter <- codes_of(paste(cl[[1]], cl[[2]]))
  list(list(codes = cl[[1]], factor = c), list(codes = cl[[2]], factor = c), list(codes = inter, factor = -c))
}

variance_j <- function(xa, E, terms) {      # xa: n-vector X A[j, ]; E: n x B residuals
  E <- as.matrix(E)
  Reduce(`+`, lapply(terms, function(tm) tm$factor * colSums(rowsum(xa * E, tm$codes)^2)))
}

t_of <- function(num, var) ifelse(var > 0, num / sqrt(pmax(var, 0)), sign(num) * Inf)

formula_of <- function(lhs, rhs, fe) as.formula(paste(lhs, "~", paste(c(rhs, if (fe) "factor(state)"), collapse = " + ")))

# Plain lm() re-estimation per draw: the bootstrap t statistics at beta0.
tstar_lm <- function(fe, j, beta0, type, boot, signs, terms) {
  full <- lm(formula_of("ly", regs, fe), data = d)
  if (type == "WCR") {
    d$yr <- d$ly - beta0 * d[[regs[j]]]
    r <- lm(formula_of("yr", regs[-j], fe), data = d)
    base <- fitted(r) + beta0 * d[[regs[j]]]; u <- residuals(r); centre <- beta0
  } else {
    base <- fitted(full); u <- residuals(full); centre <- unname(coef(full)[j + 1])
  }
  sapply(seq_len(nrow(signs)), function(b) {
    d$ystar <- base + u * signs[b, boot]
    f <- lm(formula_of("ystar", regs, fe), data = d)
    X <- model.matrix(f); A <- solve(crossprod(X))
    t_of(unname(coef(f)[j + 1]) - centre, variance_j(as.vector(X %*% A[j + 1, ]), residuals(f), terms))
  })
}

# The same statistics by matrix algebra (all draws at once), for the many trial values of the interval.
tstar_matrix <- function(X, j, beta0, type, boot, signs, terms) {
  y <- d$ly; qx <- qr(X); A <- chol2inv(qr.R(qx)); bhat <- qr.coef(qx, y)
  if (type == "WCR") {
    a <- A[, j]; bt <- bhat - a * (bhat[j] - beta0) / A[j, j]; centre <- beta0
  } else { bt <- bhat; centre <- bhat[j] }
  u <- as.vector(y - X %*% bt)
  Ystar <- as.vector(X %*% bt) + u * t(signs[, boot])          # n x B
  Bstar <- qr.coef(qx, Ystar)
  E <- Ystar - X %*% Bstar
  t_of(Bstar[j, ] - centre, variance_j(as.vector(X %*% A[j, ]), E, terms))
}

pvals <- function(t, tstar) {
  tol <- tol_of(t); B <- length(tstar)
  c(symmetric = mean(abs(tstar) - abs(t) > tol),
    equal_tailed = min(1, 2 * min(sum(t - tstar > tol), sum(tstar - t > tol)) / B))
}

interval <- function(X, j, bhat, se, type, kind, boot, signs, terms, alpha = 0.05) {
  p_at <- function(beta0) pvals((bhat - beta0) / se, tstar_matrix(X, j, beta0, type, boot, signs, terms))[[kind]]
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

# clusters: the variance's cluster variables; boot: the bootstrap group of every row (codes 1..H).
case <- function(fe, type, clusters, boot) {
  terms <- terms_of(clusters)
  H <- max(boot)
  signs <- as.matrix(expand.grid(rep(list(c(1, -1)), H)))   # 2^H x H, every sign vector once
  full <- lm(formula_of("ly", regs, fe), data = d)
  X <- model.matrix(full); A <- solve(crossprod(X))
  out <- list(groups = H, draws = nrow(signs))
  for (j in seq_len(k)) {
    bhat <- unname(coef(full)[j + 1])
    se <- sqrt(variance_j(as.vector(X %*% A[j + 1, ]), residuals(full), terms)); t <- bhat / se
    ts_lm <- tstar_lm(fe, j, 0, type, boot, signs, terms)
    ts_mx <- tstar_matrix(X, j + 1, 0, type, boot, signs, terms)
    finite <- is.finite(ts_lm)
    stopifnot(identical(finite, is.finite(ts_mx)))
    stopifnot(max(abs(ts_lm - ts_mx)[finite] / pmax(1, abs(ts_lm[finite]))) < 1e-8)   # the two brute-force paths agree
    p <- pvals(t, ts_lm)
    out[[names_out[j]]] <- list(
      estimate = bhat, std_error = se, t = t,
      p_symmetric = p[["symmetric"]], p_equal_tailed = p[["equal_tailed"]],
      ci_symmetric = arr(interval(X, j + 1, bhat, se, type, "symmetric", boot, signs, terms)),
      ci_equal_tailed = arr(interval(X, j + 1, bhat, se, type, "equal_tailed", boot, signs, terms)),
      nonpositive_variances = sum(!finite),
      tstar_sorted = arr(sort(ts_lm)))
  }
  out
}

region <- codes_of(d$region); period <- codes_of(d$period)
cells <- codes_of(paste(d$superregion, d$region))   # region is nested in superregion: 9 subclusters
write_json(list(
  description = "Wild cluster bootstrap by brute force with two-way clustering (Cameron-Gelbach-Miller variance in t and every t*) and with subclusters (MacKinnon-Webb 2018): Produc, log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, every Rademacher sign vector of the bootstrap groups; p-values at beta0 = 0 from lm() re-estimation per draw; 95% intervals by test inversion (see the header of reference.R)",
  twoway_region_year_wcr = case(FALSE, "WCR", c("region", "year"), region),
  twoway_region_year_fe_wcr = case(TRUE, "WCR", c("region", "year"), region),
  twoway_region_period_wcr = case(FALSE, "WCR", c("region", "period"), period),
  twoway_region_period_by_region_wcu = case(FALSE, "WCU", c("region", "period"), region),
  subcluster_superregion_region_wcr = case(FALSE, "WCR", "superregion", cells),
  subcluster_superregion_region_fe_wcr = case(TRUE, "WCR", "superregion", cells),
  subcluster_superregion_region_wcu = case(FALSE, "WCU", "superregion", cells)
))
