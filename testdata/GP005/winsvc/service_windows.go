// Package winsvc runs the daemon as a Windows service, with its panics in a
// file: the process's standard error handle is moved there.
package winsvc

import (
	"os"

	"golang.org/x/sys/windows"
)

var (
	kernel32     = windows.NewLazySystemDLL("kernel32.dll")
	setStdHandle = kernel32.NewProc("SetStdHandle")
)

func InitPanicFile(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	r, _, err := setStdHandle.Call(uintptr(windows.STD_ERROR_HANDLE), f.Fd())
	if r == 0 && err != nil {
		return err
	}
	os.Stderr = f // ok: the std error handle itself points at the file (SetStdHandle through NewProc)
	return nil
}
