# logit-probit-swisslabor, R side: glm() logit and probit for comparison with the statsmodels
# reference (expected.json from reference.py).
# Run: cd logit-probit-swisslabor && Rscript reference.R > expected_glm.json
source("../common.R")
suppressPackageStartupMessages(library(sandwich))
d <- read.csv("data.csv")
fml <- participation ~ income + age + I(age^2) + education + youngkids + oldkids + foreign
one <- function(link) {
  g <- glm(fml, data = d, family = binomial(link = link), control = glm.control(epsilon = 1e-14, maxit = 100))
  b <- coef(g)
  V_glm <- vcov(g)                              # inverse of the information used by IRLS (Fisher scoring)
  V_hc0 <- sandwich(g)                          # sandwich::sandwich: HC0 = bread %*% meat %*% bread / n
  n <- nobs(g)
  list(model = list(estimator = link, dependent = "participation", regressors = arr(names(b)[-1]), intercept = TRUE),
       observations = n, converged = g$converged, iterations = g$iter,
       log_likelihood = as.numeric(logLik(g)),
       log_likelihood_null = -g$null.deviance / 2,
       coefficients = coef_list(b),
       vcov = list(
         glm = vcov_block(b, V_glm, Inf, if (link == "logit") "glm vcov = inverse Fisher information; for the canonical logit link equal to the observed information (OIM)" else "glm vcov = inverse EXPECTED Fisher information at the estimate; for probit this differs from the observed-information SEs of statsmodels/Stata"),
         hc0 = vcov_block(b, V_hc0, Inf, "sandwich::sandwich(glm): HC0, no small-sample factor (= statsmodels cov_type='HC0')"),
         robust_stata = vcov_block(b, V_hc0 * n / (n - 1), Inf, "Stata vce(robust): n/(n-1) x HC0", small_sample_factor = n / (n - 1))))
}
write_json(list(case = "logit-probit-swisslabor", software = paste("R", getRversion(), "glm(family = binomial), sandwich", packageVersion("sandwich")),
                logit = one("logit"), probit = one("probit"),
                notes = arr("R counterpart of expected.json; null log-likelihood = -null.deviance/2 (binary y)")))
