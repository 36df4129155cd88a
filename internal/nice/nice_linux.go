package nice

import (
	"runtime"
	"syscall"
)

const supported = true

// lockNiced locks the goroutine to its OS thread and sets that thread's
// nice value to n.
func lockNiced(n int) {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), n)
}
