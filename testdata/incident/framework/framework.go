// Package framework is a small stand-in for a service framework that
// waits for SIGTERM and then runs its after-stop hooks.
package framework

import (
	"os"
	"os/signal"
	"syscall"
)

type Service struct {
	name  string
	after []func() error
}

func New(name string) *Service { return &Service{name: name} }

func (s *Service) AfterStop(fn func() error) { s.after = append(s.after, fn) }

func (s *Service) Run() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT) // want "GP001 signal.Notify for SIGINT, SIGTERM overlaps another handler in program example.com/shop/cmd/shop"
	<-ch
	for _, fn := range s.after {
		_ = fn()
	}
}
