package nilmap

func Annotate(keys []string) Labels {
	var out Labels
	for _, k := range keys {
		out[k] = "yes" // want "GP011 .*'out'"
	}
	return out
}

func Limit(user string) {
	var q quota
	q[user] = 10 // want "GP011 .*'q'"
}

func Tag(name string) {
	var t Tags
	t[name] = "x" // want "GP011 .*'t'"
}

func Positions(word string) {
	var idx Index[string]
	idx[word] = append(idx[word], 1) // want "GP011 .*'idx'"
}

func Fill(r Record, n Enum) {
	var rec Record
	rec.Fields = make(map[string]string)
	rec.Fields["n"] = "1" // ok: a field made just above, and not a local nil map
	var e Enum
	_ = e + n
	var l Labels = Labels{}
	l["x"] = "y" // ok: initialised at its declaration
	_ = r
}
