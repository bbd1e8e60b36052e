// Package render formats order reports. Other modules cannot import it (it
// is internal/); the report command and the client library of this module
// do.
package render

import (
	"io"
	"log"
	"os"
	"strings"
)

// Report writes the daily report; only the report command calls it.
func Report(path string, rows [][]string) {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(row(r) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		log.Fatalf("report: %v", err) // ok: only the module's programs reach Report (the client library runs it only in its Main, an exit wrapper): other modules cannot import this package
	}
}

// Row renders one row; the client library calls it.
func Row(fields []string) string {
	return row(fields)
}

func row(fields []string) string {
	if len(fields) == 0 {
		log.Fatal("render: empty row") // want "GP002 log.Fatal in library package 'render' ends its importer's process"
	}
	return strings.Join(fields, ",")
}

// Table buffers rows for a writer.
type Table struct{ rows []string }

// Flush writes the rows. Nothing here calls it by name: whoever holds a
// Table (the client library makes one) may.
func (t *Table) Flush(w io.Writer) {
	if _, err := io.WriteString(w, strings.Join(t.rows, "\n")); err != nil {
		os.Exit(1) // want "GP002 os.Exit in library package 'render' ends its importer's process"
	}
}
