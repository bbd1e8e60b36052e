//lint:file-ignore GP004 this file only starts goroutines that recover in the callee // ok: used below

package sup

func worker() {}

func start() {
	go worker() // ok: file-ignored
	go worker() // ok: file-ignored
}
