package plugins

// Register adds a plugin under its name.
func Register(name string, start func() error) {
	registry[name] = start // want "GP011 write to nil map 'registry' \\(a package-level map that nothing in the package initialises\\)"
	loaded[name] = false   // ok: init makes it
}

// Start runs a plugin and counts it.
func Start(name string) error {
	starts[name]++ // want "GP011 write to nil map 'starts' \\(a package-level map"
	return registry[name]()
}

// Started tells whether a plugin ran.
func Started(name string) bool {
	return loaded[name]
}
