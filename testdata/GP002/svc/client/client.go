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

// Main runs the report tool for a command that embeds it; like flag
// parsing, exiting on failure is its documented job.
func Main() {
	render.Report(os.Args[1], [][]string{{"order", "state"}})
}
