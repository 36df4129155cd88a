package sound

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/project"
)

// song20 makes a 20 s MP3 (with lame's Info header, which declares its
// length) from a tone.
func song20(t *testing.T) string {
	t.Helper()
	needFFmpeg(t)
	src := writeWAV(t, "song.wav", wavSpec{rate: 44100, chans: 2, bits: 16, frames: 20 * 44100, sample: sine(440, 0.3, 44100)})
	return convert(t, src, filepath.Join(t.TempDir(), "song.mp3"), "-c:a", "libmp3lame", "-b:a", "128k")
}

func mixWarnings(t *testing.T, path string) []string {
	t.Helper()
	p := newTestProject(2, 5)
	p.Soundtrack.Music = []project.MediaRef{{Path: path}}
	m, _ := mustMix(t, p)
	return m.Warnings()
}

// A truncated MP3 (cut at 40% of its bytes) and one with garbage in the
// middle are reported, naming the file and how much could be read; a
// sound file is not.
func TestDamagedSound(t *testing.T) {
	good := song20(t)
	if w := mixWarnings(t, good); len(w) != 0 {
		t.Fatalf("a sound file: warnings %v", w)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cut := filepath.Join(dir, "song.mp3")
	os.WriteFile(cut, data[:len(data)*40/100], 0o644)
	w := mixWarnings(t, cut)
	if len(w) != 1 || !strings.HasPrefix(w[0], "song.mp3 is damaged: 8.") || !strings.Contains(w[0], "of its 20.0 s could be read") {
		t.Errorf("truncated: %q, want song.mp3 is damaged: 8.x s of its 20.0 s could be read", w)
	}
	// The warning survives the PCM cache (a second process reads it back).
	resetRegistry()
	if w2 := mixWarnings(t, cut); len(w2) != 1 || w2[0] != w[0] {
		t.Errorf("from the cache: %q, want %q", w2, w)
	}

	garbled := append([]byte(nil), data...)
	mid := len(garbled) / 2
	for i := mid; i < mid+20000 && i < len(garbled); i++ {
		garbled[i] = byte(i * 7919 >> 3)
	}
	bad := filepath.Join(t.TempDir(), "garbled.mp3")
	os.WriteFile(bad, garbled, 0o644)
	w = mixWarnings(t, bad)
	if len(w) != 1 || !strings.HasPrefix(w[0], "garbled.mp3 is damaged: ") || !strings.Contains(w[0], "of its 20.0 s could be read") {
		t.Errorf("garbage in the middle: %q", w)
	}
	t.Logf("garbled: %s", w)
}

func resetRegistry() {
	registry = lru.New[fileKey, *source](registrySize, nil)
}

// A file is decoded into the PCM cache once; a new process (empty
// registry) reads the cache; an edited file (new mtime) is decoded again;
// the cache folder is bounded.
func TestPCMCache(t *testing.T) {
	path := writeWAV(t, "m.wav", wavSpec{frames: SampleRate, sample: sine(330, 0.2, SampleRate)})
	before := sourceDecodes.Load()
	a, err := loadSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	resetRegistry()
	b, err := loadSource(t.Context(), path)
	if err != nil || b.frames() != a.frames() || sourceDecodes.Load()-before != 1 {
		t.Fatalf("second load: %v, %d decodes", err, sourceDecodes.Load()-before)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(path, later, later)
	if _, err := loadSource(t.Context(), path); err != nil || sourceDecodes.Load()-before != 2 {
		t.Fatalf("edited file: %v, %d decodes", err, sourceDecodes.Load()-before)
	}
	dir := filepath.Dir(mustCachePath(t, path))
	pruneCache(dir, 1)
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Errorf("prune to 1 byte left %d files", len(ents))
	}
	// A mix holding the source keeps reading it after the prune.
	buf := make([]float32, 200)
	var scratch []byte
	if err := b.read(buf, 100, &scratch); err != nil || buf[0] == 0 && buf[2] == 0 {
		t.Errorf("read after prune: %v %v", err, buf[:4])
	}
}

// A file decoded less than stamp.Window after it changed is not kept in
// the disk caches (a rewrite within the same clock tick would keep its
// stamp); the source decoded from it still reads.
func TestRacyFilesAreNotKept(t *testing.T) {
	old := cacheClock
	cacheClock = time.Now
	t.Cleanup(func() { cacheClock = old })
	path := writeWAV(t, "fresh.wav", wavSpec{frames: SampleRate, sample: sine(330, 0.2, SampleRate)})
	src, err := loadSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mustCachePath(t, path)); !os.IsNotExist(err) {
		t.Errorf("the PCM of a file written just now was kept on disk: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(mustCachePath(t, path)), ".racy-*")); len(left) > 0 {
		t.Errorf("its decode was left on disk: %v", left)
	}
	buf := make([]float32, 200)
	var scratch []byte
	if err := src.read(buf, 100, &scratch); err != nil || buf[0] == 0 && buf[2] == 0 {
		t.Errorf("read: %v %v", err, buf[:4])
	}
	if _, err := FileSummary(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	key, _ := statKey(path)
	if peaks, _ := cachePath("peaks", key, ".peaks"); fileExists(peaks) {
		t.Errorf("the waveform peaks of a file written just now were kept on disk")
	}
	// Seen later, the same file is quiet and kept.
	cacheClock = func() time.Time { return time.Now().Add(time.Minute) }
	resetRegistry()
	if _, err := loadSource(t.Context(), path); err != nil || !fileExists(mustCachePath(t, path)) {
		t.Errorf("a quiet file's PCM was not kept: %v", err)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func mustCachePath(t *testing.T, path string) string {
	t.Helper()
	key, err := statKey(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cachePath("pcm", key, ".f32")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
