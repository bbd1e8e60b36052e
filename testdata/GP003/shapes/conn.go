package shapes

import (
	"net"
	"sync"
)

// Shape 7: a method launched per connection writes the connection's map
// while another goroutine of the same connection deletes from it.
type conn struct {
	nc   net.Conn
	tags map[string]int
	out  chan string
}

func newConn(nc net.Conn) *conn {
	c := &conn{nc: nc, tags: map[string]int{}, out: make(chan string)}
	c.tags["init"] = 0 // ok: before the launch, on a value this function made
	go c.readLoop()
	go c.writeLoop()
	return c
}

func (c *conn) readLoop() {
	buf := make([]byte, 512)
	for {
		n, err := c.nc.Read(buf)
		if err != nil {
			return
		}
		c.tags[string(buf[:n])] = n // want "GP003 write to shared map 'c.tags'.*in the goroutine started at conn.go:\\d+; it is also accessed by the goroutine started at conn.go:\\d+"
	}
}

func (c *conn) writeLoop() {
	for t := range c.out {
		delete(c.tags, t) // want "GP003 write to shared map 'c.tags'.*it is also accessed by the goroutine started at conn.go:\\d+"
	}
}

// The false positive v1 reported: a map only the goroutine that owns it
// touches after construction.
type poller struct {
	state  map[string]int
	events chan string
}

func newPoller() *poller {
	p := &poller{state: map[string]int{}, events: make(chan string)}
	go p.loop()
	return p
}

func (p *poller) loop() {
	for e := range p.events {
		p.state[e]++ // ok: every access of state is in the goroutine that owns it, started once per value
	}
}

// A value made on the goroutine is its own, also below a call.
type message struct {
	headers map[string]string
}

func (m *message) parse(line string) {
	m.headers[line] = line // ok: each request goroutine parses its own message
}

type server struct {
	mu    sync.Mutex
	state map[string]int
}

func (s *server) serve(l net.Listener) {
	for {
		nc, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			msg := &message{headers: map[string]string{}}
			msg.parse(nc.RemoteAddr().String())
			s.update(func(st map[string]int) {
				st["conns"]++ // ok: the closure runs where update decides, under its lock
			})
		}()
	}
}

func (s *server) update(f func(map[string]int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.state)
}

// A per-connection session made in the accept loop and handed to its
// goroutine as an argument is that goroutine's own; handed to two
// goroutines, they share it.
type session struct {
	streams map[int]string
}

func handleSession(s *session, nc net.Conn) {
	s.streams[len(s.streams)] = nc.RemoteAddr().String() // ok: each connection's own session, one goroutine
}

func acceptSessions(l net.Listener) {
	for {
		nc, err := l.Accept()
		if err != nil {
			return
		}
		s := &session{streams: map[int]string{}}
		go handleSession(s, nc)
	}
}

func pumpIn(s *session) {
	s.streams[0] = "in" // want "GP003 write to shared map 's.streams' \\(a field of 's', made by the launching function\\).*also accessed by the goroutine started at conn.go:\\d+"
}

func pumpOut(s *session) {
	delete(s.streams, 0) // want "GP003 write to shared map 's.streams'.*also accessed by the goroutine started at conn.go:\\d+"
}

func startPumps() {
	s := &session{streams: map[int]string{}}
	go pumpIn(s)
	go pumpOut(s)
}
