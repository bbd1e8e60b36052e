package loggers

import (
	"github.com/golang/glog"
	log "github.com/sirupsen/logrus"
	klogv1 "k8s.io/klog"
	"k8s.io/klog/v2"
)

func Fail(err error) {
	log.Fatalf("failed: %v", err)                                        // want "GP002 log.Fatalf in library package 'loggers'"
	klog.ExitDepth(1, "bye")                                             // want "GP002 klog.ExitDepth"
	klogv1.Fatal("bye")                                                  // want "GP002 klogv1.Fatal"
	glog.Exitf("bye %d", 1)                                              // want "GP002 glog.Exitf"
	log.Errorf("not fatal: %v", err)                                     // ok: not fatal
	klog.Errorf("not fatal")                                             // ok: not fatal
	glog.Warning("not fatal")                                            // ok: not fatal
	log.WithError(err).Fatal("v2: a method of a logrus.Entry exits too") // want "GP002 log.WithError\\(err\\).Fatal in library"
}
