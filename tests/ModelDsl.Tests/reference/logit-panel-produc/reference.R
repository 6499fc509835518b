# logit-panel-produc, R side: glm logit/probit with year dummies and sandwich::vcovCL(type = "HC0")
# by state (= G/(G-1) x CR0, Stata's vce(cluster) for ML models), for comparison with expected.json.
# Run: cd logit-panel-produc && Rscript reference.R > expected_glm.json
source("../common.R")
suppressPackageStartupMessages(library(sandwich))
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d$ever <- as.integer(d$cohort > 0)
one <- function(link) {
  g <- glm(ever ~ log(pcap) + log(pc) + log(emp) + unemp + factor(year), data = d,
           family = binomial(link = link), control = glm.control(epsilon = 1e-15, maxit = 200))
  b <- coef(g); names(b) <- sub("^factor\\(year\\)", "year::", names(b))
  V <- vcovCL(g, cluster = ~state, type = "HC0"); dimnames(V) <- list(names(b), names(b))
  list(model = list(estimator = link, dependent = "ever", regressors = arr(names(b)[-1]), intercept = TRUE),
       observations = nobs(g), log_likelihood = as.numeric(logLik(g)), coefficients = coef_list(b),
       vcov = list(cluster_state_stata = vcov_block(b, V, Inf,
         "sandwich::vcovCL(glm, cluster = ~state, type = 'HC0'): G/(G-1) x CR0 (cadjust), = Stata vce(cluster)",
         small_sample_factor = 48 / 47, clusters = 48L)))
}
write_json(list(case = "logit-panel-produc", software = paste("R", getRversion(), "glm, sandwich", packageVersion("sandwich")),
                logit = one("logit"), probit = one("probit"),
                notes = arr("R counterpart of expected.json; probit estimates from glm's Fisher scoring agree to ~1e-9; the cluster vcov uses the observed Hessian bread for logit only (glm's bread for probit is the expected information)")))
