module example.com/shop

go 1.21

require github.com/acme/telemetry v0.2.0
