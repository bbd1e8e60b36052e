// Command deadlock waits for a result nobody sends.
package main

import "fmt"

func main() {
	results := make(chan int)
	fmt.Println(<-results)
}
