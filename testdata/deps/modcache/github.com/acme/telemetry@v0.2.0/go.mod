module github.com/acme/telemetry

go 1.20
