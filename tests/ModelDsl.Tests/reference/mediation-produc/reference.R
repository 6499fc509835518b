# mediation-produc: Baron-Kenny mediation on plm's Produc with state + year FE and state clusters.
#   treatment X = log(pcap) (public capital), mediator M = log(emp), outcome Y = log(gsp),
#   controls log(pc), unemp.
#   step 1 (total):    Y ~ X + controls       -> c
#   step 2 (a path):   M ~ X + controls       -> a, se_a
#   step 3 (outcome):  Y ~ X + M + controls   -> c' (X), b (M), se_b
# Sobel z = ab / sqrt(b^2 se_a^2 + a^2 se_b^2); Aroian z adds + se_a^2 se_b^2; Goodman z subtracts it.
# p-values two-sided standard normal. Run: cd mediation-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
m <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap),
                `log(pc)` = log(d$pc), `log(emp)` = log(d$emp), unemp = d$unemp, check.names = FALSE)
controls <- c("log(pc)", "unemp")
fes <- c("state", "year")
step <- function(dep, xs) {
  f <- fe_fit(m, dep, xs, fes)
  s <- fe_standard_vcovs(f, m, "state")
  r <- c(list(model = list(estimator = "fe", dependent = dep, regressors = arr(xs), intercept = FALSE,
    fixed_effects = arr(fes), cluster = arr("state"), sample = "all 816 rows")), fit_stats(f),
    list(default_vcov = "cluster_state_stata", coefficients = coef_list(f$b), vcov = s$blocks))
  with_default_se(r)
}
s1 <- step("log(gsp)", c("log(pcap)", controls))
s2 <- step("log(emp)", c("log(pcap)", controls))
s3 <- step("log(gsp)", c("log(pcap)", "log(emp)", controls))

mediation <- function(vname) {
  get <- function(s, nm) { i <- which(vapply(s$coefficients, function(r) r$name, "") == nm)
    list(est = s$coefficients[[i]]$estimate, se = s$vcov[[vname]]$coefficients[[i]]$std_error) }
  c_ <- get(s1, "log(pcap)"); a_ <- get(s2, "log(pcap)"); b_ <- get(s3, "log(emp)"); cp <- get(s3, "log(pcap)")
  a <- a_$est; sa <- a_$se; b <- b_$est; sb <- b_$se
  base <- b^2 * sa^2 + a^2 * sb^2
  sob <- a * b / sqrt(base); aro <- a * b / sqrt(base + sa^2 * sb^2)
  goo <- if (base - sa^2 * sb^2 > 0) a * b / sqrt(base - sa^2 * sb^2) else NA
  list(vcov = vname, a = a, se_a = sa, b = b, se_b = sb, c = c_$est, se_c = c_$se, c_prime = cp$est, se_c_prime = cp$se,
       indirect = a * b, proportion_mediated = a * b / c_$est,
       sobel_se = sqrt(base), sobel_z = sob, sobel_p = 2 * pnorm(-abs(sob)),
       aroian_se = sqrt(base + sa^2 * sb^2), aroian_z = aro, aroian_p = 2 * pnorm(-abs(aro)),
       goodman_se = sqrt(base - sa^2 * sb^2), goodman_z = goo, goodman_p = 2 * pnorm(-abs(goo)))
}
med <- mediation("cluster_state_stata")
# identity check: c = c' + a*b holds exactly for linear models on the same sample and FE
stopifnot(abs(med$c - (med$c_prime + med$a * med$b)) < 1e-10)
out <- c(list(
  case = "mediation-produc",
  source = "plm::Produc (R package plm 2.6), 48 states x 1970-1986, 816 rows, balanced",
  model = list(treatment = "log(pcap)", mediator = "log(emp)", dependent = "log(gsp)", controls = arr(controls),
               fixed_effects = arr(fes), cluster = arr("state"), sample = "all 816 rows"),
  software = "R: exact least squares on state and year dummies, Stata CR1 cluster vcov written out"),
  med,
  list(iid = mediation("iid"),
  steps = list(total = s1, mediator = s2, outcome = s3),
  notes = arr(c("a, b, c, c_prime and their SEs use the Stata CR1 cluster-by-state vcov (G = 48, K = slopes + 1 + 16, t with 47 df in the steps); 'iid' repeats the z statistics with the iid SEs",
    "proportion_mediated = a*b/c; c = c_prime + a*b exactly (checked)",
    "sobel_z = ab/sqrt(b^2 se_a^2 + a^2 se_b^2); aroian_z = ab/sqrt(b^2 se_a^2 + a^2 se_b^2 + se_a^2 se_b^2); goodman_z = ab/sqrt(b^2 se_a^2 + a^2 se_b^2 - se_a^2 se_b^2); p two-sided N(0,1)"))))
write_json(out)
