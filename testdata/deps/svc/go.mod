module example.com/shop

go 1.21

require (
	github.com/DiagCo/agent v1.2.0
	github.com/acme/micro v0.3.0
)
