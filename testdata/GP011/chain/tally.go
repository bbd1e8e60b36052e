package chain

// Tally is defined by Counts: the same underlying type.
type Tally Counts

// Ring is an array: writing an element of a zero value is fine.
type Ring [4]int
