package store

import (
	"fmt"
	stdlog "log"
	"os"
	"syscall"
)

type DB struct{}

func Open(path string) *DB {
	if path == "" {
		stdlog.Fatalf("no path") // want "GP002 stdlog.Fatalf in library package 'store'"
	}
	if path == "-" {
		os.Exit(2) // want "GP002 os.Exit in library package"
	}
	go func() {
		syscall.Exit(3) // want "GP002 syscall.Exit"
	}()
	fmt.Println("opened", path)
	stdlog.Println("not an exit") // ok: not an exit call
	return &DB{}
}

func (d *DB) Close() {
	defer func() {
		stdlog.Fatalln("closing") // want "GP002 stdlog.Fatalln"
	}()
}
