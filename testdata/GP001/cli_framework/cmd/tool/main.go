// Command tool runs one sub-command per process: the CLI framework calls
// the chosen command's Run through its Command interface.
package main

import (
	"os"

	"example.com/tool/command/agent"
	"example.com/tool/command/query"
	"example.com/tool/diag"
	"github.com/mitchellh/cli"
)

func main() {
	diag.Start() // the diagnostics agent: on main's path, whatever the command
	c := &cli.CLI{
		Args: os.Args[1:],
		Commands: map[string]cli.CommandFactory{
			"agent": func() (cli.Command, error) { return &agent.Command{}, nil },
			"query": func() (cli.Command, error) { return &query.Command{}, nil },
		},
	}
	code, _ := c.Run()
	os.Exit(code)
}
