//go:build !linux

package stamp

import "os"

func sysStamp(os.FileInfo) (ctime int64, dev, ino uint64) { return 0, 0, 0 }
