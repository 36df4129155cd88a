package ffmpeg

import "syscall"

// sysProcAttr makes the kernel kill the child when its parent dies. (The
// signal is tied to the OS thread that started the child; Go keeps its
// threads for the life of the process unless a locked goroutine exits,
// which Slidereel's code never does around a Start.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
