package sup

import "os"

func Stop() {
	//lint:ignore GP002 // want "GP901 //lint:ignore needs a reason"
	os.Exit(1) // want "GP002 os.Exit"
	//lint:ignore GP002 a reason makes it valid // ok: well-formed
	os.Exit(2)
}

func More() {
	//lint:ignore GP002,GP004 both rules, one reason // ok: a list of codes
	os.Exit(3)
	//lint:ignore SA4006 not ours, not judged // ok: staticcheck's check
	os.Exit(4) // want "GP002"
}
