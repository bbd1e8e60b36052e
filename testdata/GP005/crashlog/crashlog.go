package crashlog

import (
	"os"
	goos "os"
	"os/exec"
)

type streams struct{ Stderr, Stdout *os.File }

func Redirect(f *os.File) {
	os.Stderr = f               // want "GP005 assigning os.Stderr does not redirect runtime panics"
	goos.Stderr = f             // want "GP005 assigning goos.Stderr .*file descriptor 2.*SetCrashOutput.*Dup2"
	os.Stdout = f               // ok: no crash output goes to stdout
	os.Stdout, os.Stderr = f, f // want "GP005 assigning os.Stderr does not"
}

func NotStd(f *os.File) {
	cmd := exec.Command("true")
	cmd.Stderr = f // ok: exec.Cmd field
	cmd.Stdout = f // ok: exec.Cmd field
	var s streams
	s.Stderr = f                        // ok: a struct field
	w := os.Stderr                      // ok: a read
	_, _ = os.Stderr.Write([]byte("x")) // ok: a write to it
	_ = w
}

func Shadowed(f *os.File) {
	os := streams{}
	os.Stderr = f // ok: shadowed os
	os.Stdout = f
}

// Quietly runs fn with stderr discarded, and puts it back.
func Quietly(fn func()) {
	old := os.Stderr
	null, err := os.Open(os.DevNull)
	if err != nil {
		return
	}
	os.Stderr = null // ok: a temporary capture, restored by the deferred literal
	defer func() {
		os.Stderr = old // ok: the restore
		null.Close()
	}()
	fn()
}

var savedStderr = os.Stderr

// Silence and the restore in the same function, through a package variable.
func Silence(w *os.File, fn func()) {
	os.Stderr = w // ok: restored below from savedStderr
	fn()
	os.Stderr = savedStderr // ok: the restore
}

// Capture keeps the old value but never puts it back.
func Capture(w *os.File) *os.File {
	old := os.Stderr
	os.Stderr = w // want "GP005 assigning os.Stderr"
	return old
}

var keep *os.File

// StartLog and StopLog swap in two different functions: the assignment in
// StartLog lasts until someone calls StopLog, crashes included.
func StartLog(w *os.File) {
	keep = os.Stderr
	os.Stderr = w // want "GP005 assigning os.Stderr"
}

func StopLog() {
	os.Stderr = keep // want "GP005 assigning os.Stderr"
}

// RestoreOther assigns back a variable that never held os.Stderr.
func RestoreOther(w, other *os.File) {
	prev := other
	os.Stderr = w    // want "GP005 assigning os.Stderr"
	os.Stderr = prev // want "GP005 assigning os.Stderr"
}
