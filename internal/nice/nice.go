// Package nice runs work on OS threads at a lower scheduling priority, so
// background work (subject detection, the editor's sound analysis) takes
// the CPU the renderer and the UI leave and still all of an idle machine.
//
// A Pool's threads are started as jobs need them and never exit: a
// thread's nice value cannot be raised again without privilege, and a
// thread must outlive the ffmpeg children its jobs started, whose
// parent-death signal (Pdeathsig, see internal/ffmpeg) is tied to the
// thread that started them (a goroutine that ends locked to its thread
// makes the runtime discard the thread, which kills those children).
// Only the goroutine that runs a job is niced, not the goroutines the job
// starts. Per-thread nice values are Linux's; elsewhere Run calls the
// job on the caller's goroutine.
package nice

import "sync"

// Pool runs jobs on threads at one nice value.
type Pool struct {
	nice  int
	limit int // most threads; 0: as many as jobs in flight

	jobs    chan func() // unbuffered: a send succeeds only to an idle thread
	mu      sync.Mutex
	threads int
}

// NewPool returns a pool whose threads run at nice value n (0..19). With
// limit > 0 at most limit jobs run at once and the others wait for a
// thread; with limit 0 a job never waits behind another (a thread is
// started when none is idle), so the number of threads is the most jobs
// ever run at once.
func NewPool(n, limit int) *Pool {
	return &Pool{nice: n, limit: limit, jobs: make(chan func())}
}

// Nice is the pool's nice value.
func (p *Pool) Nice() int { return p.nice }

// Run runs fn on one of the pool's threads and waits for it. fn must not
// call Run of a bounded pool it runs on (it could wait for itself).
func (p *Pool) Run(fn func()) {
	if !supported {
		fn()
		return
	}
	done := make(chan struct{})
	job := func() {
		defer close(done)
		fn()
	}
	select {
	case p.jobs <- job:
	default:
		if p.grow() {
			go p.thread(job)
		} else {
			p.jobs <- job
		}
	}
	<-done
}

// grow counts a new thread if the limit allows one.
func (p *Pool) grow() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limit > 0 && p.threads >= p.limit {
		return false
	}
	p.threads++
	return true
}

// thread locks itself to an OS thread, lowers that thread's priority, runs
// first and then every job it is handed, forever.
func (p *Pool) thread(first func()) {
	lockNiced(p.nice)
	first()
	for job := range p.jobs {
		job()
	}
}
