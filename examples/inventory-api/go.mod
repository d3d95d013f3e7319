module github.com/example/inventory-api

go 1.23

require (
	github.com/google/uuid v1.6.0
	github.com/shopspring/decimal v1.4.0
)
