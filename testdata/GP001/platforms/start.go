package term

// Start runs every watcher of this build: the linux one and the unix one
// together on linux, the windows one alone on windows.
func Start() {
	watch()
	watchLinux()
	watchWindows()
}
