# psm-lalonde: propensity scores (logit, probit), nearest-neighbour matching with replacement and
# ties (1 and 5 neighbours), Epanechnikov kernel matching (psmatch2 convention), ATT, Abadie-Imbens
# SEs (Matching::Match), and pstest-style balance tables, on MatchIt's lalonde.
# Run: cd psm-lalonde && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages(library(Matching))
d <- read.csv("data.csv", stringsAsFactors = FALSE)
covs <- c("age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75")
X <- cbind(`(Intercept)` = 1, as.matrix(d[covs]))
tr <- d$treat; y <- d$re78
N1 <- sum(tr == 1); N0 <- sum(tr == 0)

# ---- propensity scores: Newton-Raphson to full precision (glm start) -------------------------
newton <- function(link) {
  g <- glm(treat ~ age + educ + black + hispan + married + nodegree + re74 + re75, data = d,
           family = binomial(link = link), control = glm.control(epsilon = 1e-15, maxit = 200))
  b <- coef(g)
  ll <- function(b) { eta <- drop(X %*% b); if (link == "logit") sum(tr * plogis(eta, log.p = TRUE) + (1 - tr) * plogis(-eta, log.p = TRUE)) else sum(tr * pnorm(eta, log.p = TRUE) + (1 - tr) * pnorm(-eta, log.p = TRUE)) }
  grad_hess <- function(b) {
    eta <- drop(X %*% b)
    if (link == "logit") { p <- plogis(eta); s <- tr - p; w <- p * (1 - p)
      return(list(g = drop(crossprod(X, s)), H = -crossprod(X * w, X))) }
    # probit: d/deta log-lik = lambda_i, observed second derivative -lambda_i (lambda_i + eta_i) for y=1 ...
    q <- 2 * tr - 1
    lam <- q * exp(dnorm(q * eta, log = TRUE) - pnorm(q * eta, log.p = TRUE))
    list(g = drop(crossprod(X, lam)), H = -crossprod(X * (lam * (lam + eta)), X))
  }
  for (it in 1:50) {
    gh <- grad_hess(b); step <- solve(-gh$H, gh$g); b <- b + step
    if (max(abs(step / pmax(abs(b), 1))) < 1e-15) break
  }
  gh <- grad_hess(b)
  eta <- drop(X %*% b)
  p <- if (link == "logit") plogis(eta) else pnorm(eta)
  V <- solve(-gh$H)
  list(b = b, V = V, eta = eta, p = p, loglik = ll(b), iterations = it,
       max_abs_score = max(abs(gh$g)),
       max_rel_score = max(abs(gh$g) / pmax(1, colSums(abs(X)))))
}

# ---- k nearest neighbours with replacement, ties at the k-th distance all kept -----------------
# distance |p_j - p_i|, exact comparison (a tie = exactly equal distance in double precision)
knn <- function(p, k) {
  ti <- which(tr == 1); ci <- which(tr == 0)
  W <- matrix(0, N1, N0)       # w_ij: weight of control j for treated i (rows sum to 1)
  margin <- numeric(N1)        # gap between the k-th distance and the next larger distance
  for (a in seq_along(ti)) {
    dist <- abs(p[ci] - p[ti[a]])
    s <- sort(dist)
    dk <- s[k]
    sel <- dist <= dk
    W[a, sel] <- 1 / sum(sel)
    nxt <- s[s > dk]
    margin[a] <- if (length(nxt)) min(nxt) - dk else Inf
  }
  list(W = W, margin = margin, ti = ti, ci = ci)
}

# ---- Epanechnikov kernel matching, psmatch2 convention -----------------------------------------
# w_ij = K((p_j - p_i)/h) / sum_l K((p_l - p_i)/h), K(u) = 1 - u^2 for |u| < 1 (the 3/4 cancels);
# treated units with no control within |p_j - p_i| < h are off support and excluded from the ATT.
kernel_match <- function(p, h) {
  ti <- which(tr == 1); ci <- which(tr == 0)
  W <- matrix(0, N1, N0); on <- logical(N1)
  for (a in seq_along(ti)) {
    u <- (p[ci] - p[ti[a]]) / h
    kk <- ifelse(abs(u) < 1, 1 - u^2, 0)
    if (sum(kk) > 0) { W[a, ] <- kk / sum(kk); on[a] <- TRUE }
  }
  list(W = W, on = on, ti = ti, ci = ci)
}

att_from <- function(m, on = rep(TRUE, N1)) {
  yhat0 <- drop(m$W %*% y[m$ci])
  tau <- y[m$ti] - yhat0
  mean(tau[on])
}

