package nopprof

import "net/http"

func Serve() {
	go http.ListenAndServe(":8080", nil) // ok: no net/http/pprof in this package
}
