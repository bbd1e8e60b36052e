package pkg

import "os"

func ok() { os.Exit(0) }

func broken( { // want "GP000 missing \\): tree-sitter could not parse"
}

func fine() int { return 1 } // ok: after the error, parsed again
