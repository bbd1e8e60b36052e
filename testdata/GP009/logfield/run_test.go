package main

import (
	"errors"
	"log"
	"testing"
)

func TestRun(t *testing.T) {
	defer log.SetFlags(log.Flags())
	log.SetFlags(0)
	if errors.New("x") == nil {
		t.Fatal("t.Fatal ends the test, not the process") // ok: a method of testing.T
	}
	Run([]string{"a"})
}
