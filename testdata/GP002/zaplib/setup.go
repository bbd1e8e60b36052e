package zaplib

import (
	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
)

// New builds a client with its own loggers.
func New(l logrus.FieldLogger) *Client {
	lg, err := zap.NewProduction()
	if err != nil {
		l.Fatal(err) // want "GP002 l.Fatal in library package 'zaplib'"
	}
	if lg == nil {
		zap.L().Fatal("no logger") // want "GP002 zap.L\\(\\).Fatal in library"
	}
	sugar := lg.Sugar()
	if sugar == nil {
		zap.S().Fatalw("no sugar") // want "GP002 zap.S\\(\\).Fatalw in library"
	}
	logrus.WithField("client", "new").Fatal("x") // want "GP002 logrus.WithField\\(\"client\", \"new\"\\).Fatal in library"
	lg.Fatal("built")                            // want "GP002 lg.Fatal in library"
	var dyn interface{ Fatal(string) }
	if dyn != nil {
		dyn.Fatal("unknown type") // ok: an interface of unknown meaning is not a logger type
	}
	return &Client{log: lg, sugar: sugar}
}
