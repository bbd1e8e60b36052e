module github.com/DiagCo/agent

go 1.20
