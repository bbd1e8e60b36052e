// Package chain declares a named map type in one file and a type defined
// by it in another that never spells the keyword: a local of that second
// type is still a nil map.
package chain

// Counts is a map type.
type Counts map[string]int
