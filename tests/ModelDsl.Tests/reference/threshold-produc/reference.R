# Brute-force Hansen (1999) fixed-effects panel threshold regression on plm's Produc, base R only
# (xthreg is Stata, not available): every candidate threshold's SSR by lm.fit on the within-transformed data.
#   log(gsp)_it = mu_i + log(pcap)_it * b_r [regime of unemp_it] + log(pc)_it d1 + log(emp)_it d2 + e_it
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d <- d[order(d$state, d$year), ]
n <- length(unique(d$state)); Tn <- length(unique(d$year)); N <- nrow(d)
stopifnot(N == n * Tn)
unit <- d$state
y <- log(d$gsp); x <- log(d$pcap); q <- d$unemp; z <- cbind(log(d$pc), log(d$emp))
within <- function(v) v - ave(v, unit)
yw <- within(y); zw <- apply(z, 2, within)

# Candidate grid: sorted q at p_j = trim + (1 - 2 trim)(j - 1)/(G - 1), index ceiling(p N) (type-1 quantile), distinct.
grid <- function(G = 300, trim = 0.01) {
  s <- sort(q)
  at <- function(p) s[pmin(pmax(ceiling(p * N - 1e-9), 1), N)]
  unique(at(trim + (1 - 2 * trim) * (0:(G - 1)) / (G - 1)))
}
cand <- grid()
G <- length(cand)

regime_design <- function(th) {
  th <- sort(th); lo <- c(-Inf, th); hi <- c(th, Inf)
  sapply(seq_along(lo), function(r) x * (q > lo[r] & q <= hi[r]))
}
ssr_of <- function(th) {
  R <- regime_design(th)
  if (any(colSums(R != 0) == 0)) return(NA_real_)
  X <- cbind(apply(R, 2, within), zw)
  fit <- lm.fit(X, yw)
  if (fit$rank < ncol(X)) return(NA_real_)
  sum(fit$residuals^2)
}
search <- function(fixed) {
  s <- sapply(seq_len(G), function(c) if (c %in% fixed) NA_real_ else ssr_of(cand[c(fixed, c)]))
  list(best = which.min(s), ssr = s)
}
df_w <- n * (Tn - 1)
crit <- -2 * log(1 - sqrt(0.95))
estimate <- function(label, st) {
  b <- st$best; s2 <- st$ssr[b] / df_w
  lr <- (st$ssr - st$ssr[b]) / s2
  inside <- which(!is.na(lr) & lr <= crit)
  list(label = label, value = cand[b], ssr = st$ssr[b], lower = cand[min(inside)], upper = cand[max(inside)], lr = arr(lr))
}

S0 <- sum(lm.fit(cbind(within(x), zw), yw)$residuals^2)
st1 <- search(integer(0))
st2 <- search(st1$best)
st2r <- search(st2$best)                  # refinement: re-search gamma1 with gamma2 fixed
st3 <- search(c(st2r$best, st2$best))
S1 <- st1$ssr[st1$best]; S2r <- st2$ssr[st2$best]; S2 <- st2r$ssr[st2r$best]; S3 <- st3$ssr[st3$best]
tests <- list(
  list(label = "Single", ssr = S1, f = (S0 - S1) / (S1 / df_w)),
  list(label = "Double", ssr = S2r, f = (S1 - S2r) / (S2r / df_w)),
  list(label = "Triple", ssr = S3, f = (S2 - S3) / (S3 / df_w)))

# Regime coefficients at the model's thresholds: iid (xtreg fe: sigma2 = SSR/(N - n - K)) and clustered by state
# (Stata xtreg fe vce(cluster): G/(G-1) (N-1)/(N-K-1), K slopes, the constant counted, the nested FE not).
coefs <- function(th) {
  R <- regime_design(th)
  X <- cbind(apply(R, 2, within), zw)
  colnames(X) <- c(paste0("log(pcap):regime", seq_len(ncol(R))), "log(pc)", "log(emp)")
  fit <- lm.fit(X, yw); e <- fit$residuals; b <- fit$coefficients; K <- ncol(X)
  bread <- solve(crossprod(X))
  V_iid <- bread * sum(e^2) / (N - n - K)
  g <- length(unique(unit))
  meat <- crossprod(rowsum(X * e, unit))
  V_cl <- bread %*% meat %*% bread * g / (g - 1) * (N - 1) / (N - K - 1)
  lapply(seq_len(K), function(j) list(name = colnames(X)[j], estimate = unname(b[j]), se_iid = sqrt(V_iid[j, j]), se_cluster = sqrt(V_cl[j, j])))
}

# Per-threshold trimming (xthreg's trim(0.01 0.05 0.10) with thnum(3)): threshold k searches only the candidates of its
# own grid (trim_k); the refinement of gamma1 uses the first grid; the candidates are the union of the grids, and a
# candidate outside threshold k's grid has no SSR (null LR) in that stage.
trims <- c(0.01, 0.05, 0.10)
grids <- lapply(trims, function(t) grid(trim = t))
cand_u <- sort(unique(unlist(grids)))
allowed <- lapply(grids, function(g) cand_u %in% g)
search_u <- function(fixed, k) {
  s <- sapply(seq_along(cand_u), function(c) if (c %in% fixed || !allowed[[k]][c]) NA_real_ else ssr_of(cand_u[c(fixed, c)]))
  list(best = which.min(s), ssr = s)
}
estimate_u <- function(label, st) {
  b <- st$best; s2 <- st$ssr[b] / df_w
  lr <- (st$ssr - st$ssr[b]) / s2
  inside <- which(!is.na(lr) & lr <= crit)
  list(label = label, value = cand_u[b], ssr = st$ssr[b], lower = cand_u[min(inside)], upper = cand_u[max(inside)], lr = arr(lr))
}
u1 <- search_u(integer(0), 1)
u2 <- search_u(u1$best, 2)
u2r <- search_u(u2$best, 1)
u3 <- search_u(c(u2r$best, u2$best), 3)
U1 <- u1$ssr[u1$best]; U2r <- u2$ssr[u2$best]; U2 <- u2r$ssr[u2r$best]; U3 <- u3$ssr[u3$best]
per_threshold_trim <- list(
  trims = arr(trims), grid_sizes = arr(sapply(grids, length)), candidates = arr(cand_u),
  single = estimate_u("Th-1", u1), double_refined = estimate_u("Th-21", u2r), double_second = estimate_u("Th-22", u2),
  triple = estimate_u("Th-3", u3),
  tests = list(
    list(label = "Single", ssr = U1, f = (S0 - U1) / (U1 / df_w)),
    list(label = "Double", ssr = U2r, f = (U1 - U2r) / (U2r / df_w)),
    list(label = "Triple", ssr = U3, f = (U2 - U3) / (U3 / df_w))))

write_json(list(
  units = n, periods = Tn, candidates = arr(cand), linear_ssr = S0,
  single = estimate("Th-1", st1),
  double_refined = estimate("Th-21", st2r),
  double_second = estimate("Th-22", st2),
  triple = estimate("Th-3", st3),
  tests = tests,
  coefficients_single = coefs(cand[st1$best]),
  coefficients_double = coefs(cand[c(st2r$best, st2$best)]),
  critical_value = crit,
  per_threshold_trim = per_threshold_trim))
