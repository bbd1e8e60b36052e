// Package framework starts the diagnostics agent for its users: the
// agent's SIGTERM handler is two dependencies away from the program.
package framework

import "github.com/DiagCo/agent"

type App struct{ debug bool }

func New() *App { return &App{} }

// Start runs the app with the agent's shutdown cleanup on.
func (a *App) Start() error {
	return agent.Listen(agent.Options{ShutdownCleanup: true})
}

// Quiet runs the app with the agent, cleanup off.
func (a *App) Quiet() error {
	return agent.Listen(agent.Options{})
}
