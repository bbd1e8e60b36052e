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

type Resolver struct {
	scanSema chan struct{} // a one-slot semaphore: guards scanned
	scanned  map[string]bool
	ready    chan struct{}
}

func (r *Resolver) Scan(ctx interface{ Done() <-chan struct{} }, roots []string) {
	for _, root := range roots {
		go func(root string) {
			select {
			case <-r.scanSema:
			case <-ctx.Done():
				return
			}
			defer func() { r.scanSema <- struct{}{} }()
			r.scanned[root] = true // ok: the channel semaphore is held (its inverse is deferred)
		}(root)
	}
}

func (r *Resolver) WaitThenWrite(roots []string) {
	for _, root := range roots {
		go func(root string) {
			<-r.ready
			r.scanned[root] = true // want "GP003 write to shared map 'r.scanned'"
		}(root)
	}
}
