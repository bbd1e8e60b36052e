//go:build windows

package main

import (
	"context"
	"os"
)

func handleSignals(ctx context.Context, sigs chan os.Signal, onStop func()) chan struct{} {
	done := make(chan struct{})
	go func() { // ok: the same helper, built for windows: reported at its calls
		defer close(done)
		select {
		case <-sigs:
			onStop()
		case <-ctx.Done():
		}
	}()
	return done
}
