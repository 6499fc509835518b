# did-weighted-produc: the did-produc data with two weight columns.
# Run: cd did-weighted-produc && Rscript make_data.R
#   aw: analytic weight, the state's 1970 employment (emp, thousands) - a population-type weight, constant within state;
#   fw: frequency weight 1, 2 or 3 by row, (row number mod 3) + 1 - checks the "repeated rows" semantics.
d <- read.csv("../did-produc/data.csv", stringsAsFactors = FALSE)
d$aw <- ave(ifelse(d$year == 1970, d$emp, NA), d$state, FUN = function(v) max(v, na.rm = TRUE))
d$fw <- (seq_len(nrow(d)) %% 3) + 1
write.csv(d, "data.csv", row.names = FALSE, quote = FALSE)
