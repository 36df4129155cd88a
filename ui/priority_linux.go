package ui

import "runtime"

// raiseProcs gives the Go scheduler more Ps than cores. A niced thread
// that runs Go code holds a P even while the kernel runs other threads, so
// with GOMAXPROCS at the number of cores (2 here) two busy background jobs
// held every P and the UI thread, made runnable by an input event, waited
// for the runtime's 10 ms preemption on top of the kernel's scheduling.
// With spare Ps it runs as soon as the kernel lets it, which the nice
// values make soon.
func raiseProcs() {
	if n := 2*runtime.NumCPU() + 2; runtime.GOMAXPROCS(0) < n {
		runtime.GOMAXPROCS(n)
	}
}
