package preview

import (
	"runtime"
	"syscall"
)

// detectNice is the nice value subject detection runs at: the scheduler
// then gives it the CPU the renderer and the UI leave, so opening a
// project or playing it is not slowed by the detections it starts, and a
// detection something waits for (the export, Frame the Subject) still runs
// at full speed on an idle machine.
const detectNice = 15

// lowPriority runs fn on an OS thread of its own at detectNice and waits
// for it. The thread is not handed back (the goroutine ends locked to it,
// so the runtime discards it): a thread's nice value cannot be lowered
// again without privilege.
func lowPriority(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), detectNice)
		fn()
	}()
	<-done
}
