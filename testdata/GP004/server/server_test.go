package main

import "testing"

func TestStart(t *testing.T) {
	done := make(chan bool)
	go func() { done <- true }() // ok: test file
	<-done
}
