//go:build !linux

package export

import "os"

// stampOf is st's stamp: its size and modification time.
func stampOf(st os.FileInfo) fileStamp {
	return fileStamp{Size: st.Size(), MTime: st.ModTime().UnixNano()}
}
