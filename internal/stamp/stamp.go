// Package stamp tells that a file changed without reading it. The caches
// of Slidereel's that are keyed on a file (decoded sound, waveform peaks,
// beat tracks, photo content hashes, subjects, image sizes, the editor's
// thumbnails) key on its Stamp, so an edited, replaced or copied-over file
// is a new entry. (What must name the same content on every machine, such
// as the caption fonts' part of a segment key, keeps to size and
// modification time: the change time and inode differ between machines.)
//
// A stamp can only be trusted once the file is older than the clock's
// resolution: a file written again within the same tick, to the same
// size, keeps its stamp. As git does with its index, a result computed
// from a file that changed less than Window before is Racy: a cache kept
// across runs does not store it (or checks it again), so a rewrite inside
// the tick is not served stale later.
package stamp

import (
	"os"
	"time"
)

// Stamp is what tells that a file changed: its size, modification and
// change time, device and inode. The change time cannot be set by programs
// (a copy that keeps the modification time still changes it), and a file
// replaced by another (saved by rename) has another inode. CTime, Dev and
// Ino are 0 where the system does not give them.
type Stamp struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime"`           // Unix ns
	CTime int64  `json:"ctime,omitempty"` // Unix ns
	Dev   uint64 `json:"dev,omitempty"`
	Ino   uint64 `json:"ino,omitempty"`
}

// Window is how long a file must have been unchanged for its stamp to be
// trusted: more than the coarsest timestamp resolution of common file
// systems (FAT's 2 s).
const Window = 3 * time.Second

// Of is the stamp of a file's FileInfo (from os.Stat).
func Of(st os.FileInfo) Stamp {
	s := Stamp{Size: st.Size(), MTime: st.ModTime().UnixNano()}
	s.CTime, s.Dev, s.Ino = sysStamp(st)
	return s
}

// Stat is the stamp of the file at path, with its FileInfo.
func Stat(path string) (Stamp, os.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Stamp{}, nil, err
	}
	return Of(st), st, nil
}

// Newest is the latest of the stamp's times (Unix ns).
func (s Stamp) Newest() int64 { return max(s.MTime, s.CTime) }

// Racy reports whether the file changed less than Window before t, the
// moment a result was computed from it: another write within the same
// clock tick would not change the stamp.
func (s Stamp) Racy(t time.Time) bool { return s.Newest() >= t.UnixNano()-int64(Window) }
