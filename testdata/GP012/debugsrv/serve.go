package debugsrv

import (
	"net/http"
	nethttp "net/http"
)

func Serve(addr string) {
	go http.ListenAndServe(":6060", nil)                                 // want "GP012 net/http/pprof is served on the default mux at ':6060'"
	go http.ListenAndServe("0.0.0.0:6060", http.DefaultServeMux)         // want "GP012 .*'0.0.0.0:6060'"
	go nethttp.ListenAndServeTLS("[::]:443", "cert.pem", "key.pem", nil) // want "GP012 .*'\\[::\\]:443'"
	go http.ListenAndServe(`10.0.0.5:6060`, nil)                         // want "GP012"
	go http.ListenAndServe("localhost:6060", nil)                        // ok: loopback
	go http.ListenAndServe("127.0.0.1:6060", nil)                        // ok: loopback
	go http.ListenAndServe("[::1]:6060", nil)                            // ok: loopback
	go http.ListenAndServe(addr, nil)                                    // ok: not a literal
	go http.ListenAndServe(":8080", http.NewServeMux())                  // ok: not the default mux
	mux := http.NewServeMux()
	go http.ListenAndServe(":8080", mux) // ok: own mux, pprof not on it
	srv := &http.Server{Addr: ":8080"}
	go srv.ListenAndServe() // want "GP012 .*':8080'"
	withMux := &http.Server{Addr: ":8081", Handler: mux}
	go withMux.ListenAndServe() // ok: its own mux
	var unknown *http.Server
	go unknown.ListenAndServe() // ok: a server made elsewhere: its handler is unknown
}
