package fanout

import (
	"crypto/sha256"
	"sync"
)

// A hashing service: one goroutine owns the digests map; for each batch it
// fans out workers that read it, and waits for them before it writes again.
type hasher struct {
	digests map[uint64][32]byte
	batches chan []job
	wg      sync.WaitGroup
}

type job struct {
	id   uint64
	data []byte
}

func NewHasher() *hasher {
	h := &hasher{digests: map[uint64][32]byte{}, batches: make(chan []job)}
	go h.run()
	return h
}

func (h *hasher) run() {
	for batch := range h.batches {
		if len(batch) == 1 {
			h.digests[batch[0].id] = sha256.Sum256(batch[0].data) // ok: the workers that read the map were waited for
			continue
		}
		h.wg.Add(len(batch))
		sums := make([][32]byte, len(batch))
		for i, j := range batch {
			go func(i int, j job) {
				defer h.wg.Done()
				prev := h.digests[j.id]
				sums[i] = sha256.Sum256(append(prev[:], j.data...))
			}(i, j)
		}
		h.wg.Wait()
		for i, j := range batch {
			h.digests[j.id] = sums[i] // ok: after Wait, no worker runs
		}
	}
}

// The same fan-out, but the owner writes while its workers still read.
type indexer struct {
	seen    map[string]int
	batches chan []string
	wg      sync.WaitGroup
}

func NewIndexer() *indexer {
	x := &indexer{seen: map[string]int{}, batches: make(chan []string)}
	go x.run()
	return x
}

func (x *indexer) run() {
	for batch := range x.batches {
		x.wg.Add(len(batch))
		for _, word := range batch {
			go func(word string) {
				defer x.wg.Done()
				_ = x.seen[word]
			}(word)
			x.seen[word]++ // want "GP003 write to shared map 'x.seen'.*in the goroutine started at hasher.go:\\d+; it is also accessed by the goroutine started at hasher.go:\\d+"
		}
		x.wg.Wait()
	}
}
