package pkg

// A clean sibling of a broken file gets no note.
func clean() int { // ok: a clean sibling
	x := 1
	for i := 0; i < 3; i++ {
		x += i
	}
	return x
}

type T struct {
	a, b int
	c    map[string]int
}

func (t *T) Sum() int { return t.a + t.b }
