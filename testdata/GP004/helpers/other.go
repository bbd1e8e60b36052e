package main

import "log"

// startReporter calls the helper from a file that never says `go`.
func startReporter(lines []string) {
	goAsync(func() { // want "GP004 goroutine has no deferred recover"
		log.Println(lines[0])
	})
	safeGo(func() { // ok: recovers
		log.Println(lines[0])
	})
}
