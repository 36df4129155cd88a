//go:build unix

package export

import (
	"golang.org/x/sys/unix"
)

// diskFree returns the bytes available to an unprivileged user in dir.
func diskFree(dir string) (uint64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
