package preview

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

// TestLookCorpus renders frames of a project made of $SLIDEREEL_CORPUS's
// photos into $SLIDEREEL_LOOK; skipped unless both are set.
func TestLookCorpus(t *testing.T) {
	dir, corpus := os.Getenv("SLIDEREEL_LOOK"), os.Getenv("SLIDEREEL_CORPUS")
	if dir == "" || corpus == "" {
		t.Skip("set SLIDEREEL_LOOK and SLIDEREEL_CORPUS")
	}
	paths, _ := filepath.Glob(filepath.Join(corpus, "*.jpg"))
	p := testProject(1280, 720, paths...)
	p.Defaults.Duration = 3
	for i := range p.Slides {
		p.Slides[i].Caption = fmt.Sprintf("Photo %d: %s", i+1, filepath.Base(paths[i]))
	}
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	for _, i := range []int{6, 7, 8} {
		for _, fr := range []int{tl.Spans[i].Start + 2, (tl.Spans[i].Start + tl.Spans[i].End) / 2, tl.Spans[i].End - 5} {
			t0 := time.Now()
			img := renderRGBA(t, r, fr, 1280, 720)
			t.Logf("frame %d (slide %d): %v", fr, i, time.Since(t0))
			writePNG(t, filepath.Join(dir, fmt.Sprintf("corpus%04d.png", fr)), img)
		}
	}
}
