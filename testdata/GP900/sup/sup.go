package sup

import (
	"fmt"
	"os"
)

func Used() {
	os.Exit(1) //nolint:GP002 // ok: suppresses the finding on this line
	//nolint:golint-panics // ok: suppresses the next line
	os.Exit(2)
	//lint:ignore GP002 the shutdown path really must exit here
	os.Exit(3)             // ok: suppressed by lint:ignore above
	go func() { hook() }() //nolint:goroutine-without-recover // ok: by rule name
}

func Unused() {
	fmt.Println("nothing here") //nolint:GP002 // want "GP900 unused suppression: nothing to suppress for GP002 here"
	//lint:ignore GP004 no goroutine below any more // want "GP900 .*GP004"
	fmt.Println("still nothing")
	fmt.Println("x") //nolint:golint-panics // want "GP900 .*golint-panics"
	fmt.Println("y") //nolint // ok: bare nolint may be for another linter
	fmt.Println("z") //nolint:errcheck // ok: another linter's directive
	fmt.Println("w") //nolint:GP003 // ok: GP003 did not run, cannot be judged
	//lint:ignore SA1019 staticcheck's own check // ok: not ours
	fmt.Println("v")
}

func Both() {
	os.Stderr = nil //nolint:GP005,GP002 // ok: GP005 was suppressed, so the directive is used
}
