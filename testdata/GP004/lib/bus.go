// Package bus is an importable library: its goroutines matter only where
// they run the caller's code (callbacks, interface methods) or feed a
// channel handed back to the caller. Its own plumbing never matters.
package bus

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Event struct {
	Kind string
	Data []byte
}

type Listener interface {
	OnEvent(Event)
}

// Logger is the caller's logger.
type Logger interface {
	Printf(format string, args ...any)
}

type Bus struct {
	in        chan Event
	listeners []Listener
	onError   func(error)
	stats     map[string]int
	log       Logger
}

func New() *Bus {
	return &Bus{in: make(chan Event), stats: map[string]int{}}
}

// Subscribe runs the caller's callback on the bus's own goroutine.
func (b *Bus) Subscribe(ctx context.Context, fn func(Event)) {
	out := make(chan Event)
	go func() { // ok: a worker loop that only moves data
		for {
			select {
			case ev := <-b.in:
				out <- ev
			case <-ctx.Done():
				close(out)
				return
			}
		}
	}()
	go func() { // want "GP004 goroutine has no deferred recover and runs the caller's work \\(fn, code the caller supplied\\)"
		for ev := range out {
			fn(ev)
		}
	}()
}

// Start dispatches to the registered listeners.
func (b *Bus) Start() {
	go b.dispatch() // want "GP004 .*runs the caller's work \\(l.OnEvent, code the caller supplied\\)"
	go b.count()    // ok: the library's own bookkeeping: no caller code, a library's own bug
	go b.audit()    // ok: it logs through the caller's logger, which is no work of the caller's
}

func (b *Bus) audit() {
	for ev := range b.in {
		b.stats["audited"]++
		b.log.Printf("event %s", ev.Kind)
	}
}

func (b *Bus) dispatch() {
	for ev := range b.in {
		for _, l := range b.listeners {
			l.OnEvent(ev)
		}
	}
}

func (b *Bus) count() {
	for ev := range b.in {
		b.stats[ev.Kind]++
	}
}

// Report calls the error callback field.
func (b *Bus) Report(err error) {
	go func() { // want "GP004"
		b.onError(err)
	}()
	go b.onError(err) // ok: a function value: its body is not known
}

// Decode hands back a channel its goroutine feeds.
func Decode(raw [][]byte) <-chan Event {
	ch := make(chan Event)
	go func() { // want "GP004 .*\\(it feeds ch, which the launching function returns\\)"
		defer close(ch)
		for _, r := range raw {
			ch <- Event{Kind: string(r[:4]), Data: r[4:]}
		}
	}()
	return ch
}

// Copy feeds a channel it keeps to itself.
func (b *Bus) Copy(raw [][]byte) {
	ch := make(chan Event)
	go func() { // ok: the channel is not returned: the library's own work
		for _, r := range raw {
			ch <- Event{Kind: string(r[:4])}
		}
	}()
	b.in = ch
}

// Serve runs a caller's handler.
func Serve(h http.Handler, w http.ResponseWriter, r *http.Request) {
	go func() { // want "GP004"
		h.ServeHTTP(w, r)
	}()
	go h.ServeHTTP(w, r) // ok: an interface method: its body is not known
}

// Watch stops when the caller's context ends: ctx.Done and ctx.Err are the
// standard library's code, not the caller's.
func (b *Bus) Watch(ctx context.Context) {
	go func() { // ok: context methods are no caller code, the rest is the bus's own
		<-ctx.Done()
		if ctx.Err() != nil {
			b.stats["stopped"]++
		}
	}()
}

// Fan runs each listener on a goroutine of its own, started by a dispatcher
// goroutine that only launches them.
func (b *Bus) Fan(ev Event) {
	go func() { // ok: the dispatcher launches, the listeners run in the goroutines below
		for _, l := range b.listeners {
			go func() { // want "GP004 goroutine has no deferred recover and runs the caller's work"
				l.OnEvent(ev)
			}()
		}
	}()
}

