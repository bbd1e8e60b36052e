package sessions

// Expire drops a session. This file neither locks nor starts goroutines:
// only the package's other accesses show that sessions is shared.
func (s *Store) Expire(k string) {
	delete(s.sessions, k) // ok: no lock at all: reported under strict (tests/test_settings_and_units.py)
}
