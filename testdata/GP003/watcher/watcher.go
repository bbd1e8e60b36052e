// Package watcher watches directories on a goroutine of its own, one per
// Watcher: the exported NewWatcher may be called again while an earlier
// watcher's goroutine runs.
package watcher

import "time"

type entry struct {
	names map[string]uint32 // made by the watcher's goroutine, for each directory
	seen  map[string]int    // made by Track, which any goroutine may call
}

type Watcher struct {
	input   chan string
	entries map[string]*entry
	shared  *entry
}

func NewWatcher() *Watcher {
	w := &Watcher{input: make(chan string), entries: map[string]*entry{}}
	go w.loop()
	return w
}

// Track gives the watcher an entry of the caller's.
func (w *Watcher) Track(e *entry) {
	e.seen = make(map[string]int)
	w.shared = e
}

func (w *Watcher) loop() {
	for path := range w.input {
		e := w.add(path)
		w.forget(e, path)
		if w.shared != nil {
			w.shared.seen[path]++ // want "GP003 write to shared map 'w.shared.seen' .*also accessed outside this goroutine"
		}
		time.Sleep(time.Millisecond)
	}
}

func (w *Watcher) add(path string) *entry {
	e := &entry{names: make(map[string]uint32)}
	w.entries[path] = e // ok: entries belongs to the value NewWatcher made for this goroutine alone
	return e
}

func (w *Watcher) forget(e *entry, name string) {
	delete(e.names, name) // ok: every names map is made by this goroutine (add): each watcher has its own
}
