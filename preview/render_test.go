package preview

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

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

// meanAbsDiff compares two luma planes of the same size.
func lumaDiff(a, b *image.YCbCr) (mean float64, p99 int) {
	w, h := a.Rect.Dx(), a.Rect.Dy()
	var hist [256]int
	var sum int
	for y := range h {
		for x := range w {
			d := int(a.Y[y*a.YStride+x]) - int(b.Y[y*b.YStride+x])
			if d < 0 {
				d = -d
			}
			hist[d]++
			sum += d
		}
	}
	n := w * h
	acc := 0
	for d, c := range hist {
		acc += c
		if acc >= n*99/100 {
			p99 = d
			break
		}
	}
	return float64(sum) / float64(n), p99
}

// half2x2 box-downscales a 4:2:0 image's luma by 2.
func half2x2(src *image.YCbCr) *image.YCbCr {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := newYCbCr(w, h)
	for y := range h {
		for x := range w {
			s := int(src.Y[2*y*src.YStride+2*x]) + int(src.Y[2*y*src.YStride+2*x+1]) +
				int(src.Y[(2*y+1)*src.YStride+2*x]) + int(src.Y[(2*y+1)*src.YStride+2*x+1])
			dst.Y[y*dst.YStride+x] = uint8((s + 2) / 4)
		}
	}
	return dst
}

func TestDraftMatchesDownscaledFinal(t *testing.T) {
	paths := photoDir(t, 2, 1200, 900)
	p := testProject(640, 360, paths...)
	p.Slides[0].Caption = "Caption"
	tl := p.Timeline(project.MediaDurations{})
	fin := New(p, tl, Options{Quality: Final})
	defer fin.Close()
	dr := New(p, tl, Options{Quality: Draft})
	defer dr.Close()
	ctx := context.Background()
	for _, fr := range []int{0, 20, 42, tl.Frames - 1} {
		big, small := newYCbCr(640, 360), newYCbCr(320, 180)
		if err := fin.Render(ctx, fr, big); err != nil {
			t.Fatal(err)
		}
		if err := dr.Render(ctx, fr, small); err != nil {
			t.Fatal(err)
		}
		mean, p99 := lumaDiff(half2x2(big), small)
		t.Logf("frame %d: mean |diff| %.2f, 99th percentile %d", fr, mean, p99)
		if mean > 2.5 || p99 > 24 {
			t.Errorf("frame %d: Draft differs from the downscaled Final: mean %.2f, p99 %d", fr, mean, p99)
		}
	}
}

func TestRenderRGBAIsRender(t *testing.T) {
	paths := photoDir(t, 1, 300, 200)
	p := testProject(160, 90, paths...)
	r := New(p, nil, Options{})
	defer r.Close()
	ctx := context.Background()
	ycc := newYCbCr(160, 90)
	if err := r.Render(ctx, 10, ycc); err != nil {
		t.Fatal(err)
	}
	rgba := renderRGBA(t, r, 10, 160, 90)
	for _, pt := range [][2]int{{5, 5}, {80, 45}, {150, 80}} {
		c := ycc.YCbCrAt(pt[0], pt[1])
		want := [3]int{}
		r8, g8, b8 := ycc709ToRGB(c.Y, c.Cb, c.Cr)
		want = [3]int{int(r8), int(g8), int(b8)}
		got := rgba.RGBAAt(pt[0], pt[1])
		if !near([3]int{int(got.R), int(got.G), int(got.B)}, want, 3) {
			t.Errorf("pixel %v: RGBA %v, from YCbCr %v", pt, got, want)
		}
	}
	// Odd sizes and a sub-image with a larger stride work too.
	odd := image.NewRGBA(image.Rect(0, 0, 101, 57))
	if err := r.RenderRGBA(ctx, 10, odd); err != nil {
		t.Fatal(err)
	}
	big := newYCbCr(200, 100)
	sub := big.SubImage(image.Rect(20, 10, 180, 100)).(*image.YCbCr)
	if err := r.Render(ctx, 10, sub); err != nil {
		t.Fatal(err)
	}
	if _, p99 := lumaDiff(sub, ycc); p99 != 0 {
		t.Errorf("rendering into a sub-image differs (p99 %d)", p99)
	}
	if err := r.Render(ctx, 10, image.NewYCbCr(image.Rect(0, 0, 16, 16), image.YCbCrSubsampleRatio444)); err == nil {
		t.Error("a 4:4:4 destination was accepted")
	}
}

// ycc709ToRGB is the reference conversion (float).
func ycc709ToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yf := (float64(y) - 16) * 255 / 219
	u := (float64(cb) - 128) * 255 / 224
	v := (float64(cr) - 128) * 255 / 224
	c := func(f float64) uint8 { return uint8(math.Max(0, math.Min(255, math.Round(f)))) }
	return c(yf + 1.5748*v), c(yf - 0.1873*u - 0.4681*v), c(yf + 1.8556*u)
}

