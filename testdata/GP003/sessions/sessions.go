// Package sessions keeps sessions for HTTP handlers, which net/http runs
// concurrently: its own locking says the maps are shared.
package sessions

import (
	"sync"
	"time"
)

type Store struct {
	mu         sync.RWMutex
	sessions   map[string]string
	lastAccess map[string]time.Time
}

func New() *Store {
	s := &Store{sessions: map[string]string{}, lastAccess: map[string]time.Time{}}
	s.lastAccess["boot"] = time.Now() // ok: construction: s was made in this function
	return s
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[k] = v
	s.lastAccess[k] = time.Now()
}

func (s *Store) Get(k string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.lastAccess[k] = time.Now() // want "GP003 write to map 's.lastAccess' under only a read lock \\(RLock does not exclude other writers\\), while other accesses of Store.lastAccess hold an exclusive lock"
	return s.sessions[k]
}

func (s *Store) Evict(k string) {
	s.mu.Lock()
	s.evictLocked(k)
	s.mu.Unlock()
}

func (s *Store) evictLocked(k string) {
	delete(s.sessions, k) // ok: a ...Locked function is called with the lock held
}

type Stats struct {
	hits map[string]int
}

func (st *Stats) Hit(k string) {
	st.hits[k]++ // ok: nothing in the package locks around hits
}

func (s *Store) Rename(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.move(from, to)
}

func (s *Store) move(from, to string) {
	s.sessions[to] = s.sessions[from] // ok: every call of move holds s.mu
	delete(s.sessions, from)
}

// touch records an access. The caller must hold s.mu.
func (s *Store) touch(k string) {
	s.lastAccess[k] = time.Now() // ok: documented: the caller holds the lock
}

func (s *Store) refresh(k string) {
	s.lastAccess[k] = time.Now() // ok: unexported, and one caller lacks the lock: reported under strict only
}

func (s *Store) Refresh(k string) {
	s.refresh(k) // called without the lock
	s.mu.Lock()
	s.touch(k)
	s.mu.Unlock()
}
