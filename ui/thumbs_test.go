package ui

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/stamp"
)

// The thumbnails kept are bounded in bytes whatever the number of photos,
// and a photo edited on disk is not served its old thumbnail.
func TestThumbCacheBoundedAndNoticesEdits(t *testing.T) {
	dir := t.TempDir()
	c := newThumbCache(context.Background(), nil) // no loader: Get never decodes
	keyOf := func(path string) thumbKey {
		stp, _, err := stamp.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return thumbKey{path: path, w: 256, h: 256, stamp: stp}
	}
	var paths []string
	for i := range 1000 {
		p := filepath.Join(dir, fmt.Sprintf("p%d.jpg", i))
		if err := os.WriteFile(p, []byte{byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		c.put(keyOf(p), thumbResult{img: image.NewNRGBA(image.Rect(0, 0, 256, 192))})
	}
	if got := c.done.Cost(); got > thumbCacheBytes {
		t.Errorf("1000 thumbnails keep %d bytes, bound %d", got, thumbCacheBytes)
	}
	if n := c.Len(); n < 100 || n > 300 {
		t.Errorf("%d thumbnails kept of 256x192, want about 256", n)
	}
	last := paths[len(paths)-1]
	if _, _, ok := c.Get(last, 256, nil); !ok {
		t.Fatal("the most recent thumbnail is not kept")
	}
	if _, _, ok := c.Get(paths[0], 256, nil); ok {
		t.Error("the oldest of 1000 thumbnails is still kept")
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(last, later, later); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := c.Get(last, 256, nil); ok {
		t.Error("an edited photo got its old thumbnail")
	}
}
