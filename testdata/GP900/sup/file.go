//lint:file-ignore GP004 this file only starts goroutines that recover in the callee // ok: used below

package sup

// hook is the caller's: a goroutine running it matters in a library (GP004)
var hook func()

func worker() { hook() }

func start() {
	go worker() // ok: file-ignored
	go worker() // ok: file-ignored
}
