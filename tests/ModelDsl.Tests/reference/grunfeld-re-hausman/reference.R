# grunfeld-re-hausman: random effects (Swamy-Arora) inv ~ value + capital on plm's Grunfeld and the
# Hausman test against the within (firm FE) model.
# Run: cd grunfeld-re-hausman && Rscript reference.R > expected.json
source("../common.R")
suppressPackageStartupMessages(library(plm))
d <- read.csv("data.csv")
pd <- pdata.frame(d, index = c("firm", "year"))
r <- plm(inv ~ value + capital, data = pd, model = "random", random.method = "swar")
w <- plm(inv ~ value + capital, data = pd, model = "within")
ec <- ercomp(r)
b <- coef(r); V <- vcov(r)
N <- nrow(d); G <- n_clusters(d$firm); Tn <- N / G; K <- 2L

# Swamy-Arora written out (balanced panel): sigma_e^2 = RSS_within/(N-G-K);
# sigma_1^2 = T * RSS_between/(G-K-1) (between regression on firm means with intercept);
# sigma_u^2 = (sigma_1^2 - sigma_e^2)/T; theta = 1 - sqrt(sigma_e^2/sigma_1^2)
s2e <- sum(resid(w)^2) / (N - G - K)
mb <- aggregate(cbind(inv, value, capital) ~ firm, data = d, FUN = mean)
s21 <- Tn * sum(resid(lm(inv ~ value + capital, data = mb))^2) / (G - K - 1)
s2u <- (s21 - s2e) / Tn
theta <- 1 - sqrt(s2e / s21)
stopifnot(isTRUE(all.equal(unname(ec$sigma2), c(s2e, s2u), tolerance = 1e-10)),
          isTRUE(all.equal(unname(ec$theta), theta, tolerance = 1e-10)))
# RE = OLS on quasi-demeaned data y - theta*ybar_i, with intercept column (1 - theta)
qd <- function(v) v - theta * ave(v, d$firm)
Xq <- cbind(`(Intercept)` = 1 - theta, value = qd(d$value), capital = qd(d$capital))
fq <- lm.fit(Xq, qd(d$inv))
stopifnot(isTRUE(all.equal(unname(fq$coefficients), unname(b), tolerance = 1e-10)))
s2q <- sum(fq$residuals^2) / (N - 3)
stopifnot(isTRUE(all.equal(unname(V), unname(s2q * solve(crossprod(Xq))), tolerance = 1e-10)))

# Hausman (plm::phtest default, = Stata `hausman fe re`): (b_fe - b_re)'(V_fe - V_re)^{-1}(b_fe - b_re)
ph <- phtest(w, r)
dlt <- coef(w) - b[c("value", "capital")]
H <- drop(t(dlt) %*% solve(vcov(w) - V[c("value", "capital"), c("value", "capital")]) %*% dlt)
stopifnot(isTRUE(all.equal(unname(ph$statistic), H, tolerance = 1e-10)))
sr <- summary(r)

out <- list(
  case = "grunfeld-re-hausman",
  source = "plm::Grunfeld (R package plm 2.6), 10 firms x 20 years, balanced",
  model = list(estimator = "re", dependent = "inv", regressors = arr(c("value", "capital")),
               intercept = TRUE, fixed_effects = arr(character(0)), random_effects = arr("firm"),
               cluster = arr(character(0)), sample = "all 200 rows", random_method = "swar (Swamy-Arora)"),
  software = "R plm::plm(model='random', random.method='swar'), plm::ercomp, plm::phtest; formulas re-derived in the script",
  observations = N, df_residual = N - 3L,
  r2 = unname(sr$r.squared["rsq"]), r2_adjusted = unname(sr$r.squared["adjrsq"]),
  r2_definition = "plm: R-squared of the quasi-demeaned (GLS-transformed) regression, 1 - RSS/TSS of the transformed y",
  sigma_e = sqrt(s2e), sigma_u = sqrt(s2u), sigma2_e = s2e, sigma2_u = s2u,
  rho = s2u / (s2u + s2e), theta = theta,
  default_vcov = "iid",
  coefficients = coef_list(b),
  vcov = list(
    iid = vcov_block(b, V, Inf, "GLS iid: s^2 (Xq'Xq)^{-1} on the quasi-demeaned data, s^2 = RSS_q/(N-3); z statistics (plm summary, Stata xtreg re)"),
    iid_t = vcov_block(b, V, N - 3, "same matrix, t with N-3 df (for software that reports t)")),
  hausman = list(description = "(b_fe - b_re)'(V_fe - V_re)^{-1}(b_fe - b_re) over the common slopes, each model's own iid vcov (plm::phtest default; Stata hausman fe re)",
                 statistic = unname(ph$statistic), df = unname(ph$parameter), p = ph$p.value,
                 within_coefficients = coef_list(coef(w))),
  notes = arr(c("coefficients[].std_error/t/p are those of default_vcov (normal p-values)",
    "sigma_e^2 = RSS_within/(N-G-K); sigma_1^2 = T RSS_between/(G-K-1); sigma_u^2 = (sigma_1^2 - sigma_e^2)/T; theta = 1 - sqrt(sigma_e^2/sigma_1^2) (balanced panel; Stata xtreg re identical)")))
write_json(with_default_se(out))
