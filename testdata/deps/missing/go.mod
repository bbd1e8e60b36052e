module example.com/shop

go 1.21

require (
	github.com/acme/micro v0.3.0
	github.com/nowhere/gone v0.0.1
)
