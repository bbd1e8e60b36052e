// Package quotas tracks per-tenant and per-region usage for HTTP handlers,
// which net/http runs concurrently: the locking says the maps are shared.
// The two stores are written alike, so their writes sit at the same byte
// offsets of their files: each file's finding is its own.
package quotas

import "sync"

type Regions struct {
	mu   sync.RWMutex
	used map[string]int
}

func (t *Regions) Add(name string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.used[name] += n
}

func (t *Regions) Seen(name string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	t.used[name] += 0 // want "GP003 write to map 't.used' under only a read lock \\(RLock does not exclude other writers\\), while other accesses of Regions.used hold an exclusive lock"
	return t.used[name]
}
