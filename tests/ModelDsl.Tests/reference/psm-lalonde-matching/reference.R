# Reference numbers for ModelDsl's propensity-score matching on MatchIt's lalonde (Dehejia-Wahba 1999 subset of
# LaLonde 1986: 185 NSW treated, 429 PSID controls). Run: Rscript reference.R  (writes data.csv, expected.json)
#
# Scores: logit and probit of treat on age, educ, black, hispan, married, nodegree, re74, re75, fitted by glm with
# epsilon = 1e-15 so the scores are the exact MLE (glm's default 1e-8 leaves ~1e-8 error in the scores).
# Nearest neighbour: Matching::Match(Y = re78, Tr = treat, X = score, estimand = "ATT", M = k) with its defaults
# (replace = TRUE, ties = TRUE, distance.tolerance = 1e-5, Var.calc = 0): est, se (Abadie-Imbens).
# Kernel: psmatch2's Epanechnikov kernel ATT with bandwidth 0.06, written out below (no package does it in R).
# Balance: pstest's conventions, written out below (see the comments).
suppressMessages({library(Matching); library(MatchIt); library(jsonlite)})
data(lalonde, package = "MatchIt")
d <- lalonde
d$black <- as.integer(d$race == "black")
d$hispan <- as.integer(d$race == "hispan")
d$white <- as.integer(d$race == "white")
write.csv(d[, c("treat", "age", "educ", "race", "black", "hispan", "white", "married", "nodegree", "re74", "re75", "re78")],
          "data.csv", row.names = FALSE)
covs <- c("age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75")
fml <- treat ~ age + educ + black + hispan + married + nodegree + re74 + re75
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
flogit <- glm(fml, family = binomial("logit"), data = d, control = ctl)
fprobit <- glm(fml, family = binomial("probit"), data = d, control = ctl)
ps_logit <- as.numeric(fitted(flogit))
ps_probit <- as.numeric(fitted(fprobit))
xb_logit <- as.numeric(predict(flogit, type = "link"))

nn <- function(ps, M, tol = 1e-5) {
  m <- Match(Y = d$re78, Tr = d$treat, X = ps, estimand = "ATT", M = M, distance.tolerance = tol)
  list(k = M, att = m$est[1, 1], se = m$se, matched_pairs = length(m$index.treated),
       controls_used = length(unique(m$index.control)))
}

# psmatch2 kernel matching: w_ij = K((p_j - p_i)/h) / sum_j K(.), K Epanechnikov, treated with no control inside
# the bandwidth are off support; ATT = mean over on-support treated of y_i - sum_j w_ij y_j.
kernel_att <- function(ps, h = 0.06) {
  tr <- which(d$treat == 1); co <- which(d$treat == 0)
  w <- matrix(0, length(tr), length(co))
  for (a in seq_along(tr)) {
    u <- (ps[co] - ps[tr[a]]) / h
    k <- ifelse(abs(u) < 1, 0.75 * (1 - u^2), 0)
    if (sum(k) > 0) w[a, ] <- k / sum(k)
  }
  on <- rowSums(w) > 0
  att <- mean(d$re78[tr][on] - as.numeric(w[on, , drop = FALSE] %*% d$re78[co]))
  cw <- colSums(w[on, , drop = FALSE])
  list(att = att, off_support = sum(!on), controls_used = sum(cw > 0),
       weights = { x <- numeric(nrow(d)); x[tr[on]] <- 1; x[co] <- cw; x })
}

