package locks

import "testing"

// Goroutines started in test files are not roots: tests are not a program.
func TestStore(t *testing.T) {
	s := &Store{data: map[string]string{}}
	for i := 0; i < 2; i++ {
		go func() {
			s.data["k"] = "v" // ok: a goroutine of a test file
		}()
	}
}
