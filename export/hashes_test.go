package export

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/stamp"
)

// laterClock makes every entry hashed from now on look old enough to be
// trusted (as it would be for photos taken before the export), restoring
// the clock when the test ends.
func laterClock(t *testing.T) {
	t.Helper()
	old := hashNow
	hashNow = func() time.Time { return time.Now().Add(time.Hour) }
	t.Cleanup(func() { hashNow = old })
}

// sumReads returns c.Sum(path) and how many files it read.
func sumReads(t *testing.T, c *ContentHashes, path string) ([]byte, int64) {
	t.Helper()
	before := contentReads.Load()
	sum, err := c.Sum(path)
	if err != nil {
		t.Fatal(err)
	}
	return sum, contentReads.Load() - before
}

// A new ContentHashes (a new process) reuses the hashes an earlier one
// saved, reading no file, and reads again exactly the file that changed,
// however it changed.
func TestContentHashesPersist(t *testing.T) {
	laterClock(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "cache", "contenthashes.json")
	a, b := filepath.Join(dir, "a.jpg"), filepath.Join(dir, "b.jpg")
	writePhoto(t, a, 64, 48, 1)
	writePhoto(t, b, 64, 48, 2)
	first := newContentHashesAt(store)
	sa, _ := sumReads(t, first, a)
	sb, _ := sumReads(t, first, b)
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	next := newContentHashesAt(store)
	for _, c := range []struct {
		path string
		want []byte
	}{{a, sa}, {b, sb}} {
		got, reads := sumReads(t, next, c.path)
		if reads != 0 || !bytes.Equal(got, c.want) {
			t.Errorf("%s in a new process: %d reads, same sum %v; want 0 reads, the same sum", filepath.Base(c.path), reads, bytes.Equal(got, c.want))
		}
	}

	old := time.Unix(1e9, 0)
	for _, c := range []struct {
		name   string
		change func(path string)
	}{
		{"content and size", func(path string) { writePhoto(t, path, 80, 48, 3) }},
		{"content, same size, modification time put back", func(path string) {
			linuxOnly(t)
			os.Chtimes(path, old, old)
			saveAndReload(t, store, path)
			waitTick(t, path)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte{^b[len(b)/2]}, int64(len(b)/2))
			f.Close()
			os.Chtimes(path, old, old)
		}},
		{"replaced by another file of the same size and time", func(path string) {
			linuxOnly(t)
			other := path + ".new"
			writePhoto(t, other, 64, 48, 5)
			os.Chtimes(other, old, old)
			os.Chtimes(path, old, old)
			saveAndReload(t, store, path)
			if err := os.Rename(other, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"modification time only", func(path string) {
			os.Chtimes(path, time.Unix(2e9, 0), time.Unix(2e9, 0))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "c.jpg")
			writePhoto(t, path, 64, 48, 6)
			before := saveAndReload(t, store, path)
			c.change(path)
			want, err := hashFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, reads := sumReads(t, newContentHashesAt(store), path)
			if reads != 1 || !bytes.Equal(got, want) {
				t.Errorf("after the change: %d reads, sum right %v; want 1 read and the new sum", reads, bytes.Equal(got, want))
			}
			if c.name == "modification time only" && !bytes.Equal(got, before) {
				t.Error("the same content hashed to another sum")
			}
		})
	}
}

// saveAndReload hashes path in a ContentHashes on store, saves it, and
// checks that a new one on the store reuses the entry; it returns the sum.
func saveAndReload(t *testing.T, store, path string) []byte {
	t.Helper()
	c := newContentHashesAt(store)
	sum, _ := sumReads(t, c, path)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, reads := sumReads(t, newContentHashesAt(store), path); reads != 0 {
		t.Fatalf("the saved entry of %s was not reused", filepath.Base(path))
	}
	return sum
}

// A file written less than stamp.Window before it was hashed is hashed
// again each time: a rewrite within the same clock tick, to the same size,
// would keep its stamp.
func TestContentHashesRacyFileReadAgain(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "contenthashes.json")
	path := filepath.Join(dir, "p.jpg")
	writePhoto(t, path, 64, 48, 1)
	c := newContentHashesAt(store)
	sumReads(t, c, path)
	if _, reads := sumReads(t, c, path); reads != 1 {
		t.Errorf("a file changed just before it was hashed was reused (%d reads)", reads)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, reads := sumReads(t, newContentHashesAt(store), path); reads != 1 {
		t.Errorf("a new process reused a racy entry (%d reads)", reads)
	}
}

// The store keeps at most maxContentHashes entries, the most recently
// used, and a damaged store is ignored.
func TestContentHashesBounded(t *testing.T) {
	laterClock(t)
	defer func(n int) { maxContentHashes = n }(maxContentHashes)
	maxContentHashes = 3
	dir := t.TempDir()
	store := filepath.Join(dir, "contenthashes.json")
	c := newContentHashesAt(store)
	var paths []string
	for i := range 5 {
		p := filepath.Join(dir, string(rune('a'+i))+".jpg")
		writePhoto(t, p, 64, 48, i+1)
		paths = append(paths, p)
		sumReads(t, c, p)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if n := len(readStore(store)); n > 3 {
		t.Errorf("the store holds %d entries, bound 3", n)
	}
	if n := len(c.m); n > 3 {
		t.Errorf("memory holds %d entries, bound 3", n)
	}
	if err := os.WriteFile(store, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := newContentHashesAt(store)
	want, _ := hashFile(paths[0])
	if got, reads := sumReads(t, d, paths[0]); reads != 1 || !bytes.Equal(got, want) {
		t.Errorf("with a damaged store: %d reads, right sum %v", reads, bytes.Equal(got, want))
	}
	if err := d.Save(); err != nil {
		t.Fatal(err)
	}
	if _, reads := sumReads(t, newContentHashesAt(store), paths[0]); reads != 0 {
		t.Error("the damaged store was not replaced")
	}
}

// waitTick waits until the file system's clock has moved on from path's
// last change (kernels stamp files with a coarse clock), so that a change
// made now gets another change time.
func waitTick(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	probe := path + ".tick"
	defer os.Remove(probe)
	for range 10000 {
		if err := os.WriteFile(probe, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		pt, err := os.Stat(probe)
		if err != nil {
			t.Fatal(err)
		}
		if stamp.Of(pt).Newest() > stamp.Of(st).Newest() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the file system's clock did not move")
}

// linuxOnly skips where stamps have no change time and inode.
func linuxOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux stamps carry the change time and the inode")
	}
}
