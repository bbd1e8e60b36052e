// Command nilmap writes to a nil map; its deferred handler recovers and
// panics again with more context, as request middleware often does.
package main

import "fmt"

func main() {
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("request failed: %v", r))
		}
	}()
	var seen map[string]int
	seen["first"]++
}
