module example.com/platform/tools

go 1.21

require (
	example.com/platform v0.1.0
	github.com/acme/framework v0.1.0
)

require github.com/DiagCo/agent v1.2.0 // indirect
