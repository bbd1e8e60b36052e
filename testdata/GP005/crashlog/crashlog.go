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
	cmd.Stderr = f
	cmd.Stdout = f
	var s streams
	s.Stderr = f
	w := os.Stderr
	_, _ = os.Stderr.Write([]byte("x"))
	_ = w
}

func Shadowed(f *os.File) {
	os := streams{}
	os.Stderr = f
	os.Stdout = f
}
