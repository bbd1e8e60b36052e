module example.com/shop

go 1.21

require (
	github.com/acme/hupwatch v1.0.0
	github.com/acme/micro v0.3.0
)
