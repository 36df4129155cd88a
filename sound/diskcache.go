package sound

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// On-disk caches live under os.UserCacheDir()/slidereel/<kind> (on Linux
// $XDG_CACHE_HOME/slidereel or ~/.cache/slidereel): "pcm" holds decoded
// sound files as raw float32 stereo at SampleRate, "peaks" the waveform
// summaries. A file's name is a hash of its source's path and stamp (size,
// modification and change time, device, inode: internal/stamp), so an
// edited or replaced source gets a new entry and the old one ages out; a
// source that changed under stamp.Window before its decode is not kept. Each kind is bounded in bytes: after a write the least recently
// used entries (by modification time, touched on every use) are removed.
// Deleting the folder is always safe.

// Disk budgets of the caches.
const (
	pcmCacheBytes  = 4 << 30  // about 3 hours of decoded sound
	peakCacheBytes = 64 << 20 // thousands of summaries
)

// CacheDir returns the folder of the on-disk caches (PCM and waveform
// summaries), whether it exists yet or not: $SLIDEREEL_CACHE_DIR when set,
// else os.UserCacheDir()/slidereel. In a test binary without
// SLIDEREEL_CACHE_DIR it is a folder under os.TempDir(), so tests never
// write to the user's cache.
func CacheDir() (string, error) {
	if d := os.Getenv("SLIDEREEL_CACHE_DIR"); d != "" {
		return d, nil
	}
	if testing.Testing() {
		return filepath.Join(os.TempDir(), "slidereel-test-cache"), nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("sound: no cache folder: %w", err)
	}
	return filepath.Join(base, "slidereel"), nil
}

// cacheClock is the clock the disk caches judge a file's stamp by (see
// internal/stamp: a file that changed less than stamp.Window before it was
// decoded is not kept); a variable for the tests.
var cacheClock = time.Now

// cachePath returns the cache file of key in kind's folder, creating the
// folder.
func cachePath(kind string, key fileKey, ext string) (string, error) {
	root, err := CacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, kind)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("sound: cache folder: %w", err)
	}
	st := key.Stamp
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%d\x00%d\x00%d", key.path, st.Size, st.MTime, st.CTime, st.Dev, st.Ino))
	return filepath.Join(dir, hex.EncodeToString(h[:16])+ext), nil
}

// touch marks a cache file as just used.
func touch(path string) {
	now := time.Now()
	_ = os.Chtimes(path, now, now)
}

var pruneMu sync.Mutex

// pruneCache removes the least recently used files of dir until the rest
// fit in limit bytes. Files named in keep (in use) are never removed.
func pruneCache(dir string, limit int64, keep ...string) {
	pruneMu.Lock()
	defer pruneMu.Unlock()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type item struct {
		path string
		size int64
		mod  time.Time
	}
	var items []item
	var total int64
	for _, e := range ents {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		items = append(items, item{filepath.Join(dir, e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	sort.Slice(items, func(a, b int) bool { return items[a].mod.Before(items[b].mod) })
	for _, it := range items {
		if total <= limit {
			return
		}
		if contains(keep, it.path) {
			continue
		}
		if os.Remove(it.path) == nil {
			total -= it.size
		}
	}
}

func contains(list []string, s string) bool {
	return slices.Contains(list, s)
}
