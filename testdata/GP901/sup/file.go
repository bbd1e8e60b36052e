//lint:file-ignore GP004 // want "GP901 //lint:file-ignore needs a reason"

package sup

// hook is the caller's: a goroutine running it matters in a library (GP004)
var hook func()

func w() { hook() }

func start() {
	go w() // want "GP004"
	go w() //nolint:GP004 // ok: nolint needs no reason
	//nolint:GP004
	go w() // ok: nolint on the line above
}
