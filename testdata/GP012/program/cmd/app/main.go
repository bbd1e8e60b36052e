package main

import (
	"flag"
	"log"
	"net/http"

	"example.com/shop/internal/debug"
)

var metricsAddr string

func main() {
	debugAddr := flag.String("debug-addr", ":6060", "pprof listen address")
	quietAddr := flag.String("quiet-addr", "", "off unless set")
	localAddr := flag.String("local-addr", "localhost:6061", "pprof on loopback")
	flag.StringVar(&metricsAddr, "metrics-addr", "0.0.0.0:9090", "metrics")
	flag.Parse()
	_ = debug.Enabled

	go http.ListenAndServe(*debugAddr, nil)  // want "GP012 net/http/pprof is served on the default mux at ':6060'"
	go http.ListenAndServe(*quietAddr, nil)  // ok: an empty default means off
	go http.ListenAndServe(*localAddr, nil)  // ok: loopback default
	go http.ListenAndServe(metricsAddr, nil) // want "GP012 .*'0.0.0.0:9090'"

	admin := &http.Server{Addr: ":6062"}
	go admin.ListenAndServe() // want "GP012 .*':6062'"

	mux := http.NewServeMux()
	api := &http.Server{Addr: ":8080", Handler: mux}
	log.Fatal(api.ListenAndServe()) // ok: its own mux, not the default one with pprof
}
