package plugins

// Tally counts starts by plugin name.
type Tally map[string]int

// starts is a package-level Tally that nothing makes.
var starts Tally
