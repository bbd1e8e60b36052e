// Package client is the order service's client library.
package client

import (
	"os"

	"example.com/svc/internal/render"
)

// Print writes an order as a report row.
func Print(id, state string) {
	os.Stdout.WriteString(render.Row([]string{id, state}) + "\n")
	t := &render.Table{}
	t.Flush(os.Stdout)
}
