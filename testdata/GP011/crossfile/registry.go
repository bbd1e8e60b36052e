// Package plugins keeps the registered plugins.
package plugins

// registry is declared here and written in register.go: nothing makes it.
var registry map[string]func() error

// loaded is made before any write.
var loaded map[string]bool

func init() {
	loaded = make(map[string]bool)
}
