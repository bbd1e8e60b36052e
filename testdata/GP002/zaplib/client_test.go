package zaplib

import "testing"

// A test file: never reported, also where only the package's logger
// import (in types.go) makes the method's name a candidate.
func TestFetch(t *testing.T) {
	c := &Client{}
	if err := c.Fetch("x"); err != nil {
		c.log.Fatal("fetch failed") // ok: a test file
	}
}
