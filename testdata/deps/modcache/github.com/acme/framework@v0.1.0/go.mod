module github.com/acme/framework

go 1.20

require github.com/DiagCo/agent v1.2.0
