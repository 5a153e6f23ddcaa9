module workbook/bench

go 1.19
