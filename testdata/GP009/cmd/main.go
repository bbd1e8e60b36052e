package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"flag"
	"fmt"
	stdlog "log"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
	"k8s.io/klog/v2"
)

var mu sync.Mutex

func main() {
	if len(os.Args) < 2 {
		os.Exit(2) // ok: no defer before it
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if err := report(out); err != nil {
		stdlog.Fatalf("report: %v", err) // want "GP009 stdlog.Fatalf skips `defer out.Flush\\(\\)` \\(line 31\\)"
	}
	logrus.Fatal("done") // want "GP009 logrus.Fatal skips `defer out.Flush\\(\\)`"
}

func report(w *bufio.Writer) error {
	_, err := fmt.Fprintln(w, "report")
	return err
}

func readConfig(path string) {
	f, err := os.Open(path)
	if err != nil {
		stdlog.Fatal(err) // ok: before any defer
	}
	defer f.Close()
	if _, err := f.Stat(); err != nil {
		stdlog.Fatal(err) // ok: closing a file the process only read loses nothing
	}
}

func fetch(url string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		stdlog.Fatalf("request: %v", err) // ok: cancel only releases a timer
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		stdlog.Fatalf("get: %v", err) // ok: still only cancel
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		os.Exit(1) // ok: cancel and closing a response body are releases
	}
}

func locked(ready bool) {
	mu.Lock()
	defer mu.Unlock()
	if !ready {
		os.Exit(3) // ok: the lock dies with the process
	}
}

func serve() {
	logger, err := zap.NewProduction()
	if err != nil {
		stdlog.Fatal(err) // ok: before the defer
	}
	defer logger.Sync()
	if err := http.ListenAndServe(":8080", nil); err != nil {
		stdlog.Fatal(err) // want "GP009 stdlog.Fatal skips `defer logger.Sync\\(\\)`"
	}
}

func unpack() {
	tmp, err := os.MkdirTemp("", "unpack")
	if err != nil {
		stdlog.Fatal(err) // ok: no defer yet
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(tmp+"/x", nil, 0o600); err != nil {
		klog.Exitf("write: %v", err) // want "GP009 klog.Exitf skips `defer os.RemoveAll\\(tmp\\)`"
	}
}

func profile(verbose bool) {
	if verbose {
		w := bufio.NewWriter(os.Stderr)
		defer w.Flush()
		fmt.Fprintln(w, "verbose")
	} else {
		stdlog.Fatal("quiet mode is gone") // ok: the defer is in the other arm
	}
	os.Exit(1) // want "GP009 os.Exit skips `defer w.Flush\\(\\)`"
}

func cpuProfile() {
	switch flag.Arg(0) {
	case "cpu":
		f, _ := os.Create("cpu.pprof")
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	case "exit":
		os.Exit(0) // ok: the defer is in another case
	}
	os.Exit(1) // want "GP009 os.Exit skips `defer pprof.StopCPUProfile\\(\\)`"
}

func export(path string) {
	f, err := os.Create(path)
	if err != nil {
		stdlog.Fatal(err) // ok: no defer yet
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	defer zw.Close()
	if _, err := zw.Write([]byte("data")); err != nil {
		stdlog.Fatal(err) // want "GP009 stdlog.Fatal skips `defer zw.Close\\(\\)`"
	}
}

func writeAll(path string) {
	f, err := os.Create(path)
	if err != nil {
		stdlog.Fatal(err) // ok: no defer yet
	}
	w := bufio.NewWriter(f)
	defer func() {
		if err := w.Flush(); err != nil {
			stdlog.Print(err)
		}
		f.Close()
	}()
	if _, err := w.WriteString("x"); err != nil {
		stdlog.Fatal(err) // want "GP009 stdlog.Fatal skips the deferred function of line 143, which calls `w.Flush\\(\\)`"
	}
}

func guarded() {
	defer func() {
		if r := recover(); r != nil {
			stdlog.Printf("panic: %v\n%s", r, debug.Stack())
			os.Exit(2) // ok: no defer in the literal itself
		}
	}()
	os.Exit(1) // ok: the deferred literal only acts on a panic
}

func plumbing(ch chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(ch)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	defer stdlog.Println("plumbing done")
	os.Exit(1) // ok: every deferred call is a release or a log line
}

type store struct{ db *sql.DB }

func openStore() (*store, error) { return &store{}, nil }

func (s *store) Close() error { return s.db.Close() }

func migrate() {
	s, err := openStore()
	if err != nil {
		stdlog.Fatal(err) // ok: no defer yet
	}
	defer s.Close()
	tx, err := s.db.Begin()
	if err != nil {
		stdlog.Fatal(err) // want "GP009 stdlog.Fatal skips `defer s.Close\\(\\)`"
	}
	defer tx.Rollback()
	os.Exit(4) // want "GP009 os.Exit skips `defer s.Close\\(\\)`"
}

func cleanupLocal(path string) {
	cleanup := func() { os.Remove(path) }
	defer cleanup()
	os.Exit(1) // want "GP009 os.Exit skips `defer cleanup\\(\\)`"
}

func nested() {
	defer os.Remove("lock")
	go func() {
		os.Exit(3) // ok: a literal is its own function body; nested's defer does not count here
	}()
	func() {
		defer os.Remove("inner")
		klog.Exit("bye") // want "GP009 klog.Exit skips `defer os.Remove\\(\"inner\"\\)`"
	}()
}

func exitFirst() {
	os.Exit(1) // ok: the defer comes after
	defer os.Remove("never")
}

type fakeOS struct{}

func (fakeOS) Exit(int) {}

func shadowed() {
	defer os.Remove("x")
	os := fakeOS{}
	os.Exit(1) // ok: not the os package
}

func withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

func cancels(timeout time.Duration) {
	var (
		ctx, cancel = context.WithCancel(context.Background())
	)
	defer cancel()
	var cancelFn func()
	if timeout > 0 {
		ctx, cancelFn = context.WithTimeout(ctx, timeout)
	}
	defer cancelFn()
	tctx, stop := withTimeout(timeout)
	defer stop()
	if ctx.Err() != nil || tctx.Err() != nil {
		os.Exit(1) // ok: three cancel-like locals, through var, a later assignment and a helper
	}
}

func exitInDefer() {
	defer os.Exit(0) // ok: the deferred call is the exit itself
}

type config struct{ logger *zap.Logger }

func (c *config) GetLogger() *zap.Logger { return c.logger }

func runWith(cfg *config) {
	defer func() {
		logger := cfg.GetLogger()
		if logger != nil {
			logger.Sync()
		}
	}()
	if cfg.logger == nil {
		os.Exit(1) // want "GP009 os.Exit skips the deferred function of line \\d+, which calls `logger.Sync\\(\\)`"
	}
}

// testServer hands back what to release; the caller cannot see what it does.
func testServer() (string, func()) {
	s := &http.Server{Addr: "127.0.0.1:0"}
	go s.ListenAndServe()
	return s.Addr, s.Close
}

func probe(deadline func()) {
	url, closeServer := testServer()
	defer closeServer()
	defer deadline()
	if url == "" {
		stdlog.Fatal("no server") // ok: both deferred calls are function values from elsewhere: not known
	}
	release := closeServer
	defer release()
	srv := &http.Server{}
	stop := srv.Close
	defer stop()
	if url == "/" {
		stdlog.Fatal("root") // ok: an alias of what testServer returned, and Close on a net/http value: releases
	}
	shutdown := srv.Shutdown
	defer shutdown(context.Background())
	stdlog.Fatal("done") // want "GP009 stdlog.Fatal skips `defer shutdown\\(context.Background\\(\\)\\)`"
}