# Abadie-Imbens (2006) variance exactly as Matching::Match with Var.calc = 0, BiasAdjust = FALSE,
# estimand ATT: sigma^2 = (1/2) sum_pairs w_ij (Y_i - Y_j - ATT)^2 / N1 (homoskedastic),
# K_j = sum_i w_ij, KK_j = sum_i w_ij^2, tau_i = Y_i - sum_j w_ij Y_j,
# Var = [ sum_i (tau_i - ATT)^2 + sigma^2 sum_j (K_j^2 - KK_j) ] / N1^2.
# se.standard (Match): sqrt( sum_pairs w_ij (Y_i - Y_j - ATT)^2 ) / N1.
ai_se <- function(m, att) {
  yt <- y[m$ti]; yc <- y[m$ci]
  D <- outer(yt, yc, "-") - att
  s2 <- 0.5 * sum(m$W * D^2) / N1
  K <- colSums(m$W); KK <- colSums(m$W^2)
  tau <- yt - drop(m$W %*% yc)
  v <- (sum((tau - att)^2) + s2 * sum(K^2 - KK)) / N1^2
  list(se = sqrt(v), se_standard = sqrt(sum(m$W * D^2)) / N1, sigma2 = s2)
}

# ---- balance, pstest convention ------------------------------------------------------------------
# weighted probit by Newton-Raphson (observed Hessian); weights as Stata iweights (log-likelihood
# sum w_i l_i); returns the index, the log-likelihood and the weighted intercept-only log-likelihood
wprobit <- function(Xm, yv, w) {
  b <- c(qnorm(sum(w * yv) / sum(w)), rep(0, ncol(Xm) - 1))
  for (it in 1:100) {
    eta <- drop(Xm %*% b); q <- 2 * yv - 1
    lam <- q * exp(dnorm(q * eta, log = TRUE) - pnorm(q * eta, log.p = TRUE))
    g <- drop(crossprod(Xm, w * lam)); H <- crossprod(Xm * (w * lam * (lam + eta)), Xm)
    step <- solve(H, g)
    # step halving keeps the first iterations stable for badly scaled columns (re74, re75)
    ll_old <- sum(w * pnorm(q * eta, log.p = TRUE)); t <- 1
    repeat { bn <- b + t * step; if (sum(w * pnorm(q * drop(Xm %*% bn), log.p = TRUE)) >= ll_old - 1e-12 || t < 1e-8) break; t <- t / 2 }
    b <- bn
    if (max(abs(t * step) / pmax(abs(b), 1)) < 1e-15) break
  }
  eta <- drop(Xm %*% b); q <- 2 * yv - 1
  ybar <- sum(w * yv) / sum(w)
  list(b = b, eta = eta, ll = sum(w * pnorm(q * eta, log.p = TRUE)),
       ll0 = sum(w) * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar)), iterations = it)
}

