//go:build ignore

// gen.go regenerates internal/app's state tables: go run gen.go
package main

import "example.com/svc/tables"

func main() {
	tables.Write("internal/app/states.go", []byte("package app\n"))
}
