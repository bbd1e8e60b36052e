// Command tool shows which deferred calls an exit makes no difference to.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/golang/glog"
	"go.uber.org/zap"
	"k8s.io/klog/v2"
)

func main() {
	flag.Parse()
	defer glog.Flush()
	if flag.NArg() == 0 {
		glog.Fatal("no arguments") // ok: glog.Fatal flushes the logs itself
	}
	defer protect()
	if flag.Arg(0) == "" {
		glog.Exitf("empty argument") // ok: glog.Exit flushes too; protect only acts on panics
	}
	os.Exit(run()) // want "GP009 os.Exit skips `defer glog.Flush\\(\\)` \\(line 16\\)"
}

func protect() {
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

func run() int {
	defer klog.Flush()
	logger, err := zap.NewProduction()
	if err != nil {
		klog.Exitf("logger: %v", err) // ok: klog.Exitf flushes klog's buffers
	}
	defer logger.Sync()
	if flag.NArg() > 1 {
		logger.Fatal("too many arguments") // want "GP009 logger.Fatal skips `defer klog.Flush\\(\\)`"
	}
	return 0
}

func serve(logger *zap.Logger) {
	defer logger.Sync()
	if len(os.Args) > 3 {
		logger.Fatal("too many arguments") // ok: a zap logger's Fatal syncs that logger
	}
}
