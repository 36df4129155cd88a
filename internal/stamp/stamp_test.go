package stamp

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// A rewrite that keeps the size and the modification time, and a file
// replaced by rename, still change the stamp (on Linux: the change time
// and the inode).
func TestStampSeesRewritesAndReplacements(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("change time and inode are read on Linux only")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "a.mp3")
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(path, "one")
	old := time.Unix(1700000000, 0)
	os.Chtimes(path, old, old)
	s1, _, err := Stat(path)
	if err != nil || s1.Size != 3 || s1.MTime != old.UnixNano() || s1.Ino == 0 {
		t.Fatalf("stamp %+v, %v", s1, err)
	}
	time.Sleep(20 * time.Millisecond) // past the file system's clock tick
	write(path, "two")
	os.Chtimes(path, old, old) // what a copy keeping the times does
	s2, _, _ := Stat(path)
	if s2 == s1 {
		t.Fatalf("a same-size rewrite with the old modification time kept the stamp %+v", s2)
	}
	other := filepath.Join(dir, "b.mp3")
	write(other, "two")
	os.Chtimes(other, old, old)
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	s3, _, _ := Stat(path)
	if s3.Ino == s2.Ino || s3 == s2 {
		t.Fatalf("a replacement by rename kept the stamp %+v", s3)
	}
}

func TestRacy(t *testing.T) {
	now := time.Unix(1800000000, 0)
	fresh := Stamp{MTime: now.Add(-time.Second).UnixNano()}
	quiet := Stamp{MTime: now.Add(-time.Minute).UnixNano(), CTime: now.Add(-10 * time.Second).UnixNano()}
	changed := Stamp{MTime: now.Add(-time.Minute).UnixNano(), CTime: now.Add(-time.Second).UnixNano()}
	if !fresh.Racy(now) || quiet.Racy(now) || !changed.Racy(now) {
		t.Fatalf("Racy: fresh %v, quiet %v, changed %v", fresh.Racy(now), quiet.Racy(now), changed.Racy(now))
	}
}