// Each runs fn for every event on an errgroup that its goroutine waits for.
func (b *Bus) Each(fn func(Event) error) {
	go func() { // ok: it only launches and waits: the caller's fn runs in the g.Go goroutines, reported there
		var g errgroup.Group
		for ev := range b.in {
			g.Go(func() error { return fn(ev) }) // want "GP004 .*\\(fn, code the caller supplied\\)"
		}
		_ = g.Wait()
	}()
}

// Load runs the caller's loader once, on a goroutine of its own: once.Do
// runs the literal before it returns.
func (b *Bus) Load(once *sync.Once, load func()) {
	go func() { // want "GP004 .*\\(load, code the caller supplied\\)"
		once.Do(func() { load() })
	}()
}

type closer struct {
	cancel func()
}

// CloseAfter counts the close once the caller's context ends, and cancels
// the bus's own context.
func (b *Bus) CloseAfter(ctx context.Context) {
	inner, cancel := context.WithCancel(ctx)
	c := &closer{cancel: cancel}
	go func() { // ok: c.cancel only ever holds the package's own context.CancelFunc: no work of the caller's
		<-inner.Done()
		b.stats["closed"]++
		c.cancel()
	}()
}

// stage is implemented by the package's own stages only: its method is
// unexported, so no importer's type can satisfy it.
type stage interface{ after(n int) }

type Stream struct {
	stages []stage
	n      int
}

func (s *Stream) finish() {
	for _, st := range s.stages {
		st.after(s.n)
	}
	s.n++
}

// NewStream finishes the stream when done is closed.
func NewStream(done chan struct{}) *Stream {
	s := &Stream{}
	go func() { // ok: stage.after is the package's own code (an unexported interface method)
		<-done
		s.finish()
	}()
	return s
}

// timeNow is a test seam: only this package (and its tests) set it.
var timeNow func() time.Time = time.Now

// Clock may be replaced by importers: whatever they put there runs.
var Clock func() time.Time = time.Now

type ticker struct {
	next   func() time.Duration // filled by the package only, with its own code
	onTick func(time.Time)      // filled by SetOnTick with the caller's function
	beats  map[string]int
}

func newTicker() *ticker {
	t := &ticker{beats: map[string]int{}}
	t.next = func() time.Duration { return time.Second }
	return t
}

// SetOnTick stores the caller's callback.
func (t *ticker) SetOnTick(fn func(time.Time)) { t.onTick = fn }

// Run starts the ticker's goroutines.
func (t *ticker) Run() {
	go func() { // ok: timeNow and t.next hold the package's own code
		for {
			time.Sleep(t.next())
			t.beats[timeNow().Format("15:04")]++
		}
	}()
	go func() { // want "GP004 .*runs the caller's work \\(t.onTick, code the caller supplied\\)"
		t.onTick(timeNow())
	}()
	go func() { // want "GP004 .*runs the caller's work \\(Clock, code the caller supplied\\)"
		t.beats[Clock().Format("15:04")]++
	}()
}

type relay struct {
	fwd func()
	n   int
}

func quietRelay() relay { return relay{fwd: func() {}} }

// Relay runs the caller's function, stored by an unkeyed literal.
func Relay(fn func()) {
	r := relay{fn, 0}
	q := quietRelay()
	go func() { // want "GP004 .*runs the caller's work \\(r.fwd, code the caller supplied\\)"
		r.fwd()
		q.fwd()
	}()
}

// sink is what pump writes to: the package's own files, or the caller's.
type sink interface{ Write(p []byte) (int, error) }

type spool struct{ data []byte }

func (s *spool) Write(p []byte) (int, error) { s.data = append(s.data, p...); return len(p), nil }

// pump writes on a goroutine of its own whatever it is given.
func pump(w sink, in <-chan []byte) {
	go func() { // ok: every call of pump passes the package's own spool
		for b := range in {
			w.Write(b)
		}
	}()
}

// Spool writes into a buffer of the package's own: pump runs only the
// package's code.
func Spool(in <-chan []byte) { pump(&spool{}, in) }

// watch stops a feed when its source is drained.
func watch(src <-chan []byte, stop func()) {
	for range src {
	}
	stop()
}