func TestFitModes(t *testing.T) {
	// A 4:3 photo in a 16:9 frame: the sides are background.
	paths := photoDir(t, 1, 400, 300)
	for _, fit := range project.Fits {
		p := testProject(160, 90, paths...)
		p.Defaults.Fit = fit
		p.Defaults.KenBurns = false
		p.Background.Color = "#ff0000"
		r := New(p, nil, Options{})
		img := renderRGBA(t, r, 0, 160, 90)
		r.Close()
		side := img.RGBAAt(3, 45)
		sideC := [3]int{int(side.R), int(side.G), int(side.B)}
		switch fit {
		case project.FitColor:
			if !near(sideC, red, 6) {
				t.Errorf("color fit: side pixel %v, want the background red", sideC)
			}
		case project.FitBlur:
			if near(sideC, red, 60) || near(sideC, [3]int{0, 0, 0}, 10) {
				t.Errorf("blur fit: side pixel %v looks like a solid fill", sideC)
			}
		case project.FitCrop:
			// The photo's white frame is cropped away on the top and
			// bottom but the side shows the photo's own left edge.
			if near(sideC, red, 60) {
				t.Errorf("crop fit: side pixel %v is background", sideC)
			}
		}
	}
}

func TestCaptionPosition(t *testing.T) {
	paths := photoDir(t, 1, 320, 180)
	for _, pos := range []string{project.CaptionBottom, project.CaptionTop, project.CaptionCenter} {
		p := testProject(320, 180, paths...)
		p.Defaults.KenBurns = false
		r := New(p, nil, Options{})
		plain := newYCbCr(320, 180)
		if err := r.Render(context.Background(), 0, plain); err != nil {
			t.Fatal(err)
		}
		p.Slides[0].Caption = "Hello world"
		p.Caption.Position = pos
		r.Update(p, nil)
		capt := newYCbCr(320, 180)
		if err := r.Render(context.Background(), 0, capt); err != nil {
			t.Fatal(err)
		}
		r.Close()
		// Rows that changed.
		first, last := -1, -1
		for y := range 180 {
			if !bytes.Equal(plain.Y[y*plain.YStride:y*plain.YStride+320], capt.Y[y*capt.YStride:y*capt.YStride+320]) {
				if first < 0 {
					first = y
				}
				last = y
			}
		}
		if first < 0 {
			t.Fatalf("%s: the caption drew nothing", pos)
		}
		mid := (first + last) / 2
		ok := map[string]bool{
			project.CaptionBottom: mid > 135,
			project.CaptionTop:    mid < 45,
			project.CaptionCenter: mid > 70 && mid < 110,
		}[pos]
		// Text height ~ 6% of 180 px = 11 px (plus outline).
		if !ok || last-first > 30 || last-first < 8 {
			t.Errorf("%s: caption covers rows %d..%d", pos, first, last)
		}
	}
}

// oneSecondSlides is a Final renderer of n 320x240 photos shown one
// second each at 160x90; it is closed when the test ends.
func oneSecondSlides(t *testing.T, n int) (*Renderer, *project.Timeline) {
	t.Helper()
	paths := photoDir(t, n, 320, 240)
	p := testProject(160, 90, paths...)
	p.Defaults.Duration = 1
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: Final})
	t.Cleanup(func() { r.Close() })
	return r, tl
}

func TestCacheIsBounded(t *testing.T) {
	r, tl := oneSecondSlides(t, 24)
	// One prepared source plus its blur at this size is ~60 KB; allow a
	// handful.
	r.cache.budget = 200 << 10
	ctx := context.Background()
	dst := newYCbCr(160, 90)
	maxN := 0
	for fr := 0; fr < tl.Frames; fr += 5 {
		if err := r.Render(ctx, fr, dst); err != nil {
			t.Fatal(err)
		}
		r.wg.Wait()
		n, used := r.cache.stats()
		maxN = max(maxN, n)
		if used > r.cache.budget {
			t.Fatalf("frame %d: cache holds %d bytes over its %d budget", fr, used, r.cache.budget)
		}
		// The current and the next slide are ready.
		fs := tl.At(fr)
		for _, i := range []int{fs.Slide, fs.Slide + 1} {
			if i >= 24 {
				continue
			}
			if pl := r.plan(i, 160, 90); !r.cache.touch(pl.src) {
				t.Errorf("frame %d: slide %d's source is not cached", fr, i)
			}
		}
	}
	if maxN >= 24 {
		t.Errorf("the cache held %d entries for 24 photos", maxN)
	}
	t.Logf("at most %d entries", maxN)
}

// The export (Final) keeps only the sources and backgrounds of the current
// frame's slides and the next slide.
func TestFinalCacheHoldsNowAndNext(t *testing.T) {
	r, tl := oneSecondSlides(t, 12)
	dst := newYCbCr(160, 90)
	for fr := 0; fr < tl.Frames; fr++ {
		if err := r.Render(context.Background(), fr, dst); err != nil {
			t.Fatal(err)
		}
		r.wg.Wait()
		// Slides on screen (at most 2) and the next: source + blur each.
		if n, _ := r.cache.stats(); n > 6 {
			t.Fatalf("frame %d: %d entries cached", fr, n)
		}
	}
}

