package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want "GP001 signal.NotifyContext for SIGINT overlaps"
	defer stop()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM) // want "GP001 signal.Notify for SIGINT, SIGTERM overlaps"
	select {
	case <-ctx.Done():
	case <-c:
	}
}
