package crash

type fake struct{}

func (fake) Dup2(a, b int) error { return nil }

func shadowed(syscall fake) error {
	return syscall.Dup2(1, 2) // ok: a parameter named syscall
}
