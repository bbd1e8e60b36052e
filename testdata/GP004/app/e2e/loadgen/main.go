// Command loadgen drives the end-to-end tests: a test tool, not a service
// (its import path has an e2e segment).
package main

import "net/http"

func main() {
	for i := 0; i < 8; i++ {
		go func() { // ok: a test-support program (e2e)
			resp, err := http.Get("http://localhost:8080/healthz") // two calls: not plumbing
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	select {}
}
