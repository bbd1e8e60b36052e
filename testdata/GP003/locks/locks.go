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

func (s *Store) UnlockInAnEarlyReturn() {
	go func() {
		s.mu.Lock()
		if s.data == nil {
			s.mu.Unlock()
			return
		}
		s.data["a"] = "b" // ok: the Unlock above is on a path that returned
		s.mu.Unlock()
	}()
}

func (s *Store) UnlockInASwitchCase(k int) {
	go func() {
		s.mu.Lock()
		switch k {
		case 0:
			s.mu.Unlock()
			return
		}
		s.data["k"] = "v" // ok: still locked on this path
		s.mu.Unlock()
	}()
}

func (s *Store) UnlockBeforeInTheSameBlock() {
	go func() {
		for i := 0; i < 3; i++ {
			s.mu.Lock()
			s.mu.Unlock()
			s.data["x"] = "y" // want "GP003"
		}
	}()
}