// Feed watches a source with a cancel function of its own.
func Feed(src <-chan []byte) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go watch(src, cancel) // ok: watch is only ever given the package's own cancel
	return ctx
}

// relayStop hands the caller's stop function to a goroutine.
func relayStop(src <-chan []byte, stop func()) {
	for range src {
	}
	stop()
}

// DrainThen runs the caller's stop function when src is drained.
func DrainThen(src <-chan []byte, stop func()) {
	go relayStop(src, stop) // want "GP004 .*runs the caller's work \\(stop, code the caller supplied\\)"
}

// forward hands the caller's writer down.
func forward(w sink, in <-chan []byte) {
	go func() { // want "GP004 .*runs the caller's work \\(w.Write, code the caller supplied\\)"
		for b := range in {
			w.Write(b)
		}
	}()
}

// Forward copies to the caller's writer.
func Forward(w sink, in <-chan []byte) { forward(w, in) }

// stateFn is a lexer's state: each returns the next one.
type stateFn func(*lexer) stateFn

type lexer struct {
	state stateFn
	items chan string
	input string
}

func lexText(l *lexer) stateFn {
	l.items <- l.input[:1]
	return nil
}

// Lex runs the package's own state machine on a goroutine.
func Lex(input string) <-chan string {
	l := &lexer{items: make(chan string), input: input}
	go l.run() // ok: l.state only ever holds the package's own states (close is no send)
	return l.items
}

func (l *lexer) run() {
	for l.state = lexText; l.state != nil; {
		l.state = l.state(l) // the package's own states, by induction: no caller's work
	}
	close(l.items)
}

// Options are the caller's.
type Options struct{ Sink sink }

type shipper struct {
	out  sink // filled by newShipper: the caller's sink or the package's spool
	logs []string
}

func newShipper(o *Options) *shipper {
	s := &shipper{}
	out := newSpool()
	if o.Sink != nil {
		out = o.Sink
	}
	s.out = out
	return s
}

// Ship writes the logs where the options say.
func Ship(o *Options, logs []string) {
	s := newShipper(o)
	s.logs = logs
	go s.flush() // want "GP004 .*runs the caller's work \\(s.out.Write, code the caller supplied\\)"
}

func (s *shipper) flush() {
	for _, l := range s.logs {
		s.out.Write([]byte(l))
	}
}

type spooler struct {
	dst  sink // only ever the package's own spool
	logs []string
}

// Spool2 writes the logs into a spool of the package's own.
func Spool2(logs []string) {
	s := &spooler{logs: logs}
	s.dst = newSpool()
	go s.flush() // ok: s.dst only ever holds the package's own spool
}

func newSpool() sink { return &spool{} }

func (s *spooler) flush() {
	for _, l := range s.logs {
		s.dst.Write([]byte(l))
	}
}

// converter renames entries; the package's own kinds implement it.
type converter interface{ Convert(name string) string }

type upper struct{}

func (upper) Convert(name string) string { return name + "!" }

// Format is plain data.
type Format int

func converterFor(f Format) converter {
	if f == 0 {
		return nil
	}
	return upper{}
}

func pick(c converter) converter { return c }

// appender is no importer's: nothing hands one out, so no importer can set
// its exported field.
type appender struct {
	Converter converter
	names     []string
}

func newAppender(names []string) *appender { return &appender{names: names} }

// Append converts names on a goroutine, with a converter chosen by a plain option.
func Append(names []string, f Format) {
	conv := converterFor(f)
	go func() { // ok: Converter only ever holds what converterFor returns for plain data
		a := newAppender(names)
		a.Converter = conv
		for _, n := range a.names {
			a.Converter.Convert(n)
		}
	}()
}

// AppendWith converts with whatever the caller passes.
func AppendWith(names []string, c converter) {
	conv := pick(c)
	go func() { // want "GP004 .*runs the caller's work \\(w.Renamer.Convert, code the caller supplied\\)"
		w := &renamer{}
		w.Renamer = conv
		for _, n := range names {
			w.Renamer.Convert(n)
		}
	}()
}

type renamer struct{ Renamer converter }

