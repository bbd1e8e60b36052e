module example.com/app

go 1.21

require (
	github.com/DiagCo/agent v1.2.0
	github.com/acme/framework v0.1.0
)
