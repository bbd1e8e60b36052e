package main

import "log"

func handlePanic() {
	if r := recover(); r != nil {
		log.Print(r)
	}
}

func safeWorker() {
	defer handlePanic()
}
