package shapes

import (
	"net/http"
	"sync"
	"time"
)

// Shape 4: the writer is an HTTP handler; net/http runs each request on a
// goroutine of its own.
type Metrics struct {
	hits map[string]int
}

func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.count(r.URL.Path)
}

func (m *Metrics) count(path string) {
	m.hits[path]++ // want "GP003 write to shared map 'm.hits'.*in the HTTP handler Metrics.ServeHTTP \\(handlers.go:\\d+\\); it runs once per request, concurrently"
}

var lastSeen = map[string]time.Time{}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/ping", func(w http.ResponseWriter, r *http.Request) {
		lastSeen[r.RemoteAddr] = time.Now() // want "GP003 write to shared map 'lastSeen'.*HTTP handler registered at handlers.go:\\d+; it runs once per request"
	})
	http.HandleFunc("/fresh", func(w http.ResponseWriter, r *http.Request) {
		q := map[string]string{}
		q["path"] = r.URL.Path // ok: a map of this request
	})
}

// Shape 5: a write under RLock while other writes of the map hold Lock:
// readers run together, so two of them write together.
type Sessions struct {
	mu         sync.RWMutex
	lastAccess map[string]time.Time
	users      map[string]string
}

func (s *Sessions) Touch(key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.lastAccess[key] = time.Now() // want "GP003 write to map 's.lastAccess' under only a read lock.*Sessions.lastAccess hold an exclusive lock"
	return s.users[key]
}

func (s *Sessions) Add(key, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[key] = user
	s.lastAccess[key] = time.Now()
}

// Shape 6: the caller holds RLock and calls a helper that writes the map,
// from an HTTP handler.
type Catalog struct {
	mu    sync.RWMutex
	items map[string]int
	views map[string]int
}

func (c *Catalog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.items[r.URL.Path]; ok {
		c.bump(r.URL.Path)
	}
}

func (c *Catalog) bump(path string) {
	c.views[path]++ // want "GP003 write to shared map 'c.views'.*under only a read lock \\(RLock does not exclude other writers\\) in the HTTP handler Catalog.ServeHTTP"
}

func (c *Catalog) Put(path string, n int) {
	c.mu.Lock()
	c.items[path] = n // ok: the exclusive lock is held
	c.mu.Unlock()
}