// Namer names a job.
type Namer interface{ Name() string }

// Job is the importer's: it may set Namer itself.
type Job struct{ Namer Namer }

type plainName struct{}

func (plainName) Name() string { return "plain" }

// Run names the job on a goroutine.
func (j *Job) Run(out chan<- string) {
	if j.Namer == nil {
		j.Namer = plainName{}
	}
	go func() { // want "GP004 .*runs the caller's work \\(j.Namer.Name, code the caller supplied\\)"
		out <- j.Namer.Name()
	}()
}

// member probes its peers on tickers of its own.
type member struct {
	probes int
	peers  map[string]int
}

func (m *member) probe()  { m.probes++ }
func (m *member) gossip() { m.peers["self"]++ }

// every runs f on each tick until stop: every call passes one of the
// member's own methods.
func (m *member) every(c <-chan time.Time, stop <-chan struct{}, f func()) {
	for {
		select {
		case <-c:
			f()
		case <-stop:
			return
		}
	}
}

// Start starts the member's loops.
func (m *member) Start(stop chan struct{}) {
	go m.every(time.Tick(time.Second), stop, m.probe)  // ok: a method value of the package's own
	go m.every(time.Tick(time.Minute), stop, m.gossip) // ok: the same
}

// scanLines hands each line to print.
func scanLines(lines <-chan string, print func(string)) {
	for l := range lines {
		print(l)
	}
}

type lineLog struct{ levels map[string]int }

func (g *lineLog) info(s string) { g.levels["info"]++ }
func (g *lineLog) warn(s string) { g.levels["warn"]++ }

// Writer logs lines at a level, with the log's own printers.
func (g *lineLog) Writer(lines <-chan string, warn bool) {
	var print func(string)
	if warn {
		print = g.warn
	} else {
		print = g.info
	}
	go scanLines(lines, print) // ok: print only ever holds the log's own methods
}

// Walk visits a tree of names on a goroutine; walk calls itself.
func Walk(root string, children map[string][]string, out chan<- string) {
	var walk func(string)
	walk = func(dir string) {
		out <- dir
		for _, c := range children[dir] {
			walk(c)
		}
	}
	go func() { // ok: walk only ever holds this literal, which calls walk itself
		walk(root)
		close(out)
	}()
}

// RunBuild hands the caller's build function on inside a literal of its own.
func RunBuild(build func(string) error, refs <-chan string) {
	run := func(ref string) error { return runElsewhere(ref, build) }
	go drainWith(refs, run) // want "GP004 .*runs the caller's work \\(run, code the caller supplied\\)"
}

func runElsewhere(ref string, f func(string) error) error { return nil }

func drainWith(refs <-chan string, run func(string) error) {
	for r := range refs {
		_ = run(r)
	}
}

// Dialer dials an address.
type Dialer func(addr string) error

type manager struct {
	dialer Dialer
	addr   string
}

// NewManager keeps the caller's dialer and dials in the background.
func NewManager(d Dialer, addr string) *manager {
	m := &manager{dialer: d, addr: addr}
	go func() { // want "GP004 .*runs the caller's work \\(d, code the caller supplied\\)"
		_ = redial(m.dialer, m.addr)
	}()
	return m
}

// redial is only ever given the manager's dialer field: code, the caller's.
func redial(d Dialer, addr string) error { return d(addr) }

// Piped hands back a reader fed from src through a pipe of its own.
func Piped(src io.Reader) io.Reader {
	var pw io.WriteCloser
	var pr io.Reader
	pr, pw = io.Pipe()
	go func() { // ok: pw only ever holds the package's own pipe: closing it is no work of the caller's
		io.Copy(pw, src)
		pw.Close()
	}()
	return pr
}

// Options are the caller's settings.
type Options struct {
	Out io.Writer
}

// Relay writes what arrives to the caller's writer, through a local.
func Relay(opts Options, in <-chan []byte) {
	var w io.Writer = opts.Out
	go func() { // want "GP004 .*runs the caller's work \\(w.Write, code the caller supplied\\)"
		for b := range in {
			w.Write(b)
		}
	}()
}
