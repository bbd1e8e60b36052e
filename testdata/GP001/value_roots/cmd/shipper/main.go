// Command shipper runs one command per process, chosen from a table of
// function values: each is a root of its own.
package main

import (
	"os"

	"example.com/shipper/metrics"
	"example.com/shipper/report"
	"example.com/shipper/serve"
)

func main() {
	metrics.Init() // on main's path, whatever the command
	commands := map[string]func(){
		"serve":  serve.Run,
		"export": runExport,
	}
	commands[os.Args[1]]()
}

func runExport() {
	report.Upload()
}
