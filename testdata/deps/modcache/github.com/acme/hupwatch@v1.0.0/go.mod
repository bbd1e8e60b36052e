module github.com/acme/hupwatch

go 1.20
