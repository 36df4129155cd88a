package stamp

import (
	"os"
	"syscall"
)

func sysStamp(st os.FileInfo) (ctime int64, dev, ino uint64) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return sys.Ctim.Sec*1e9 + sys.Ctim.Nsec, uint64(sys.Dev), sys.Ino
	}
	return 0, 0, 0
}
