// Command mapwrites crashes with "fatal error: concurrent map writes".
package main

import (
	"time"

	"example.com/crashsvc/internal/cache"
)

func main() {
	c := cache.New()
	c.Warm([]string{"a", "b", "c", "d"})
	time.Sleep(30 * time.Second)
}
