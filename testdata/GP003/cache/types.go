package cache

import "sync"

// Declared in a sibling file of the goroutines that write it.
type Cache struct {
	mu     sync.RWMutex
	items  map[string]int
	order  []string
	counts [4]int
	synced sync.Map
	inner  *Inner
}

type Inner struct {
	byID map[int]string
}

type Set map[string]struct{}

var registry = map[string]int{}
var seen Set
var list []string
