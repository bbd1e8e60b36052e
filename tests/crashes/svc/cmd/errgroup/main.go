// Command errgroup crashes with a panic in an errgroup goroutine: errgroup
// does not recover, and the panic is not an error Wait can return.
package main

import (
	"fmt"

	"golang.org/x/sync/errgroup"
)

func main() {
	var g errgroup.Group
	shards := []int{1, 2, 0}
	totals := make([]int, len(shards))
	for i, n := range shards {
		i, n := i, n
		g.Go(func() error {
			totals[i] = 100 / n
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(totals)
	// serve on (a service does not end here): the goroutine that panicked
	// ran its deferred Done, which let Wait return, and it still has to
	// print its panic and end the process
	select {}
}