# pstest balance. Unmatched: plain means; bias = 100 (m_t - m_c) / sqrt((v_t + v_c)/2) with the sample variances
# of all treated and all controls; t-test = pooled two-sample t. Matched: treated mean over matched treated,
# control mean weighted by the matching weights; the bias uses the UNMATCHED variances; t-test = regression of
# x on treat with Stata iweights (residual variance over sum(w) - 2, df = sum(w) - 2).
# Rubin's B = 100 |mean_t(xb) - mean_c(xb)| / sqrt((v_t + v_c)/2) and R = v_t / v_c of the linear index xb;
# matched: weighted means and weighted (iweight) variances in the matched sample.
wvar <- function(x, w) { m <- sum(w * x) / sum(w); sum(w * (x - m)^2) / (sum(w) - 1) }
balance <- function(weights, xb) {
  t1 <- d$treat == 1; t0 <- d$treat == 0
  rows <- lapply(covs, function(v) {
    x <- d[[v]]
    mt <- mean(x[t1]); mc <- mean(x[t0]); vt <- var(x[t1]); vc <- var(x[t0])
    bu <- 100 * (mt - mc) / sqrt((vt + vc) / 2)
    tu <- t.test(x[t1], x[t0], var.equal = TRUE)
    s <- weights > 0
    w <- weights[s]; xs <- x[s]; ts <- d$treat[s]
    mtm <- sum((w * xs)[ts == 1]) / sum(w[ts == 1]); mcm <- sum((w * xs)[ts == 0]) / sum(w[ts == 0])
    bm <- 100 * (mtm - mcm) / sqrt((vt + vc) / 2)
    e <- xs - ifelse(ts == 1, mtm, mcm)
    dfm <- sum(w) - 2
    s2 <- sum(w * e^2) / dfm
    se <- sqrt(s2 * (1 / sum(w[ts == 1]) + 1 / sum(w[ts == 0])))
    tm <- (mtm - mcm) / se
    list(name = v, mean_treated = mt, mean_control = mc, mean_treated_matched = mtm, mean_control_matched = mcm,
         bias_pct_unmatched = bu, bias_pct_matched = bm, bias_reduction_pct = 100 * (1 - abs(bm) / abs(bu)),
         t_unmatched = unname(tu$statistic), p_unmatched = tu$p.value, t_matched = tm, p_matched = 2 * pt(-abs(tm), dfm))
  })
  bu <- sapply(rows, function(r) abs(r$bias_pct_unmatched)); bm <- sapply(rows, function(r) abs(r$bias_pct_matched))
  s <- weights > 0
  B <- function(x, w, tr) { mt <- sum((w * x)[tr == 1]) / sum(w[tr == 1]); mc <- sum((w * x)[tr == 0]) / sum(w[tr == 0])
    vt <- wvar(x[tr == 1], w[tr == 1]); vc <- wvar(x[tr == 0], w[tr == 0]); c(100 * abs(mt - mc) / sqrt((vt + vc) / 2), vt / vc) }
  before <- B(xb, rep(1, nrow(d)), d$treat); after <- B(xb[s], weights[s], d$treat[s])
  list(rows = rows, mean_bias_unmatched = mean(bu), mean_bias_matched = mean(bm),
       median_bias_unmatched = median(bu), median_bias_matched = median(bm),
       rubin_b_unmatched = before[1], rubin_r_unmatched = before[2], rubin_b_matched = after[1], rubin_r_matched = after[2])
}

# NN k = 1 matching weights (Matching's weights summed per control; 1 per matched treated).
m1 <- Match(Y = d$re78, Tr = d$treat, X = ps_logit, estimand = "ATT", M = 1)
w_nn1 <- numeric(nrow(d)); w_nn1[unique(m1$index.treated)] <- 1
agg <- tapply(m1$weights, m1$index.control, sum); w_nn1[as.integer(names(agg))] <- agg
kern <- kernel_att(ps_logit)

out <- list(
  source = paste("R", getRversion(), "Matching", packageVersion("Matching"), "MatchIt", packageVersion("MatchIt")),
  covariates = covs,
  logit = list(coefficients = unname(coef(flogit)), ps = ps_logit),
  probit = list(coefficients = unname(coef(fprobit)), ps = ps_probit),
  nn_logit = list(nn(ps_logit, 1), nn(ps_logit, 5)),
  nn_probit = list(nn(ps_probit, 1), nn(ps_probit, 5)),
  nn_logit_weights_k1 = w_nn1,
  kernel_logit = list(bandwidth = 0.06, att = kern$att, off_support = kern$off_support, controls_used = kern$controls_used, weights = kern$weights),
  balance_nn1_logit = balance(w_nn1, xb_logit),
  balance_kernel_logit = balance(kern$weights, xb_logit)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
