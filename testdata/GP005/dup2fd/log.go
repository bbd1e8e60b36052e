// Package dup2fd sends its crash output to a file: Go code through
// os.Stderr, the runtime through descriptor 2.
package dup2fd

import "os"

func Open(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if err := redirect(f); err != nil {
		return err
	}
	os.Stderr = f // ok: the package also puts fd 2 there (redirect_unix.go)
	return nil
}
