// Package commands builds the sub-commands of a command-line tool; other
// programs may import it, so its exits are reported unless they belong to
// a command's body or to an exit wrapper.
package commands

import (
	"fmt"
	"log"
	"os"

	"github.com/spf13/cobra"
	"github.com/urfave/cli"
)

// NewMemberCommand returns the "member" command and its sub-commands.
func NewMemberCommand() cli.Command {
	return cli.Command{
		Name: "member",
		Subcommands: []cli.Command{
			{Name: "list", Action: actionMemberList},
			{Name: "add", Action: func(c *cli.Context) error {
				os.Exit(1) // ok: the body of a urfave/cli command
				return nil
			}},
		},
	}
}

func actionMemberList(c *cli.Context) error {
	if len(c.Args()) != 0 {
		fmt.Fprintln(os.Stderr, "No arguments accepted")
		os.Exit(1) // ok: named as a command's Action
	}
	api := mustNewMembersAPI(c)
	printMembers(api)
	return nil
}

func mustNewMembersAPI(c *cli.Context) []string {
	log.Fatal("no endpoints") // ok: mustX is an exit wrapper
	return nil
}

func printMembers(members []string) {
	if len(members) == 0 {
		os.Exit(2) // ok: only ever called from a command's body
	}
}

var rootCmd = &cobra.Command{Use: "tool", Run: startGateway}

func startGateway(cmd *cobra.Command, args []string) {
	checkArgs(args)
}

func checkArgs(args []string) {
	if len(args) == 0 {
		os.Exit(1) // ok: called only from startGateway, a command's Run
	}
}

type proxyOptions struct{ endpoints []string }

// NewProxyCommand builds the command; its RunE is a method value.
func NewProxyCommand() *cobra.Command {
	o := &proxyOptions{}
	cmd := &cobra.Command{Use: "proxy"}
	cmd.RunE = o.run
	return cmd
}

func (o *proxyOptions) run(cmd *cobra.Command, args []string) error {
	o.validate()
	return nil
}

func (o *proxyOptions) validate() {
	if len(o.endpoints) == 0 {
		os.Exit(1) // ok: called only from run, a command's RunE
	}
}

// Dial connects to the cluster. An importer calls it directly.
func Dial(endpoint string) {
	connect(endpoint)
}

func connect(endpoint string) {
	if endpoint == "" {
		log.Fatal("empty endpoint") // want "GP002 log.Fatal in library package 'commands'"
	}
}

func resolve(name string) string {
	if name == "" {
		os.Exit(3) // want "GP002 os.Exit in library package 'commands'"
	}
	return name
}

// Resolve is called by importers, and by the command below.
func Resolve(name string) string { return resolve(name) }

var resolveCmd = &cobra.Command{Use: "resolve", Run: func(cmd *cobra.Command, args []string) {
	fmt.Println(resolve(args[0])) // resolve is reached from here and from Resolve
}}

func onShutdown() {
	os.Exit(4) // want "GP002 os.Exit in library package 'commands'"
}

// Hooks are called by whoever imports the package: a value, not a call.
var Hooks = []func(){onShutdown}

type config struct{ path string }

// Load reads the configuration; Run is a field of an unrelated type.
func Load(path string) *config {
	c := &config{path: path}
	job := struct{ Run func() }{Run: c.abort}
	job.Run()
	return c
}

func (c *config) abort() {
	os.Exit(5) // want "GP002 os.Exit in library package 'commands'"
}

func readConfigOrDie(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("read %s: %v", path, err) // ok: ...OrDie is an exit wrapper
	}
	return b
}

// Config is for importers: it exits through readConfigOrDie, a call of an
// exit wrapper, which is not itself an exit call.
func Config() []byte { return readConfigOrDie("/etc/tool.conf") }

// NewApp builds the tool's urfave/cli application.
func NewApp() *cli.App {
	app := cli.NewApp()
	app.Action = func(c *cli.Context) error {
		os.Exit(run(c)) // ok: the body of the application's Action
		return nil
	}
	return app
}

func run(c *cli.Context) int { return 0 }