func TestEmptyProjectAndCancel(t *testing.T) {
	p := project.New()
	p.Background.Color = "#ffffff"
	r := New(p, nil, Options{})
	dst := newYCbCr(64, 36)
	if err := r.Render(context.Background(), 0, dst); err != nil {
		t.Fatal(err)
	}
	if dst.Y[0] != 235 || dst.Cb[0] != 128 {
		t.Errorf("empty project: pixel Y=%d Cb=%d, want the white background (235, 128)", dst.Y[0], dst.Cb[0])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Render(ctx, 0, dst); err == nil {
		t.Error("Render with a cancelled context succeeded")
	}
	r.Close()
	if err := r.Render(context.Background(), 0, dst); err != ErrClosed {
		t.Errorf("Render after Close: %v, want ErrClosed", err)
	}
}

// Prefetch prepares frame 0's slide and the next one in the background,
// before any Render, and they survive an Update of the timeline.
func TestPrefetchBeforeRender(t *testing.T) {
	paths := photoDir(t, 3, 800, 600)
	p := testProject(320, 180, paths...)
	r := New(p, nil, Options{Quality: Final})
	defer r.Close()
	r.Prefetch(0, 320, 180)
	r.wg.Wait()
	n, _ := r.cache.stats()
	// Slides 0 and 1, each a source and a blurred background.
	if n != 4 {
		t.Fatalf("%d prepared copies after Prefetch(0), want 4", n)
	}
	r.Update(p, p.Timeline(project.MediaDurations{}))
	if n2, _ := r.cache.stats(); n2 != n {
		t.Fatalf("Update dropped prepared copies: %d, then %d", n, n2)
	}
	r.Prefetch(0, 320, 180) // already there: nothing new
	r.wg.Wait()
	if n3, _ := r.cache.stats(); n3 != n {
		t.Fatalf("a second Prefetch prepared again: %d copies", n3)
	}
}

// The blurred fill, kept as rows enlarged horizontally and enlarged
// vertically as it is drawn, gives exactly the pixels of the small copy
// sampled to the full output size.
func TestBlurRowsMatchFullEnlargement(t *testing.T) {
	src := &frame{}
	{
		d := toDecoded(testPhoto(300, 200, 7), [3]uint8{})
		src = prepare(d, 300, 200)
	}
	for _, sz := range [][2]int{{1920, 1080}, {640, 360}, {333, 181}, {1080, 1920}, {64, 36}, {7, 5}} {
		W, H := sz[0], sz[1]
		small := blurSmall(src, 300, 200, W, H)
		full := newFrame(W, H)
		var axes [2][2]axis
		sampleFrame(full, small, project.Rect{X: 0, Y: 0, W: 1, H: 1}, [3]background{}, 1, make([]ring, 1), &axes, [3]rowHook{}, image.Rect(0, 0, W, H))
		bgs := newBlurRows(blurBackground(src, 300, 200, W, H), W, H).backgrounds()
		for pi, want := range full.planes() {
			row := make([]uint8, want.w)
			for y := range want.h {
				bgs[pi].fill(row, y, 0, want.w)
				for x, v := range want.row(y) {
					if row[x] != v {
						t.Fatalf("%dx%d plane %d (%d,%d): %d, want %d", W, H, pi, x, y, row[x], v)
					}
				}
				for _, x := range []int{0, want.w / 3, want.w - 1} {
					if got := bgs[pi].at(x, y); got != int32(want.row(y)[x]) {
						t.Fatalf("%dx%d plane %d at(%d,%d) = %d, want %d", W, H, pi, x, y, got, want.row(y)[x])
					}
				}
			}
		}
	}
}

// Rendering a long show with blurred fills keeps the blurred frames of a
// few slides only, not one per slide drawn.
func TestBlurRowsBounded(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 12 {
		paths = append(paths, writeJPEG(t, filepath.Join(dir, fmt.Sprintf("p%d.jpg", i)), testPhoto(60, 90, uint64(i)), 90))
	}
	p := testProject(64, 36, paths...)
	p.Defaults.Fit = project.FitBlur
	r := New(p, nil, Options{Quality: Final})
	defer r.Close()
	f := newYCbCr(64, 36)
	for n := 0; n < r.tl.Frames; n += 5 {
		if err := r.Render(context.Background(), n, f); err != nil {
			t.Fatal(err)
		}
	}
	held := 0
	for _, pl := range r.plans {
		if pl.blurRows != nil {
			held++
		}
	}
	if held == 0 || held > 4 {
		t.Errorf("%d plans hold a blurred fill after 12 slides, want 1..4", held)
	}
}
