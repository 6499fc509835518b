# Writes data.csv from MatchIt's lalonde (Dehejia-Wahba subsample of LaLonde 1986, 185 NSW treated +
# 429 PSID controls = 614 rows). race is kept as text and as 0/1 dummies black and hispan (white = reference).
source("../common.R")
data("lalonde", package = "MatchIt")
d <- lalonde
out <- data.frame(id = rownames(d), treat = as.integer(d$treat), age = as.integer(d$age), educ = as.integer(d$educ),
                  race = as.character(d$race), black = as.integer(d$race == "black"), hispan = as.integer(d$race == "hispan"),
                  married = as.integer(d$married), nodegree = as.integer(d$nodegree),
                  re74 = d$re74, re75 = d$re75, re78 = d$re78)
write_data_csv(out)
