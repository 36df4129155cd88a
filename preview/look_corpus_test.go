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
		k := project.TransitionKinds[i%len(project.TransitionKinds)]
		p.Slides[i].Transition = &project.Transition{Kind: k, Duration: 1}
	}
	p.Slides[7].Caption = "A much longer caption that has to wrap onto a second line because it is wider than the frame allows"
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	for _, i := range []int{6, 7, 8, 10, 12} {
		for _, fr := range []int{(tl.Spans[i].Start + tl.Spans[i].End) / 2, tl.Spans[i].End - 12} {
			t0 := time.Now()
			img := renderRGBA(t, r, fr, 1280, 720)
			t.Logf("frame %d (slide %d): %v", fr, i, time.Since(t0))
			writePNG(t, filepath.Join(dir, fmt.Sprintf("corpus%04d.png", fr)), img)
		}
	}
}

// TestLookCorpus1080 writes one 1080p Final frame of the corpus's first
// photo at the tightest framing, for a look at sharpness.
func TestLookCorpus1080(t *testing.T) {
	dir, corpus := os.Getenv("SLIDEREEL_LOOK"), os.Getenv("SLIDEREEL_CORPUS")
	if dir == "" || corpus == "" {
		t.Skip("set SLIDEREEL_LOOK and SLIDEREEL_CORPUS")
	}
	p := testProject(1920, 1080, filepath.Join(corpus, "photo_01.jpg"))
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	writePNG(t, filepath.Join(dir, "final1080-last.png"), renderRGBA(t, r, tl.Frames-1, 1920, 1080))
}
