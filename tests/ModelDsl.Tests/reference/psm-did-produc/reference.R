# psm-did-produc: PSM-DID on plm's Produc with did-produc's pseudo treatment, one cohort.
#   Units: the 9 states of cohort 1976 (treated) and the 23 never-treated states (cohort 0); the other
#   cohorts are dropped. Matching is cross-sectional on PRE-TREATMENT MEANS (1970-1975) of log(emp) and
#   unemp (with all four controls the probit separates perfectly): probit propensity score (Newton, observed Hessian), 1 nearest neighbour
#   with replacement, exact ties kept (weights 1/#ties), control weight K_j = sum_i w_ij, treated
#   weight 1, unmatched controls weight 0.
#   DID: log(gsp) ~ treated + controls | state + year on 1970-1986 for the matched states,
#     (a) weighted by the unit weights (WLS, every year of a state carries its weight), cluster state;
#     (b) the unweighted DID on the matched states (the "common-support / matched sample" variant).
# Run: cd psm-did-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d <- d[d$cohort %in% c(0L, 1976L), ]
covs <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
pre <- d[d$year <= 1975, ]
u <- aggregate(cbind(lpcap = log(pcap), lpc = log(pc), lemp = log(emp), unemp = unemp) ~ state + cohort, data = pre, FUN = mean)
u <- u[order(u$state), ]
u$treat <- as.integer(u$cohort == 1976L)
X <- cbind(1, as.matrix(u[c("lemp", "unemp")]))
colnames(X) <- c("(Intercept)", "log(emp)", "unemp")
# probit by Newton-Raphson (observed Hessian) from glm's start
g <- glm(treat ~ lemp + unemp, data = u, family = binomial("probit"), control = glm.control(epsilon = 1e-15, maxit = 200))
b <- coef(g); tr <- u$treat
for (it in 1:100) {
  eta <- drop(X %*% b); q <- 2 * tr - 1
  lam <- q * exp(dnorm(q * eta, log = TRUE) - pnorm(q * eta, log.p = TRUE))
  step <- solve(crossprod(X * (lam * (lam + eta)), X), crossprod(X, lam)); b <- b + drop(step)
  if (max(abs(step) / pmax(abs(b), 1)) < 1e-15) break
}
eta <- drop(X %*% b); q <- 2 * tr - 1
lam <- q * exp(dnorm(q * eta, log = TRUE) - pnorm(q * eta, log.p = TRUE))
stopifnot(max(abs(crossprod(X, lam))) < 1e-9)
p <- pnorm(eta)
ti <- which(tr == 1); ci <- which(tr == 0)
W <- matrix(0, length(ti), length(ci)); margin <- numeric(length(ti))
for (a in seq_along(ti)) {
  dist <- abs(p[ci] - p[ti[a]]); s <- sort(dist)
  sel <- dist <= s[1]; W[a, sel] <- 1 / sum(sel)
  margin[a] <- if (any(s > s[1])) min(s[s > s[1]]) - s[1] else Inf
}
u$weight <- 0; u$weight[ti] <- 1; u$weight[ci] <- colSums(W)

m <- data.frame(state = d$state, year = d$year, treated = d$treated, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)
m$weight <- u$weight[match(m$state, u$state)]
mm <- m[m$weight > 0, ]
xs <- c("treated", covs)