wmean <- function(x, w) sum(w * x) / sum(w)
wvar <- function(x, w) sum(w * (x - wmean(x, w))^2) / (sum(w) - 1)   # frequency-weight variance
balance <- function(m, on, eta) {
  ti <- m$ti[on]; ci <- m$ci
  wc <- colSums(m$W[on, , drop = FALSE])          # control matching weights (sum to #on-support treated)
  rows <- list(); bu <- bm <- numeric(0)
  for (v in covs) {
    x <- d[[v]]
    mt_u <- mean(x[tr == 1]); mc_u <- mean(x[tr == 0])
    vt <- var(x[tr == 1]); vc <- var(x[tr == 0])
    sd_pool <- sqrt((vt + vc) / 2)
    mt_m <- mean(x[ti]); mc_m <- wmean(x[ci], wc)
    b_u <- 100 * (mt_u - mc_u) / sd_pool; b_m <- 100 * (mt_m - mc_m) / sd_pool
    # t-tests: unmatched = pooled two-sample t (regress x on treat); matched = weighted regression of
    # x on treat over the on-support treated (weight 1) and the used controls (weight K_j):
    #   p_matched_aweight: lm(weights=) df = rows - 2;  p_matched_iweight: Stata iweight df = sum(w) - 2
    tu <- summary(lm(x ~ tr))$coefficients[2, ]
    rw <- c(ti, ci[wc > 0]); ww <- c(rep(1, length(ti)), wc[wc > 0]); trw <- c(rep(1, length(ti)), rep(0, sum(wc > 0)))
    lw <- lm(x[rw] ~ trw, weights = ww)
    e <- resid(lw); Xw <- cbind(1, trw)
    bread <- solve(crossprod(Xw * ww, Xw))
    s2a <- sum(ww * e^2) / (length(rw) - 2); s2i <- sum(ww * e^2) / (sum(ww) - 2)
    ta <- coef(lw)[2] / sqrt(s2a * bread[2, 2]); tiw <- coef(lw)[2] / sqrt(s2i * bread[2, 2])
    binary <- all(x %in% c(0, 1))
    vr_u <- if (binary) NA else vt / vc
    vr_m <- if (binary) NA else wvar(x[ti], rep(1, length(ti))) / wvar(x[ci][wc > 0], wc[wc > 0])
    rows[[length(rows) + 1]] <- list(name = v, mean_treated = mt_u, mean_control = mc_u,
      variance_ratio_unmatched = vr_u, variance_ratio_matched = vr_m,
      mean_treated_matched = mt_m, mean_control_matched = mc_m,
      variance_treated = vt, variance_control = vc,
      bias_pct_unmatched = b_u, bias_pct_matched = b_m,
      bias_reduction_pct = 100 * (1 - abs(b_m) / abs(b_u)),
      t_unmatched = unname(tu[3]), p_unmatched = unname(tu[4]),
      t_matched_aweight = unname(ta), p_matched_aweight = unname(2 * pt(-abs(ta), length(rw) - 2)),
      t_matched_iweight = unname(tiw), p_matched_iweight = unname(2 * pt(-abs(tiw), sum(ww) - 2)))
    bu <- c(bu, abs(b_u)); bm <- c(bm, abs(b_m))
  }
  # pstest 4.2.2 summary: probit of treat on the covariates, unweighted on all rows (unmatched) and with
  # iweights (treated on support 1, controls K_j) on the matched sample; pseudo R2, LR chi2 and p; its
  # linear index gives Rubin's B = 100 (m_t - m_c)/sqrt((v_t + v_c)/2) (signed, as pstest prints it) and
  # R = v_t/v_c with iweighted means and variances (sum w (x - m)^2 / (sum w - 1)).
  Xall <- cbind(1, as.matrix(d[covs]))
  pu <- wprobit(Xall, tr, rep(1, length(tr)))
  rows_m <- c(ti, ci[wc > 0]); w_m <- c(rep(1, length(ti)), wc[wc > 0])
  pm <- wprobit(Xall[rows_m, ], tr[rows_m], w_m)
  trm <- tr[rows_m]
  pst <- function(fit, trv, w) list(
    pseudo_r2 = 1 - fit$ll / fit$ll0, lr_chi2 = 2 * (fit$ll - fit$ll0), lr_df = length(covs),
    lr_p = pchisq(2 * (fit$ll - fit$ll0), length(covs), lower.tail = FALSE),
    rubin_b = 100 * (wmean(fit$eta[trv == 1], w[trv == 1]) - wmean(fit$eta[trv == 0], w[trv == 0])) /
      sqrt((wvar(fit$eta[trv == 1], w[trv == 1]) + wvar(fit$eta[trv == 0], w[trv == 0])) / 2),
    rubin_r = wvar(fit$eta[trv == 1], w[trv == 1]) / wvar(fit$eta[trv == 0], w[trv == 0]))
  pstest_summary <- list(unmatched = pst(pu, tr, rep(1, length(tr))), matched = pst(pm, trm, w_m))
  # Rubin's B and R on the linear index eta of the matching model (unweighted for unmatched;
  # matched: on-support treated weight 1, controls weight K_j; variances as wvar above)
  B_R <- function(et, wt_, ec, wc_) list(
    B = 100 * abs(wmean(et, wt_) - wmean(ec, wc_)) / sqrt((wvar(et, wt_) + wvar(ec, wc_)) / 2),
    R = wvar(et, wt_) / wvar(ec, wc_))
  un <- B_R(eta[tr == 1], rep(1, N1), eta[tr == 0], rep(1, N0))
  ma <- B_R(eta[ti], rep(1, length(ti)), eta[ci][wc > 0], wc[wc > 0])
  list(rows = rows,
       mean_bias_unmatched = mean(bu), median_bias_unmatched = median(bu),
       mean_bias_matched = mean(bm), median_bias_matched = median(bm),
       rubin_b_unmatched = un$B, rubin_r_unmatched = un$R, rubin_b_matched = ma$B, rubin_r_matched = ma$R,
       pstest_summary = pstest_summary)
}

weights_table <- function(m, on = rep(TRUE, N1)) {
  wc <- colSums(m$W[on, , drop = FALSE])
  used <- which(wc > 0)
  list(ids = arr(d$id[m$ci[used]]), weights = arr(unname(wc[used])))
}

