package split

import "log"

// logPanic is the package's panic logger: it recovers, so it must be
// deferred itself, not called from inside another deferred function.
func logPanic(job string) {
	if r := recover(); r != nil { // ok: called directly when deferred
		log.Printf("job %s panicked: %v", job, r)
	}
}

type pool struct{ name string }

func (p *pool) contain() {
	if r := recover(); r != nil { // ok: called directly when deferred
		log.Printf("pool %s: %v", p.name, r)
	}
}
