package lib

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lib")
	if err != nil {
		log.Fatal(err) // ok: before the defer
	}
	defer os.RemoveAll(dir)
	os.Exit(m.Run()) // want "GP009 os.Exit skips `defer os.RemoveAll\\(dir\\)` \\(line 16\\)"
}

func TestOther(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_ = ctx
	t.Fatal("t.Fatal is a method, not an exit call") // ok
}

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	if dir == "" {
		log.Fatal("no dir") // ok: examples show usage; their exits are not the point
	}
	fmt.Println("ok")
	// Output: ok
}
