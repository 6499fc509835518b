# produc-re-unbalanced: random effects with Stata's xtreg, re (Swamy-Arora) formulas on an unbalanced
# panel, written out in base R, and plm's swar estimate for comparison.
# Run: cd produc-re-unbalanced && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages(library(plm))
d <- read.csv("data.csv")
d$ly <- log(d$gsp); d$l1 <- log(d$pcap); d$l2 <- log(d$pc); d$l3 <- log(d$emp)
vars <- c("l1", "l2", "l3", "unemp")
names_out <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
N <- nrow(d); units <- unique(d$state); n <- length(units); k <- length(vars)
Ti <- as.vector(table(factor(d$state, levels = units)))

# Within regression: sigma_e^2 = RSS_w / (N - n - k)   (Stata: N - n - K + 1 with K counting the constant)
dm <- function(v) v - ave(v, d$state)
Xw <- sapply(vars, function(v) dm(d[[v]]))
fw <- lm.fit(Xw, dm(d$ly))
s2e <- sum(fw$residuals^2) / (N - n - k)

# Between regression on unit means (unweighted, with a constant): s2b = RSS_b / (n - k - 1)
mb <- aggregate(d[, c("ly", vars)], by = list(state = d$state), FUN = mean)
fb <- lm(ly ~ l1 + l2 + l3 + unemp, data = mb)
s2b <- sum(resid(fb)^2) / (n - k - 1)

# Stata: sigma_u^2 = max(0, s2b - s2e / Tbar), Tbar the harmonic mean of T_i; theta_i per unit
Tbar <- n / sum(1 / Ti)
s2u <- max(0, s2b - s2e / Tbar)
theta_unit <- 1 - sqrt(s2e / (Ti * s2u + s2e))
theta <- theta_unit[match(d$state, units)]

# GLS = OLS on quasi-demeaned data with the constant column (1 - theta_i)
qd <- function(v) v - theta * ave(v, d$state)
Xq <- cbind(sapply(vars, function(v) qd(d[[v]])), `(Intercept)` = 1 - theta)
colnames(Xq) <- c(names_out, "(Intercept)")
yq <- qd(d$ly)
fq <- lm.fit(Xq, yq)
b <- fq$coefficients
K <- ncol(Xq)
s2q <- sum(fq$residuals^2) / (N - K)
V <- s2q * solve(crossprod(Xq))
se <- sqrt(diag(V))
z <- b / se
p <- 2 * pnorm(-abs(z))
crit <- qnorm(0.975)
# Cluster by state, Stata CR1 factor G/(G-1)*(N-1)/(N-K) on the transformed data
bread <- solve(crossprod(Xq))
sc <- rowsum(Xq * fq$residuals, d$state)
Vc <- (n / (n - 1)) * ((N - 1) / (N - K)) * bread %*% crossprod(sc) %*% bread
sec <- sqrt(diag(Vc))

# plm's swar on an unbalanced panel uses a different quadratic form for sigma_u^2 (for information)
pd <- pdata.frame(d, index = c("state", "year"))
r <- plm(ly ~ l1 + l2 + l3 + unemp, data = pd, model = "random", random.method = "swar")

coefs <- function(se, stat, pv) lapply(seq_along(b), function(j) list(
  name = names(b)[j], estimate = unname(b[j]), std_error = unname(se[j]), t = unname(stat[j]), p = unname(pv[j]),
  ci_low = unname(b[j] - crit * se[j]), ci_high = unname(b[j] + crit * se[j])))
out <- list(
  case = "produc-re-unbalanced",
  source = "plm::Produc (plm 2.6), the unbalanced subset of ../produc-unbalanced (same data.csv)",
  model = list(estimator = "re", dependent = "log(gsp)", regressors = arr(names_out), intercept = TRUE,
               random_effects = arr("state"), random_method = "Swamy-Arora as Stata xtreg, re (harmonic-mean T)"),
  software = "base R, Stata's xtreg, re formulas written out; plm swar for comparison only",
  observations = N, units = n, periods_per_unit = list(min = min(Ti), max = max(Ti)),
  harmonic_mean_t = Tbar, sigma2_e = s2e, sigma2_u = s2u, sigma_e = sqrt(s2e), sigma_u = sqrt(s2u),
  theta_min = min(theta_unit), theta_max = max(theta_unit),
  r2 = 1 - sum(fq$residuals^2) / sum((yq - mean(yq))^2),
  default_vcov = "iid",
  coefficients = coefs(se, z, p),
  cluster_state_stata = list(description = "CR1 G/(G-1)*(N-1)/(N-K) on the quasi-demeaned design, K = 5, normal p-values",
                             coefficients = coefs(sec, b / sec, 2 * pnorm(-abs(b / sec)))),
  plm_swar = list(description = "plm random.method='swar' (unbalanced formula differs from Stata's)",
                  coefficients = lapply(names(coef(r)), function(nm) list(name = nm, estimate = unname(coef(r)[nm]))),
                  sigma2 = as.list(ercomp(r)$sigma2)),
  notes = arr(c("sigma_e^2 = RSS_within/(N - n - k); sigma_u^2 = max(0, RSS_between/(n - k - 1) - sigma_e^2/Tbar), Tbar harmonic mean of T_i",
                "theta_i = 1 - sqrt(sigma_e^2/(T_i sigma_u^2 + sigma_e^2)); OLS of y - theta_i ybar_i on x - theta_i xbar_i and (1 - theta_i)",
                "iid vcov s^2 (Xq'Xq)^{-1}, s^2 = RSS_q/(N - K), z statistics (Stata xtreg, re)"))
)
cat(to_json(out), "\n")
