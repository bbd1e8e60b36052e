package zaplib

import "errors"

// Fetch fetches one order. This file does not import zap: the field's
// declared type is written in types.go.
func (c *Client) Fetch(id string) error {
	if id == "" {
		c.log.Fatal("no id") // want "GP002 c.log.Fatal in library package 'zaplib'"
	}
	if len(id) > 64 {
		c.sugar.Fatalf("id too long: %d", len(id)) // want "GP002 c.sugar.Fatalf in library"
	}
	if id == "-" {
		c.entry.WithError(errors.New("dash")).Fatalln("bad id") // want "GP002 c.entry.WithError"
	}
	if id == "?" {
		c.std.Fatalf("query id") // want "GP002 c.std.Fatalf in library"
	}
	if id == "!" {
		pkgLogger.Fatal("bang") // want "GP002 pkgLogger.Fatal in library"
	}
	c.quiet.Fatal("a package type with a Fatal method") // ok: quietLogger is not a logger type
	c.log.Error("not fatal")                            // ok: not an exit method
	return nil
}
