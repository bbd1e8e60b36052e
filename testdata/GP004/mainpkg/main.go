// package main is not exempt: a panic in a goroutine ends the program.
package main

import "time"

func main() {
	go tick() // want "GP004"
	time.Sleep(time.Second)
}

func tick() {}
