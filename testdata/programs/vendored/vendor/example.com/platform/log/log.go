// Package log is the parent module's logger, vendored into its tools module.
package log

import "fmt"

func Printf(format string, args ...any) { fmt.Printf(format, args...) }
