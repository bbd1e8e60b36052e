// Package inventory refreshes stock levels with a pool of workers. The
// workers start here; the map they write is kept in stock.go, a file with
// no `go` statement of its own: a check of stock.go alone (an editor on
// save) must still see the goroutines that run its code.
package inventory

import (
	"context"
	"sync"
)

type Refresher struct {
	mu     sync.Mutex
	levels map[string]int
	seen   map[string]bool
	skus   chan string
	fetch  func(ctx context.Context, sku string) (int, error)
}

func NewRefresher(fetch func(ctx context.Context, sku string) (int, error)) *Refresher {
	return &Refresher{
		levels: make(map[string]int),
		seen:   make(map[string]bool),
		skus:   make(chan string),
		fetch:  fetch,
	}
}

// Start runs n workers until ctx ends.
func (r *Refresher) Start(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		go func() {
			defer func() { recover() }()
			for sku := range r.skus {
				r.refresh(ctx, sku)
			}
		}()
	}
}

// Level is read by the HTTP layer.
func (r *Refresher) Level(sku string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.levels[sku]
}
