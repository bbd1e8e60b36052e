package lib

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	defer os.RemoveAll("tmp")
	os.Exit(m.Run()) // want "GP009 os.Exit after defer \\(line 9\\)"
}

func TestOther(t *testing.T) {
	t.Fatal("t.Fatal is a method, not an exit call") // ok
}
