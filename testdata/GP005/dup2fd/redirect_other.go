//go:build !unix

package dup2fd

import "os"

func redirect(*os.File) error { return nil }
