// Package zaplib is a client library that logs through zap and logrus.
package zaplib

import (
	stdlog "log"

	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
)

// Client talks to the orders service.
type Client struct {
	log    *zap.Logger
	sugar  *zap.SugaredLogger
	entry  *logrus.Entry
	std    *stdlog.Logger
	quiet  quietLogger
	fields logrus.Fields
}

type quietLogger struct{}

func (quietLogger) Fatal(msg string) {}

var pkgLogger = logrus.WithField("component", "zaplib")
