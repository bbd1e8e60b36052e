// Package shapes holds the seven shapes of real concurrent-map crashes that
// GP003 v2 follows beyond the literal body of a `go` statement, with the
// false-positive patterns it must stay quiet on beside them.
package shapes

import (
	"sync"
	"time"

	"github.com/gammazero/workerpool"
	"golang.org/x/sync/errgroup"
)

// Shape 1: the goroutine, started in a range loop, calls a method that calls
// another that writes the receiver's map two calls below the `go` statement.
type Report struct {
	issues map[string]int
	seen   map[string]bool
}

func (r *Report) record(sev string) {
	r.issues[sev]++ // want "GP003 write to shared map 'r.issues' \\(a field reached through receiver 'r'\\) without a lock in the goroutine started at scan.go:\\d+; it is started in a loop"
}

func (r *Report) check(file string) {
	if len(file) > 3 {
		r.record("high")
	}
}

func (r *Report) Scan(files []string) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func(f string) {
			defer wg.Done()
			r.check(f)
		}(f)
	}
	wg.Wait()
}

// Shape 2: a helper takes the map by pointer; several goroutines call it.
var totals = map[string]int{}

func add(stats *map[string]int, k string, v int) {
	(*stats)[k] += v // want "GP003 write to shared map '\\*stats' \\(a package-level variable, passed as 'stats'\\).*started in a loop"
}

func Collect(items []string) {
	for _, it := range items {
		go add(&totals, it, 1)
	}
}

func tally(stats *map[string]int, k string) {
	(*stats)[k]++ // want "GP003 write to shared map '\\*stats' \\(captured from the launching function, passed as 'stats'\\).*goroutines started in a loop share it"
}

func CountWords(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			tally(&counts, w)
		}(w)
	}
	wg.Wait()
	return counts
}

func countOwn(words []string) int {
	own := map[string]int{}
	tally2(&own, "x") // ok: no goroutine: the caller's own map
	return len(own)
}

func tally2(stats *map[string]int, k string) { (*stats)[k]++ }

// Shape 3: goroutines that are not `go` statements.
type Builder struct {
	digests map[string]string
	pool    *workerpool.WorkerPool
	outputs map[string][]byte
	mu      sync.Mutex
	done    map[string]bool
}

func (b *Builder) BuildAll(targets []string) error {
	var g errgroup.Group
	for _, t := range targets {
		t := t
		g.Go(func() error {
			b.digests[t] = "sha256:" + t // want "GP003 write to shared map 'b.digests'.*in the function passed to errgroup.Group.Go at scan.go:\\d+; it is started in a loop"
			return nil
		})
	}
	return g.Wait()
}

func (b *Builder) Publish(targets []string) {
	for _, t := range targets {
		t := t
		b.pool.Submit(func() {
			b.outputs[t] = []byte(t) // want "GP003 write to shared map 'b.outputs'.*workerpool.WorkerPool.Submit"
		})
	}
	b.pool.StopWait()
}

// spawn is the pipeline's own goroutine helper: a root for each call.
func spawn(wg *sync.WaitGroup, step func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		step()
	}()
}

func (b *Builder) markDone(t string) {
	b.done[t] = true // want "GP003 write to shared map 'b.done'.*in the function passed to spawn at scan.go:\\d+; it is started in a loop"
}

func (b *Builder) Pipeline(targets []string) {
	var wg sync.WaitGroup
	for _, t := range targets {
		t := t
		spawn(&wg, func() { b.markDone(t) })
	}
	wg.Wait()
}

func (b *Builder) markLocked(t string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done[t] = true // ok: the exclusive lock is held
}

func (b *Builder) PipelineLocked(targets []string) {
	var wg sync.WaitGroup
	for _, t := range targets {
		t := t
		spawn(&wg, func() { b.markLocked(t) })
	}
	wg.Wait()
}

// A one-slot channel semaphore used as the lock.
var results = map[string]time.Duration{}

func Measure(names []string) {
	sem := make(chan struct{}, 1)
	sem <- struct{}{}
	for _, n := range names {
		go func(n string) {
			<-sem
			defer func() { sem <- struct{}{} }()
			results[n] = time.Since(time.Now()) // ok: the semaphore excludes the other goroutines
		}(n)
	}
}

// A struct value of the launching function, captured: shared as its local is.
type FetchOptions struct {
	headers map[string]string
}

func Fetch(url string, opts FetchOptions) <-chan string {
	out := make(chan string, 1)
	go func() {
		opts.headers["Range"] = "bytes=0-" // ok: this call's own copy, written by one goroutine
		out <- url
	}()
	return out
}

func FetchAll(urls []string, opts FetchOptions) {
	for _, u := range urls {
		go func(u string) {
			opts.headers["X-Url"] = u // want "GP003 write to shared map 'opts.headers' \\(a field of 'opts', a value of the launching function\\).*goroutines started in a loop share it"
		}(u)
	}
}
