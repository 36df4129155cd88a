package preview

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// TestLook writes frames of a test project to $SLIDEREEL_LOOK (a folder)
// for a person to look at; skipped when unset.
func TestLook(t *testing.T) {
	dir := os.Getenv("SLIDEREEL_LOOK")
	if dir == "" {
		t.Skip("set SLIDEREEL_LOOK=/some/dir to write frames")
	}
	paths := photoDir(t, 2, 1200, 900)
	portrait := writeJPEG(t, filepath.Join(t.TempDir(), "portrait.jpg"), testPhoto(600, 900, 9), 90)
	paths = append(paths, portrait)
	if extra := os.Getenv("SLIDEREEL_LOOK_PHOTOS"); extra != "" {
		paths = append(paths, filepath.SplitList(extra)...)
	}
	p := testProject(1280, 720, paths...)
	p.Slides[0].Caption = "A caption on the first slide"
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	for _, fr := range []int{0, 24, 47, 50, 60, 90, tl.Frames - 1} {
		img := renderRGBA(t, r, fr, 1280, 720)
		writePNG(t, filepath.Join(dir, fmt.Sprintf("frame%04d.png", fr)), img)
	}
}

func TestSameFrameTwiceIdentical(t *testing.T) {
	paths := photoDir(t, 2, 400, 300)
	p := testProject(320, 180, paths...)
	p.Slides[0].Caption = "Hello"
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{})
	defer r.Close()
	ctx := context.Background()
	for _, fr := range []int{0, 20, 45, 60} {
		a, b := newYCbCr(320, 180), newYCbCr(320, 180)
		if err := r.Render(ctx, fr, a); err != nil {
			t.Fatal(err)
		}
		if err := r.Render(ctx, fr+1, b); err != nil { // something else in between
			t.Fatal(err)
		}
		if err := r.Render(ctx, fr, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Y, b.Y) || !bytes.Equal(a.Cb, b.Cb) || !bytes.Equal(a.Cr, b.Cr) {
			t.Fatalf("frame %d differs between two renders", fr)
		}
	}
}
