package main

// Run reports each job; an empty one stops the command.
func Run(jobs []string) {
	defer out.Flush()
	for _, j := range jobs {
		if j == "" {
			lg.Fatal(errEmpty) // want "GP009 lg.Fatal skips `defer out.Flush\\(\\)`"
		}
		out.WriteString(j + "\n")
	}
}
