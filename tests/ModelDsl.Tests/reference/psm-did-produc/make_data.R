# data.csv is a copy of ../did-produc/data.csv (plm Produc + pseudo cohorts).
file.copy("../did-produc/data.csv", "data.csv", overwrite = TRUE)
