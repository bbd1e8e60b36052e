package crashlog

import (
	"os"
	"testing"
)

func TestCapture(t *testing.T) {
	r, w, _ := os.Pipe()
	old := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = old }()
	_ = r
}
