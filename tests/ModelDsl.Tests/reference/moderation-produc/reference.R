# moderation-produc: centred interaction on plm's Produc.
#   log(gsp) ~ cX + cZ + cX:cZ + log(pc) + log(emp) | state + year, cluster state (Stata CR1),
#   X = log(pcap), Z = unemp, cX = X - mean(X), cZ = Z - mean(Z) (means over the estimation sample).
#   Marginal effect of X at Z = z: ME(z) = b_cX + b_cX:cZ (z - mean(Z)),
#   Var = V[cX,cX] + (z - mean Z)^2 V[int,int] + 2 (z - mean Z) V[cX,int]; t with G-1 df.
# Run: cd moderation-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
X <- log(d$pcap); Z <- d$unemp
m <- data.frame(state = d$state, year = d$year, `log(gsp)` = log(d$gsp),
                `c(log(pcap))` = X - mean(X), `c(unemp)` = Z - mean(Z), check.names = FALSE)
m[["c(log(pcap)):c(unemp)"]] <- m[["c(log(pcap))"]] * m[["c(unemp)"]]
m[["log(pc)"]] <- log(d$pc); m[["log(emp)"]] <- log(d$emp)
xs <- c("c(log(pcap))", "c(unemp)", "c(log(pcap)):c(unemp)", "log(pc)", "log(emp)")
f <- fe_fit(m, "log(gsp)", xs, c("state", "year"))
s <- fe_standard_vcovs(f, m, "state")
res <- with_default_se(c(list(model = list(estimator = "fe", dependent = "log(gsp)", regressors = arr(xs), intercept = FALSE,
  fixed_effects = arr(c("state", "year")), cluster = arr("state"), sample = "all 816 rows")), fit_stats(f),
  list(fe_levels = fe_levels(f), default_vcov = "cluster_state_stata", coefficients = coef_list(f$b), vcov = s$blocks)))
V <- s$blocks$cluster_state_stata$matrix
G <- n_clusters(m$state)
zs <- c(mean(Z) - sd(Z), mean(Z), mean(Z) + sd(Z), 4, 8)
me <- lapply(seq_along(zs), function(i) {
  dz <- zs[i] - mean(Z)
  est <- f$b[1] + f$b[3] * dz
  se <- sqrt(V[1, 1] + dz^2 * V[3, 3] + 2 * dz * V[1, 3])
  t <- est / se; cr <- qt(0.975, G - 1)
  list(at = c("mean - sd", "mean", "mean + sd", "4", "8")[i], z = zs[i], effect = unname(est), std_error = se, t = unname(t),
       p = unname(2 * pt(-abs(t), G - 1)), ci_low = unname(est - cr * se), ci_high = unname(est + cr * se))
})
write_json(c(list(case = "moderation-produc",
  source = "plm::Produc (R package plm 2.6), 48 states x 1970-1986, 816 rows",
  software = "R: exact least squares on state and year dummies, Stata CR1 cluster vcov written out",
  moderation = list(x = "log(pcap)", z = "unemp", mean_x = mean(X), mean_z = mean(Z), sd_z = sd(Z),
    centring = "grand means over the estimation sample; sd with n-1"),
  marginal_effects = me), res,
  list(notes = arr(c("marginal_effects use the cluster_state_stata vcov, t with G-1 = 47 df",
    "c(v) = v - mean(v); c(log(pcap)):c(unemp) is the product of the centred columns")))))
