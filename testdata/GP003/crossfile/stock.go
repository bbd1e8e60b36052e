package inventory

import "context"

func (r *Refresher) refresh(ctx context.Context, sku string) {
	n, err := r.fetch(ctx, sku)
	if err != nil {
		return
	}
	r.levels[sku] = n // want "GP003 write to shared map 'r.levels'"
	r.mark(sku)
}

func (r *Refresher) mark(sku string) {
	r.mu.Lock()
	r.seen[sku] = true // ok: under r.mu, as every other access of seen
	r.mu.Unlock()
}

// Forget is called by the owner before Start: no goroutine of the package
// reaches it.
func (r *Refresher) Forget(sku string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.levels, sku) // ok: under the lock
}
