// Package debug turns on the profiler for the whole process.
package debug

import (
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
)

// Enabled is referenced so that the import is kept.
var Enabled = true
