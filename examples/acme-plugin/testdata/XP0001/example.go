// Package config loads ACME service configuration; other services import it.
package config

import (
	"fmt"
	"os"

	log "example.com/acme/acmelog"
)

type Config struct{ Raw []byte }

func Load(path string) *Config {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Die("config: %v", err) // want "XP0001 acmelog.Die in a library"
	}
	return &Config{Raw: b}
}

func MustParse(s string) int {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil {
		log.Dief("bad number %q", s) // want "XP0001 acmelog.Dief"
	}
	return n
}

// Die is this package's own function, not acmelog's.
func Die(msg string) { fmt.Fprintln(os.Stderr, msg) }

func Warn(s string) {
	Die(s)                     // ok: not acmelog
	log.Warn("careful: %s", s) // ok: logging without exiting
}
