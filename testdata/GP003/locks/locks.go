package locks

import "sync"

type Store struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	data map[string]string
}

func (s *Store) UnderOtherUnlock() {
	go func() {
		s.mu.Lock()
		s.rw.Unlock() // a different lock: s.mu is still held
		s.data["a"] = "b" // ok: s.mu still held
		s.mu.Unlock()
	}()
}

func (s *Store) RLockThenLock() {
	go func() {
		s.rw.RLock()
		s.rw.RUnlock()
		s.rw.Lock()
		s.data["a"] = "b" // ok: Lock after RUnlock
		s.rw.Unlock()
	}()
}

func (s *Store) LockInOtherFunction() {
	go func() {
		func() {
			s.mu.Lock()
		}()
		s.data["a"] = "b" // want "GP003 .*without a lock"
	}()
}

func (s *Store) DeferredUnlockOnly() {
	go func() {
		defer s.mu.Unlock()
		s.data["a"] = "b" // want "GP003"
	}()
}
