package main

import (
	"context"

	"example.com/app/internal/worker"
)

func main() {
	w := worker.New()
	w.Start(context.Background())
	select {}
}
