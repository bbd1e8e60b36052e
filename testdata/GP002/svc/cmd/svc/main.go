// Command svc serves orders and consumes the order queue.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"example.com/svc/internal/app"
	"go.uber.org/zap"
	"golang.org/x/sync/errgroup"
)

type server struct {
	logger *zap.Logger
	queue  chan string
}

func main() {
	lg, err := zap.NewProduction()
	if err != nil {
		log.Fatalf("logger: %v", err) // ok: written in main() itself
	}
	s := &server{logger: lg, queue: make(chan string)}
	go s.consume() // the goroutine reaching ack's Fatal

	go func() {
		if err := http.ListenAndServe(":8080", nil); err != nil {
			os.Exit(1) // ok: a literal written inside main() itself is main's own decision
		}
	}()

	http.HandleFunc("/orders", s.handleOrders)
	http.Handle("/health", s)
	mux := http.NewServeMux()
	mux.HandleFunc("/admin", handleAdmin)

	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error {
		return s.flush(ctx)
	})
	startWatchdog()
	if err := app.Run(); err != nil {
		os.Exit(2) // ok: main() itself
	}
	shutdown() // on main's own path
}

func (s *server) consume() {
	for msg := range s.queue {
		s.ack(msg)
	}
}

func (s *server) ack(msg string) {
	if msg == "" {
		s.logger.Fatal("empty message") // want "GP002 s.logger.Fatal reached from the goroutine started at main.go:27 "
	}
}

func (s *server) handleOrders(w http.ResponseWriter, r *http.Request) {
	if r.Method == "" {
		log.Fatal("no method") // want "GP002 log.Fatal reached from the HTTP handler registered at main.go:35"
	}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL == nil {
		os.Exit(3) // want "GP002 os.Exit reached from the HTTP handler server.ServeHTTP \\(main.go:"
	}
}

func handleAdmin(w http.ResponseWriter, r *http.Request) {
	audit(r)
}

func audit(r *http.Request) {
	if r.Header == nil {
		log.Fatalln("no headers") // want "GP002 log.Fatalln reached from the HTTP handler registered at main.go:38"
	}
}

func (s *server) flush(ctx context.Context) error {
	if ctx.Err() != nil {
		s.logger.Sugar().Fatalw("flush", "err", ctx.Err()) // want "GP002 .*Fatalw reached from the function passed to errgroup.Group.Go at main.go:41"
	}
	return nil
}

func startWatchdog() {
	time.AfterFunc(time.Minute, func() {
		log.Fatal("watchdog expired") // want "GP002 log.Fatal reached from the function passed to time.AfterFunc at main.go:93"
	})
}

func shutdown() {
	log.Fatal("stopping") // ok: called from main only, on no background path
}
