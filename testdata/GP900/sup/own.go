package sup

import "os"

func Drain() {
	//golint-panics:ignore GP002 drains then stops the process // ok: suppresses the next line
	os.Exit(5)
	//golint-panics:ignore GP004 nothing of GP004 here // want "GP900 unused suppression: nothing to suppress for GP004 here"
	os.Exit(6) //nolint:GP002 // ok: used
}