results <- list()
for (link in c("logit", "probit")) {
  ps <- newton(link)
  p <- ps$p
  nn <- list()
  for (k in c(1L, 5L)) {
    m <- knn(p, k)
    att <- att_from(m)
    ai <- ai_se(m, att)
    M0 <- Match(Y = y, Tr = tr, X = p, M = k, ties = TRUE, replace = TRUE, estimand = "ATT", distance.tolerance = 0)
    Md <- Match(Y = y, Tr = tr, X = p, M = k, ties = TRUE, replace = TRUE, estimand = "ATT")
    stopifnot(abs(M0$est - att) < 1e-9 * abs(att), abs(M0$se - ai$se) < 1e-9 * ai$se,
              abs(M0$se.standard - ai$se_standard) < 1e-9 * ai$se_standard)
    nn[[sprintf("nearest_%d", k)]] <- list(
      description = sprintf("%d nearest neighbour(s) on the %s score, with replacement, ties at the k-th distance all kept (exact equality), weights 1/#matched per treated unit", k, link),
      k = k, att = att, se_abadie_imbens = ai$se, se_standard = ai$se_standard, sigma2_homoskedastic = ai$sigma2,
      treated = N1, controls_used = sum(colSums(m$W) > 0), matched_pairs = sum(m$W > 0),
      min_tie_margin = min(m$margin),
      matching_package_tolerance_0 = list(call = "Matching::Match(Y=re78, Tr=treat, X=pscore, M=k, ties=TRUE, replace=TRUE, estimand='ATT', distance.tolerance=0)",
        est = as.numeric(M0$est), se = M0$se, se_standard = M0$se.standard, pairs = length(M0$index.control)),
      matching_package_default = list(call = "same with the default distance.tolerance = 1e-5 (distances of the variance-scaled score closer than that count as ties: NOT the exact-tie convention)",
        est = as.numeric(Md$est), se = Md$se, se_standard = Md$se.standard, pairs = length(Md$index.control)),
      control_weights = weights_table(m),
      balance = balance(m, rep(TRUE, N1), ps$eta))
  }
  km <- kernel_match(p, 0.06)
  att_k <- att_from(km, km$on)
  nn$kernel_epanechnikov <- list(
    description = "Epanechnikov kernel, bandwidth 0.06 on the score: w_ij = (1 - u^2)/sum over controls with |u| < 1, u = (p_j - p_i)/h; treated units without a control inside the bandwidth are off support (excluded)",
    bandwidth = 0.06, att = att_k, treated_on_support = sum(km$on), treated_off_support = sum(!km$on),
    off_support_ids = arr(d$id[km$ti[!km$on]]),
    controls_used = sum(colSums(km$W) > 0),
    control_weights = weights_table(km, km$on),
    balance = balance(km, km$on, ps$eta),
    notes = arr("no analytic SE: psmatch2 and the issue use a (seeded) bootstrap for kernel matching, not reproducible across RNGs"))
  results[[link]] <- c(list(
    propensity_model = list(link = link, coefficients = coef_list(ps$b),
      std_errors = as.list(setNames(sqrt(diag(ps$V)), names(ps$b))),
      log_likelihood = ps$loglik, iterations = ps$iterations, max_abs_score = ps$max_abs_score,
      pscore_order = "rows of data.csv (ids as in column id)",
      pscore = arr(ps$p), index = arr(ps$eta))),
    nn)
}

out <- list(
  case = "psm-lalonde",
  source = "MatchIt::lalonde (R package MatchIt 4.5.1; Dehejia-Wahba sample: 185 NSW treated, 429 PSID controls)",
  software = paste0("R ", getRversion(), "; own Newton-Raphson for the scores; own matching code cross-checked against Matching::Match ", packageVersion("Matching")),
  model = list(treatment = "treat", outcome = "re78", covariates = arr(covs),
               propensity = "treat ~ age + educ + black + hispan + married + nodegree + re74 + re75 (race as black, hispan dummies, white reference)"),
  treated = N1, controls = N0,
  logit = results$logit, probit = results$probit,
  notes = arr(c("ATT and AI SEs of the nearest-neighbour blocks are asserted equal (1e-9) to Matching::Match with distance.tolerance = 0",
    "min_tie_margin: smallest gap, over treated units, between the k-th neighbour distance and the next larger one: how far scores may move before a match flips",
    "balance: bias_pct = 100 (m_t - m_c)/sqrt((v_t + v_c)/2) with the UNMATCHED variances in both rows (pstest); matched control mean weighted by K_j = sum_i w_ij; bias_reduction_pct = 100 (1 - |bias_m|/|bias_u|)",
    "rubin_b_*/rubin_r_*: B = 100 |mean(eta_t) - mean(eta_c)| / sqrt((var_t + var_c)/2), R = var_t/var_c on the linear index eta of the SAME score model (weighted by K_j when matched; weighted variance sum w (x - m)^2/(sum w - 1))",
    "pstest_summary: pstest 4.2.2's own definition: a probit of treat on the covariates re-fitted on each sample (matched: iweights 1 for treated, K_j for controls), pseudo R2, LR chi2, signed B and R on that probit's index",
    "balance rows: p_matched_iweight is pstest's matched t-test (regress x treat [iw=weight], df = sum of weights - 2); variance_ratio_* = v_t/v_c for non-binary covariates (matched: iweighted variances), null for 0/1 covariates",
    "MatchIt 4.5.1 is not used for matching (mishandles replace = TRUE)")))
write_json(out)
