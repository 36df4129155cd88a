//go:build linux

package export

import (
	"os"
	"syscall"
)

// stampOf is st's stamp: size, modification and change time, device and
// inode. The change time cannot be set by programs (a copy that keeps the
// modification time still changes it), and a file replaced by another
// (saved by rename) has another inode.
func stampOf(st os.FileInfo) fileStamp {
	s := fileStamp{Size: st.Size(), MTime: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.CTime = sys.Ctim.Sec*1e9 + sys.Ctim.Nsec
		s.Dev, s.Ino = uint64(sys.Dev), sys.Ino
	}
	return s
}
