# data.csv is a copy of ../did-produc/data.csv (plm Produc + pseudo cohorts); `ever` = cohort > 0 is
# derived by the model (not a column).
file.copy("../did-produc/data.csv", "data.csv", overwrite = TRUE)
