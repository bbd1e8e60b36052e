module github.com/acme/micro

go 1.20
