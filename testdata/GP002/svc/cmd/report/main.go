// Command report writes the daily order report.
package main

import (
	"os"

	"example.com/svc/internal/render"
)

func main() {
	render.Report(os.Args[1], [][]string{{"order", "state"}})
}
