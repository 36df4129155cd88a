package preview

import (
	"runtime"
	"sync"
	"syscall"
)

// detectNice is the nice value subject detection runs at: the scheduler
// then gives it the CPU the renderer and the UI leave, so opening a
// project or playing it is not slowed by the detections it starts, and a
// detection something waits for (the export, Frame the Subject) still runs
// at full speed on an idle machine.
const detectNice = 15

// niceThreads is how many OS threads run at detectNice. They are started
// on first use and live as long as the process: a thread's nice value
// cannot be raised again without privilege, and a thread must never exit
// under a running ffmpeg, whose parent-death signal (Pdeathsig, see
// internal/ffmpeg) is tied to the thread that started it. A goroutine
// that ends locked to its thread makes the runtime discard that thread,
// which then kills every child it had started: so none of these ends.
var niceThreads = min(max(runtime.NumCPU(), 1), 4)

var (
	niceOnce sync.Once
	niceJobs chan func()
)

// lowPriority runs fn on one of the niced threads and waits for it. fn
// must not call lowPriority itself.
func lowPriority(fn func()) {
	niceOnce.Do(func() {
		niceJobs = make(chan func())
		for range niceThreads {
			go niceThread()
		}
	})
	done := make(chan struct{})
	niceJobs <- func() {
		defer close(done)
		fn()
	}
	<-done
}

// niceThread locks itself to an OS thread, lowers that thread's priority
// and runs jobs on it forever.
func niceThread() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), detectNice)
	for job := range niceJobs {
		job()
	}
}
