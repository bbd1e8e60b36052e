package siblings

import "log"

func (p *Pool) work() { p.n++ }

func poll() { log.Print("poll") }

func (p *Pool) guarded() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	p.n--
}
