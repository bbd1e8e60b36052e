package locals

import "sync"

func Loop(keys []string) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			m[k] = len(k) // want "GP003 .*'m' \\(captured from the launching function\\).*goroutines started in a loop share it"
		}(k)
	}
	wg.Wait()
	return m
}

func RangeLoop(keys []string) {
	var counts = map[string]int{}
	for range keys {
		go func() {
			counts["n"]++ // want "GP003 .*goroutines started in a loop share it"
		}()
	}
}

func WrittenAfter() {
	m := map[string]int{}
	go func() {
		m["a"] = 1 // want "GP003 .*the launching function writes it after the launch"
	}()
	m["b"] = 2
}

func WrittenAfterLocked() {
	var mu sync.Mutex
	m := map[string]int{}
	go func() {
		m["a"] = 1 // ok: launcher's later write is locked
	}()
	mu.Lock()
	m["b"] = 2
	mu.Unlock()
}

func SingleGoroutineThenWait() map[string]int {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		m["only writer"] = 1 // ok: one goroutine, launcher waits
		close(done)
	}()
	<-done
	return m
}

func PerIteration(keys []string) {
	for _, k := range keys {
		m := map[string]int{} // a new map each iteration
		go func() {
			m[k] = 1 // ok: a new map per iteration
		}()
	}
}

func CreatedInside() {
	for i := 0; i < 3; i++ {
		go func() {
			own := make(map[int]int)
			own[i] = i // ok: created inside
		}()
	}
}

func ParamOfLiteral(shared map[string]int) {
	for i := 0; i < 3; i++ {
		go func(m map[string]int) {
			m["x"] = i // ok: parameter of the literal
		}(shared)
	}
}

func ParamCaptured(shared map[string]int) {
	for i := 0; i < 3; i++ {
		go func() {
			shared["x"] = i // want "GP003 .*'shared' \\(captured from the launching function\\).*in a loop"
		}()
	}
}

func SliceInLoop() {
	s := make([]int, 10)
	arr := [3]int{}
	for i := 0; i < 3; i++ {
		go func() {
			s[i] = i // ok: a slice
			arr[i] = i // ok: an array
		}()
	}
}

func NotAGoroutine() {
	m := map[string]int{}
	for i := 0; i < 3; i++ {
		func() {
			m["x"] = i // ok: not a goroutine
		}()
	}
}

func worker(m map[string]int) {
	m["param of a started function"] = 1 // ok: parameter of a started function
}

func StartWorkers(m map[string]int) {
	for i := 0; i < 3; i++ {
		go worker(m)
	}
}
