package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slidereel/slidereel/sound"
)

// DefaultCacheSize is the segment cache's default bound: 5 GiB, about ten
// hours of 1080p at the standard quality.
const DefaultCacheSize int64 = 5 << 30

// segExt is the extension of a finished segment file in the cache.
const segExt = ".mp4"

// SegmentCache keeps encoded segments in a folder, one file per key,
// bounded in total size with least-recently-used eviction (a file's
// modification time is its last use). Files appear by rename once
// complete, so a crashed export leaves either a whole segment or a
// temporary file that the next eviction removes; the folder can be deleted
// at any time. Several processes may share one folder (a render farm on
// shared storage): they only ever add whole files, touch and remove them.
type SegmentCache struct {
	dir string
	max int64
	mu  sync.Mutex
}

// DefaultCacheDir returns the segments folder of the cache folder the
// sound caches use (sound.CacheDir): $SLIDEREEL_CACHE_DIR/segments if set,
// else os.UserCacheDir()/slidereel/segments; in a test binary a temporary
// folder, so that no test writes into the real user cache.
func DefaultCacheDir() (string, error) {
	d, err := sound.CacheDir()
	if err != nil {
		return "", fmt.Errorf("segment cache: %w", err)
	}
	return filepath.Join(d, "segments"), nil
}

// OpenSegmentCache opens (creating it if needed) the cache in dir ("" for
// DefaultCacheDir) bounded to max bytes (<= 0 for DefaultCacheSize).
func OpenSegmentCache(dir string, max int64) (*SegmentCache, error) {
	if dir == "" {
		var err error
		if dir, err = DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	if max <= 0 {
		max = DefaultCacheSize
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("segment cache %s: %w", dir, err)
	}
	return &SegmentCache{dir: dir, max: max}, nil
}

// Dir returns the cache's folder.
func (c *SegmentCache) Dir() string { return c.dir }

// Path returns where the segment with key is (or will be) stored.
func (c *SegmentCache) Path(key string) string {
	return filepath.Join(c.dir, key+segExt)
}

// Lookup returns the path of the cached segment with key and marks it as
// just used, or ok == false if there is none.
func (c *SegmentCache) Lookup(key string) (path string, ok bool) {
	path = c.Path(key)
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return "", false
	}
	now := time.Now()
	_ = os.Chtimes(path, now, now)
	return path, true
}

// cacheFile is one file of the cache folder.
type cacheFile struct {
	path string
	size int64
	used time.Time
	temp bool
}

// Trim evicts the least recently used segments until the cache holds at
// most its bound, keeping the ones in keep (the export in progress), and
// removes temporary files left by exports killed more than staleTemp ago.
func (c *SegmentCache) Trim(keep map[string]bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	files, total, err := c.list()
	if err != nil {
		return err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
	var errs []error
	for _, f := range files {
		key := strings.TrimSuffix(filepath.Base(f.path), segExt)
		stale := f.temp && time.Since(f.used) > staleTemp
		if !stale && (f.temp || total <= c.max || keep[key]) {
			continue
		}
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		if !f.temp {
			total -= f.size
		}
	}
	return errors.Join(errs...)
}

// Clear removes every finished segment from the cache and returns the
// bytes it freed. Temporary files of exports in progress stay (the next
// Trim removes them once stale), so a segment being encoded still lands;
// an export of another process that is about to reuse a cleared segment
// fails its assembly and must be run again.
func (c *SegmentCache) Clear() (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	files, _, err := c.list()
	if err != nil {
		return 0, err
	}
	var freed int64
	var errs []error
	for _, f := range files {
		if f.temp {
			continue
		}
		if err := os.Remove(f.path); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		freed += f.size
	}
	return freed, errors.Join(errs...)
}

// Size returns the bytes the cache's finished segments take.
func (c *SegmentCache) Size() (int64, error) {
	files, _, err := c.list()
	var n int64
	for _, f := range files {
		if !f.temp {
			n += f.size
		}
	}
	return n, err
}

func (c *SegmentCache) list() ([]cacheFile, int64, error) {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, 0, fmt.Errorf("segment cache %s: %w", c.dir, err)
	}
	var files []cacheFile
	var total int64
	for _, e := range ents {
		// Finished segments end in segExt; temporary files (a segment
		// being encoded, a run's files and list) start with a dot.
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), segExt) && !strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		f := cacheFile{path: filepath.Join(c.dir, e.Name()), size: info.Size(), used: info.ModTime(), temp: strings.HasPrefix(e.Name(), ".")}
		files = append(files, f)
		if !f.temp {
			total += f.size
		}
	}
	return files, total, nil
}

// ParseSize reads a byte count such as "5G", "500M", "2GiB" or "1048576"
// (K, M, G and T are powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if n := len(t); n > 0 {
		if i := strings.IndexByte("KMGT", t[n-1]); i >= 0 {
			mult = int64(1) << (10 * (i + 1))
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("size %q: use a number of bytes with K, M, G or T, e.g. 5G", s)
	}
	return int64(v * float64(mult)), nil
}

// ReuseText says how many segments an export reused, e.g. "12 of 40
// segments reused", or "" for a one-pass export.
func (p Progress) ReuseText() string {
	if p.Segments == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d segments reused", p.Reused, p.Segments)
}
