package export

import (
	"os"

	"golang.org/x/sys/unix"
)

// framePipeBytes is the pipe size asked for the frames: 1 MiB, Linux's
// default limit for unprivileged processes (/proc/sys/fs/pipe-max-size).
const framePipeBytes = 1 << 20

// growPipe asks the kernel for a pipe buffer of n bytes; if it refuses,
// the pipe keeps its size, which only costs speed. (SyscallConn, not Fd:
// Fd would switch the pipe to blocking mode, and a blocked write could no
// longer be interrupted by closing the pipe on cancel.)
func growPipe(f *os.File, n int) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) {
		_, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, n)
	})
}
