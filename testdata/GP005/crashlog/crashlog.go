package crashlog

import (
	"os"
	goos "os"
	"os/exec"
)

type streams struct{ Stderr, Stdout *os.File }

func Redirect(f *os.File) {
	os.Stderr = f // want "GP005 assigning os.Stderr does not redirect runtime panics"
	goos.Stdout = f // want "GP005 assigning goos.Stdout .*file descriptor 2.*SetCrashOutput.*Dup2"
	os.Stdout, os.Stderr = f, f // want "GP005 assigning os.Stdout and os.Stderr"
}

func NotStd(f *os.File) {
	cmd := exec.Command("true")
	cmd.Stderr = f // ok: exec.Cmd field
	cmd.Stdout = f // ok: exec.Cmd field
	var s streams
	s.Stderr = f // ok: a struct field
	w := os.Stderr // ok: a read
	_, _ = os.Stderr.Write([]byte("x")) // ok: a write to it
	_ = w
}

func Shadowed(f *os.File) {
	os := streams{}
	os.Stderr = f // ok: shadowed os
	os.Stdout = f
}
