// Package micro is a small service framework written for these tests: Run
// waits for SIGTERM, then runs the after-stop hooks.
package micro

import (
	"os"
	"os/signal"
	"syscall"
)

type Service struct {
	name  string
	after []func() error
}

func NewService(name string) *Service { return &Service{name: name} }

func (s *Service) AfterStop(fn func() error) { s.after = append(s.after, fn) }

func (s *Service) Run() error {
	return s.wait()
}

func (s *Service) wait() error {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM)
	<-ch
	for _, fn := range s.after {
		_ = fn()
	}
	return nil
}
