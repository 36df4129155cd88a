package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"
)

// TestMain points the user cache folder at a temporary one: no test may
// write into the real user cache.
func TestMain(m *testing.M) { testmedia.RunIsolated(m, "slidereel-cli-test-") }

func TestRenderReusesSegments(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, audio := media(t)
	cache := filepath.Join(dir, "segcache")
	out := filepath.Join(dir, "v.mp4")
	args := renderArgs(imgs, audio, "--cache-dir", cache, "--cache-size", "100M", "-o", out)
	_, first := mustRun(t, args...)
	if !strings.Contains(first, "0 of 1 segments reused") {
		t.Errorf("first render: %q", first)
	}
	_, again := mustRun(t, args...)
	if !strings.Contains(again, "1 of 1 segments reused") {
		t.Errorf("second render does not say it reused the segment: %q", again)
	}
	if n, _, _ := frames(t, out); n != 48 {
		t.Errorf("%d frames, want 48", n)
	}
}

func TestRenderNoCacheTouchesNoCache(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, audio := media(t)
	cache := filepath.Join(dir, "segcache")
	out := filepath.Join(dir, "v.mp4")
	mustRun(t, renderArgs(imgs, audio, "--no-cache", "--cache-dir", cache, "-o", out)...)
	if _, err := os.Stat(cache); err == nil {
		t.Error("--no-cache created the cache folder")
	}
	if n, _, _ := frames(t, out); n != 48 {
		t.Errorf("%d frames, want 48", n)
	}
}

func TestRenderBadCacheSize(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, audio := media(t)
	code, _, stderr := run(t, renderArgs(imgs, audio, "--cache-size", "lots", "-o", filepath.Join(dir, "v.mp4"))...)
	if code == ExitOK || !strings.Contains(stderr, "cache-size") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