# (a) weighted TWFE: FWL in the sqrt(w) metric. Xt, e are sqrt(w)-scaled; the cluster sandwich
# (Xt'Xt)^{-1} sum_g Xt_g'e_g e_g'Xt_g (Xt'Xt)^{-1} equals (X'WX)^{-1} sum_g X_g'W_g e_g e_g'W_g X_g (X'WX)^{-1}
# and does not depend on the scale of the weights (Stata aweights / reghdfe [aw=]).
sw <- sqrt(mm$weight)
fe <- data.frame(state = factor(mm$state), year = factor(mm$year))
D <- model.matrix(~ state + year, fe) * sw
qD <- qr(D)
Ys <- mm[["log(gsp)"]] * sw; Xs <- as.matrix(mm[xs]) * sw
Yt <- drop(Ys - qr.fitted(qD, Ys)); Xt <- Xs - qr.fitted(qD, Xs)
bw <- qr.coef(qr(Xt), Yt); names(bw) <- xs
es <- drop(Yt - Xt %*% bw)
lw <- lm(mm[["log(gsp)"]] ~ as.matrix(mm[xs]) + factor(mm$state) + factor(mm$year), weights = mm$weight)
stopifnot(max(abs(coef(lw)[2:6] / bw - 1)) < 1e-9)
N <- nrow(mm); k <- length(xs); G <- n_clusters(mm$state); Tn <- length(unique(mm$year))
K <- k + 1 + (Tn - 1)
fac <- G / (G - 1) * (N - 1) / (N - K)
Vw <- vcov_cluster_raw(Xt, es, mm$state) * fac
# iid with weights normalised to mean 1 (Stata aweights): s^2 = sum(w e^2)/(N - k - rank(D)), bread (X'WX)^{-1}
wn <- mm$weight / mean(mm$weight)
s2 <- sum(wn * (es / sw)^2) / (N - k - qD$rank)
Viid <- s2 * solve(crossprod(Xt / sqrt(mean(mm$weight))))
weighted <- with_default_se(list(
  model = list(estimator = "did", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
    fixed_effects = arr(c("state", "year")), cluster = arr("state"), weights = "unit matching weights (treated 1, control K_j)",
    sample = "matched states (weight > 0), 1970-1986"),
  observations = N, df_residual = N - k - qD$rank, sum_of_weights = sum(mm$weight),
  default_vcov = "cluster_state_stata", coefficients = coef_list(bw),
  vcov = list(
    iid = vcov_block(bw, Viid, N - k - qD$rank, "aweights normalised to mean 1: s^2 = sum(w e^2)/(N-k-rank(FE)), (X'WX)^{-1}"),
    cluster_state_stata = vcov_block(bw, Vw, G - 1, sprintf("WLS cluster sandwich (X'WX)^{-1} sum_g X_g'W_g e_g e_g'W_g X_g (X'WX)^{-1} x G/(G-1)(N-1)/(N-K), N = rows with weight > 0, K = %d slopes + 1 + %d year levels - 1 = %d, t with G-1 df", k, Tn, K),
      small_sample_factor = fac, clusters = G, extra = list(k_small_sample = K)))))

# (b) unweighted TWFE on the matched states
f <- fe_fit(mm, "log(gsp)", xs, c("state", "year"))
s <- fe_standard_vcovs(f, mm, "state")
unweighted <- with_default_se(c(list(model = list(estimator = "did", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
  fixed_effects = arr(c("state", "year")), cluster = arr("state"), sample = "matched states (weight > 0), unweighted, 1970-1986")),
  fit_stats(f), list(fe_levels = fe_levels(f), default_vcov = "cluster_state_stata", coefficients = coef_list(f$b), vcov = s$blocks)))

write_json(list(case = "psm-did-produc",
  source = "plm::Produc (plm 2.6) with did-produc's pseudo treatment; cohort 1976 (9 states) vs never treated (23 states); other cohorts dropped",
  software = "R: own probit Newton-Raphson, own 1-NN matching with exact ties, WLS fixed effects by FWL in the sqrt(w) metric (checked against lm(weights=))",
  matching = list(
    unit_data = "one row per state: means over 1970-1975 (pre-treatment) of log(emp) and unemp (the probit covariates)",
    propensity_model = list(link = "probit", coefficients = coef_list(b), iterations = it),
    states = arr(u$state), treat = arr(u$treat), pscore = arr(p), weight = arr(u$weight),
    k = 1L, min_tie_margin = min(margin),
    treated = length(ti), controls_used = sum(u$weight[ci] > 0)),
  did_weighted = weighted,
  did_matched_unweighted = unweighted,
  notes = arr(c("matching is cross-sectional on pre-treatment means (not year by year)",
    "the weights of did_weighted are the unit matching weights applied to every year of the state"))))
