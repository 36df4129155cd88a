package export

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slidereel/slidereel/internal/stamp"
	"github.com/slidereel/slidereel/sound"
)

// ContentHashes remembers the SHA-256 of files by path and stamp (size,
// modification time and, on Linux, device, inode and change time), so a
// file is read again only when it changed on disk. It is kept in a small
// file in the cache folder (hashesFile), so the next process (the next
// render, a farm worker's next task) does not read a thousand photos
// again either.
//
// An entry hashed while its file was racy (changed less than stamp.Window
// before, see internal/stamp) is never reused: the file is hashed again
// until it has been quiet that long.
//
// It is safe for concurrent use and holds at most maxContentHashes
// entries, in memory and on disk (the least recently used go first).
type ContentHashes struct {
	mu     sync.Mutex
	file   string // the store on disk ("" for none)
	loaded bool
	dirty  bool
	m      map[string]contentHash
}

// contentHash is one file's entry, as stored.
type contentHash struct {
	Stamp stamp.Stamp `json:"stamp"`
	// Hashed is when the hash was taken (Unix ns, before the file was
	// read): the entry is reused only if the file had not changed for
	// stamp.Window by then.
	Hashed int64 `json:"hashed"`
	// Used is when it was last used (Unix s), for the bound.
	Used int64  `json:"used"`
	Sum  []byte `json:"sum"`
}

// maxContentHashes bounds the entries kept (a variable for the tests).
var maxContentHashes = 10000

// hashesFormat is the store's format version; another is ignored.
const hashesFormat = 1

// hashNow is the clock of the entries (a variable for the tests).
var hashNow = time.Now

// contentReads counts the files ContentHashes read (tests check reuse).
var contentReads atomic.Int64

// hashesFile returns the store's path: contenthashes.json in the cache
// folder (sound.CacheDir), "" if there is none.
func hashesFile() string {
	d, err := sound.CacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "contenthashes.json")
}

// NewContentHashes returns the ContentHashes kept in the cache folder
// (in memory only if there is no cache folder).
func NewContentHashes() *ContentHashes {
	return newContentHashesAt(hashesFile())
}

// newContentHashesAt returns a ContentHashes stored in file ("" for
// memory only).
func newContentHashesAt(file string) *ContentHashes {
	return &ContentHashes{file: file, m: map[string]contentHash{}}
}

// sharedHashes is the process's ContentHashes where the caller gives none.
var sharedHashes = sync.OnceValue(NewContentHashes)

// Sum returns the SHA-256 of the file at path, prefixed with its size.
func (c *ContentHashes) Sum(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("hashing %s: %w", path, err)
	}
	stp := stamp.Of(st)
	now := hashNow()
	c.mu.Lock()
	c.load()
	e, ok := c.m[path]
	if ok && e.Stamp == stp && !stp.Racy(time.Unix(0, e.Hashed)) {
		if now.Unix()-e.Used > 3600 {
			e.Used = now.Unix()
			c.m[path] = e
			c.dirty = true
		}
		c.mu.Unlock()
		return e.Sum, nil
	}
	c.mu.Unlock()
	sum, err := hashFile(path)
	if err != nil {
		return nil, err
	}
	// The stamp of the file as read: if it changed while being read, the
	// entry will not match it and the next Sum reads it again.
	c.mu.Lock()
	c.m[path] = contentHash{Stamp: stp, Hashed: now.UnixNano(), Used: now.Unix(), Sum: sum}
	c.dirty = true
	if len(c.m) > maxContentHashes {
		c.trim()
	}
	c.mu.Unlock()
	return sum, nil
}

// hashFile returns the size-prefixed SHA-256 of the file at path.
func hashFile(path string) ([]byte, error) {
	contentReads.Add(1)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hashing %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, fmt.Errorf("hashing %s: %w", path, err)
	}
	return h.Sum(fmt.Appendf(nil, "%d:", n)), nil
}

// trim keeps the maxContentHashes most recently used entries. c.mu is
// held.
func (c *ContentHashes) trim() {
	if len(c.m) <= maxContentHashes {
		return
	}
	paths := make([]string, 0, len(c.m))
	for p := range c.m {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return c.m[paths[i]].Used > c.m[paths[j]].Used })
	for _, p := range paths[maxContentHashes:] {
		delete(c.m, p)
	}
}

// storedHashes is the store's file.
type storedHashes struct {
	Format  int                    `json:"format"`
	Entries map[string]contentHash `json:"entries"`
}

// readStore returns the entries in file (none if it is missing, damaged
// or of another format: it is only a cache).
func readStore(file string) map[string]contentHash {
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var s storedHashes
	if json.Unmarshal(b, &s) != nil || s.Format != hashesFormat {
		return nil
	}
	return s.Entries
}

// load reads the store once. c.mu is held.
func (c *ContentHashes) load() {
	if c.loaded {
		return
	}
	c.loaded = true
	for p, e := range readStore(c.file) {
		if _, ok := c.m[p]; !ok && len(e.Sum) > 0 {
			c.m[p] = e
		}
	}
	c.trim()
}

// Save writes the entries hashed since the last Save to the store, merged
// with what other processes stored meanwhile (on the same path the more
// recently hashed entry wins). Writing is atomic (a temporary file
// renamed), so a reader never sees half a store.
func (c *ContentHashes) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty || c.file == "" {
		return nil
	}
	for p, e := range readStore(c.file) {
		if old, ok := c.m[p]; (!ok || e.Hashed > old.Hashed) && len(e.Sum) > 0 {
			c.m[p] = e
		}
	}
	c.trim()
	b, err := json.Marshal(storedHashes{Format: hashesFormat, Entries: c.m})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return fmt.Errorf("content hashes: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), ".contenthashes-*")
	if err != nil {
		return fmt.Errorf("content hashes: %w", err)
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("content hashes: %w", err)
	}
	c.dirty = false
	return nil
}
