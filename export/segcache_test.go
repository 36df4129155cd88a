package export

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSegmentCacheClear: Clear removes the finished segments, says how many
// bytes that freed, and leaves a running export's temporary file alone.
func TestSegmentCacheClear(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenSegmentCache(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range map[string]int{"a": 100, "b": 250} {
		if err := os.WriteFile(c.Path(k), make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	running := filepath.Join(dir, ".x.slidereel-tmp-1.mp4")
	if err := os.WriteFile(running, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	freed, err := c.Clear()
	if err != nil || freed != 350 {
		t.Fatalf("Clear freed %d bytes (%v), want 350", freed, err)
	}
	if n, err := c.Size(); err != nil || n != 0 {
		t.Errorf("after Clear the cache holds %d bytes (%v)", n, err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("a running export's temporary file was removed: %v", err)
	}
	if freed, err := c.Clear(); err != nil || freed != 0 {
		t.Errorf("second Clear freed %d (%v), want 0", freed, err)
	}
}
