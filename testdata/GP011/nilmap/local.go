package nilmap

import "encoding/json"

type Set map[string]struct{}

func Local(ids []string) {
	var seen map[string]bool
	for _, id := range ids {
		seen[id] = true // want "GP011 write to nil map 'seen' \\(declared nil at line 8\\) panics"
	}
	var counts map[string]int
	counts["a"]++ // want "GP011 .*'counts'"
	counts["b"] += 2 // want "GP011"
	var set Set
	set["x"] = struct{}{} // want "GP011 .*'set'"
	var m map[string]int
	delete(m, "x") // ok: delete on a nil map is a no-op
	_ = m["read"]  // ok: reading a nil map is fine
}

func Initialised(data []byte) {
	var a map[string]int
	a = make(map[string]int)
	a["x"] = 1 // ok: assigned before
	var b map[string]int
	if len(data) > 0 {
		b = map[string]int{}
	}
	b["x"] = 1 // ok: assigned on some path before (conservative)
	var c map[string]int
	_ = json.Unmarshal(data, &c)
	c["x"] = 1 // ok: &c may fill it
	var d, e map[string]int
	d, e = map[string]int{}, map[string]int{}
	d["x"], e["y"] = 1, 2 // ok
	f := map[string]int{}
	f["x"] = 1 // ok: a literal
	var g = make(map[string]int)
	g["x"] = 1 // ok: initializer
	var h map[string]int
	h, err := load()
	h["x"] = 1 // ok: redeclared by :=
	_ = err
	var s []int
	s[0] = 1 // ok: a slice (index out of range maybe, not this rule)
}

func load() (map[string]int, error) { return map[string]int{}, nil }

func Closure() {
	var m map[string]int
	func() {
		m["x"] = 1 // ok: declared in another function (the enclosing one)
	}()
}

func Shadow() {
	var m map[string]int
	{
		m := map[string]int{}
		m["x"] = 1 // ok: the inner m is initialised
	}
	m["y"] = 1 // want "GP011 .*'m'"
}
