// Package tables writes the order-state tables the service compiles in;
// only the generator (gen.go, `go run gen.go`) imports it.
package tables

import (
	"log"
	"os"
)

// Write stores the generated source or stops the generator.
func Write(name string, src []byte) {
	if err := os.WriteFile(name, src, 0o644); err != nil {
		log.Fatalf("write %s: %v", name, err) // ok: only a //go:build ignore generator imports this package: it never runs in a deployed process
	}
}
