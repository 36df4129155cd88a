package preview

import (
	"flag"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

var update = flag.Bool("update", false, "rewrite the golden frames in testdata/golden")

// goldenProject is a fixed three-slide project at 160x90: two landscape
// photos (zoom in, zoom out) and a portrait one (pan), a caption, a
// crossfade and a push.
func goldenProject(t *testing.T) (*project.Project, *project.Timeline) {
	t.Helper()
	dir := t.TempDir()
	a := writePNG(t, filepath.Join(dir, "a.png"), testPhoto(480, 360, 11))
	b := writePNG(t, filepath.Join(dir, "b.png"), testPhoto(480, 320, 12))
	c := writePNG(t, filepath.Join(dir, "c.png"), testPhoto(240, 360, 13))
	p := testProject(160, 90, a, b, c)
	p.Slides[0].Caption = "Golden"
	push := project.Transition{Kind: project.PushLeft, Duration: 0.5}
	p.Slides[1].Transition = &push
	return p, p.Timeline(project.MediaDurations{})
}

func TestGoldenFrames(t *testing.T) {
	p, tl := goldenProject(t)
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	mid := (tl.Spans[1].Start + tl.Spans[0].End) / 2
	frames := map[string]int{
		"start":          0,
		"mid-motion":     tl.Spans[0].Start + 18,
		"mid-transition": mid,
		"mid-push":       (tl.Spans[2].Start + tl.Spans[1].End) / 2,
		"last":           tl.Frames - 1,
	}
	if fs := tl.At(mid); !fs.InTransition() {
		t.Fatalf("frame %d is not in a transition", mid)
	}
	for name, fr := range frames {
		checkGolden(t, name, renderRGBA(t, r, fr, 160, 90))
	}
}

// TestGoldenTransitions renders the middle of every transition kind, one
// tile under the other, and compares the sheet with its golden image.
func TestGoldenTransitions(t *testing.T) {
	dir := t.TempDir()
	a := writePNG(t, filepath.Join(dir, "a.png"), testPhoto(192, 108, 21))
	b := writePNG(t, filepath.Join(dir, "b.png"), testPhoto(192, 128, 22))
	const w, h = 96, 54
	sheet := image.NewRGBA(image.Rect(0, 0, w, h*len(project.TransitionKinds)))
	for k, kind := range project.TransitionKinds {
		p := testProject(w, h, a, b)
		p.Slides[0].Transition = &project.Transition{Kind: kind, Duration: 1}
		tl := p.Timeline(project.MediaDurations{})
		r := New(p, tl, Options{Quality: Final})
		fr := (tl.Spans[1].Start + tl.Spans[0].End) / 2
		if kind == project.Cut {
			fr = tl.Spans[1].Start
		}
		tile := renderRGBA(t, r, fr, w, h)
		r.Close()
		draw.Draw(sheet, tile.Rect.Add(image.Pt(0, h*k)), tile, image.Point{}, draw.Src)
	}
	checkGolden(t, "transitions", sheet)
}

// TestGoldenCaptionWraps draws a caption too wide for one line.
func TestGoldenCaptionWraps(t *testing.T) {
	a := writePNG(t, filepath.Join(t.TempDir(), "a.png"), testPhoto(480, 270, 23))
	p := testProject(320, 180, a)
	p.Slides[0].Caption = "A much longer caption that has to wrap onto a second line because it is wider than the frame"
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	defer r.Close()
	checkGolden(t, "caption-wrap", renderRGBA(t, r, tl.Frames/2, 320, 180))
}

// checkGolden compares got with testdata/golden/NAME.png within a small
// tolerance (the SIMD and Go paths may round a channel differently); with
// -update it writes the file instead. A failing frame is saved under
// testdata/failed/ to look at.
func checkGolden(t *testing.T, name string, got image.Image) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".png")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		writePNG(t, path, got)
		return
	}
	want := readPNG(t, path)
	if d, n := imageDiff(got, want); d > 3 || n > 20 {
		failed := filepath.Join("testdata", "failed", name+".png")
		os.MkdirAll(filepath.Dir(failed), 0o755)
		writePNG(t, failed, got)
		t.Errorf("%s: max channel difference %d, %d pixels differ by more than 1; see %s next to %s (run with -update to accept)",
			name, d, n, failed, path)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// imageDiff returns the largest channel difference and the number of
// pixels differing by more than 1.
func imageDiff(a, b image.Image) (maxD, n int) {
	if a.Bounds() != b.Bounds() {
		return 255, a.Bounds().Dx() * a.Bounds().Dy()
	}
	bb := a.Bounds()
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		for x := bb.Min.X; x < bb.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			px := 0
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				if d < 0 {
					d = -d
				}
				px = max(px, d)
			}
			maxD = max(maxD, px)
			if px > 1 {
				n++
			}
		}
	}
	return maxD, n
}
