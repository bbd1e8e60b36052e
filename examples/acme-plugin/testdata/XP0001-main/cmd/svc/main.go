// Command svc may exit: main is the program.
package main

import log "example.com/acme/acmelog"

func main() {
	if len(log.Args()) == 0 {
		log.Die("usage: svc FILE") // ok: package main decides how its process ends
	}
}
