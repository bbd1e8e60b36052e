package chain

// Vote counts one vote in a fresh tally.
func Vote(who string) int {
	var t Tally
	t[who]++ // want "GP011 write to nil map 't' \\(declared nil at line 5\\)"
	var r Ring
	r[0] = 1 // ok: an array, not a map
	return len(t) + r[0]
}
