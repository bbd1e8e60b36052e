package crashout

import (
	"os"
	"runtime/debug"
)

func Setup(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	os.Stderr = f // ok: debug.SetCrashOutput below sends crashes there too
	return debug.SetCrashOutput(f, debug.CrashOptions{})
}
