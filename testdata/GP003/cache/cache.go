package cache

import "sync"

func (c *Cache) Warm(keys []string) {
	for _, k := range keys {
		go func(k string) {
			c.items[k] = len(k) // want "GP003 write to shared map 'c.items' \\(a field reached through receiver 'c'\\) without a lock in the goroutine started at cache.go:7; it is started in a loop"
		}(k)
	}
}

func (c *Cache) Nested() {
	go func() {
		c.inner.byID[1] = "x" // want "GP003 write to shared map 'c.inner.byID'"
		delete(c.items, "x")   // want "GP003 write to shared map 'c.items'"
		c.items["n"]++         // ok: the same goroutine and map as the delete above: a related location of its finding
		c.items["n"] -= 2      // ok: related location, as above
		var n int
		n, c.items["m"] = 1, 2 // ok: related location, as above
		_ = n
	}()
}

func (c *Cache) NotMaps() {
	go func() {
		c.order[0] = "slice" // ok: a slice field
		c.counts[1]++ // ok: an array field
		c.synced.Store("k", 1) // ok: sync.Map is not a map
		x := c.items["read only"] // ok: a read
		_ = x
		list[0] = "package-level slice" // ok: a slice
	}()
}

func (c *Cache) ReadLocked() {
	go func() {
		c.mu.RLock()
		c.items["r"] = 1 // want "GP003 .*under only a read lock"
		c.mu.RUnlock()
	}()
}

func (c *Cache) Locked() {
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.items["ok"] = 1 // ok: Lock with defer Unlock
	}()
	go func() {
		c.mu.Lock()
		c.items["ok"] = 2 // ok: between Lock and Unlock
		c.mu.Unlock()
		c.items["after unlock"] = 3 // want "GP003"
	}()
}

// Started with `go c.refresh()` below: its body is a goroutine body.
func (c *Cache) refresh() {
	c.items["refresh"] = 1 // want "GP003 .*receiver 'c'"
	registry["refresh"] = 1 // want "GP003 .*a package-level variable"
}

// Never started as a goroutine.
func (c *Cache) Set(k string) {
	c.items[k] = 1 // ok: not in a goroutine; no lock here while Locked() locks: strict only
	registry[k] = 2 // ok: not in a goroutine
}

func (c *Cache) Start() {
	go c.refresh()
}

func Package() {
	go func() {
		registry["a"] = 1 // want "GP003 .*'registry' \\(a package-level variable\\)"
		seen["b"] = struct{}{} // want "GP003 .*'seen'"
	}()
}

var mu sync.Mutex

func PackageLocked() {
	go func() {
		mu.Lock()
		registry["a"] = 1 // ok: locked
		mu.Unlock()
	}()
}

func Through(c *Cache) {
	other := &Cache{items: map[string]int{}}
	go func() {
		other.items["x"] = 1 // ok: each call makes its own 'other', and only this goroutine writes it
		c.items["y"] = 1 // want "GP003 .*a field of 'c'.*started by the exported Through"
	}()
}

func newCache() *Cache { return &Cache{} }

func Constructed() {
	c := newCache() // the declared result of newCache: *Cache
	go func() {
		c.items["x"] = 1 // ok: a value made for this goroutine alone (each call makes its own)
	}()
}

func Unknown(mk func() *Cache) {
	c := mk() // a function value: its result is not followed
	go func() {
		c.items["x"] = 1 // ok: type unknown
	}()
}

func Shadowed() {
	go func() {
		registry := make([]int, 3) // shadows the package-level map
		registry[0] = 1 // ok: a local slice shadows the map
	}()
}

type discovery struct {
	seen   map[string]bool
	events chan string
}

func newDiscovery() *discovery {
	d := &discovery{seen: map[string]bool{}, events: make(chan string)}
	go d.run()
	return d
}

func (d *discovery) run() {
	for e := range d.events {
		if d.seen[e] {
			continue
		}
		d.seen[e] = true // ok: every access of seen is in run, started once per value
	}
}

type tracker struct {
	seen   map[string]bool
	events chan string
}

func newTracker() *tracker {
	t := &tracker{seen: map[string]bool{}, events: make(chan string)}
	go t.run()
	return t
}

func (t *tracker) run() {
	for e := range t.events {
		t.seen[e] = true // want "GP003 write to shared map 't.seen'"
	}
}

// Seen reads the map from the caller's goroutine.
func (t *tracker) Seen(e string) bool { return t.seen[e] }
