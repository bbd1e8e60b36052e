package nilmap

var registry map[string]func() // never assigned anywhere in the package

var handlers map[string]int // assigned in init below

var ready = map[string]bool{}

func init() {
	handlers = make(map[string]int)
}

func Register(name string, fn func()) {
	registry[name] = fn // want "GP011 write to nil map 'registry' \\(a package-level map that nothing in the package initialises\\)"
	handlers[name] = 1  // ok: init assigns it
	ready[name] = true  // ok: initialised at declaration
}
