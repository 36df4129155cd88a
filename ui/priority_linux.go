package ui

import (
	"runtime"
	"syscall"
)

// backgroundNice is the nice value the editor's background analyses (the
// music's beats and length, the mix and its loudness pass) run at. Measured with
// bench/editor_session.sh on the 1000-slide, 60-minute project, that work
// is about 30 s of CPU after the project opens, while the UI thread needs
// a few ms per input; at equal priority every click and wheel notch waited
// behind it for the CPU (handlers of 1-5 ms answered on screen after
// 100-900 ms). At nice 10 the scheduler gives the UI thread and the preview
// worker the CPU first, and the background work still gets all of an idle
// machine.
const backgroundNice = 10

// bgJobs hands a job to an idle niced thread (unbuffered: a send succeeds
// only when one is waiting).
var bgJobs = make(chan func())

// lowPriority runs fn on an OS thread at backgroundNice and waits for it.
// A thread is started when none is idle, so jobs never queue behind each
// other (a thumbnail is not held back by a long decode); threads never
// exit, because a thread's nice value cannot be lowered back without
// privilege and the ffmpeg children a job starts die with the thread that
// started them (Pdeathsig, see internal/ffmpeg). Their number is the most
// jobs ever run at once: the editor's few sound goroutines. Only the goroutine that calls fn is niced, not the goroutines
// fn starts (the player's stream keeps its priority).
func lowPriority(fn func()) {
	done := make(chan struct{})
	job := func() {
		defer close(done)
		fn()
	}
	select {
	case bgJobs <- job:
	default:
		go bgThread(job)
	}
	<-done
}

func bgThread(first func()) {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), backgroundNice)
	first()
	for job := range bgJobs {
		job()
	}
}

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
