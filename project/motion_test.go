package project

import (
	"math"
	"strings"
	"testing"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

// pixelAspect is the aspect of r in pixels of a srcW x srcH image.
func pixelAspect(r Rect, srcW, srcH int) float64 {
	return r.W * float64(srcW) / (r.H * float64(srcH))
}

var sizes = []struct{ sw, sh, ow, oh int }{
	{4000, 3000, 1920, 1080}, // 4:3 landscape into 16:9
	{3000, 4000, 1920, 1080}, // portrait into landscape
	{1920, 1080, 1920, 1080}, // same aspect
	{6000, 1000, 1920, 1080}, // panorama
	{4000, 3000, 1080, 1920}, // landscape into portrait
	{1000, 1000, 1080, 1080}, // square
	{500, 3000, 1280, 720},   // very tall
}

func TestCoverContainHaveOutputAspect(t *testing.T) {
	for _, s := range sizes {
		want := float64(s.ow) / float64(s.oh)
		for name, r := range map[string]Rect{
			"cover":   CoverRect(s.sw, s.sh, s.ow, s.oh),
			"contain": ContainRect(s.sw, s.sh, s.ow, s.oh),
		} {
			if got := pixelAspect(r, s.sw, s.sh); !near(got, want, 1e-12*want) {
				t.Errorf("%s %dx%d in %dx%d: pixel aspect %v, want %v (%+v)", name, s.sw, s.sh, s.ow, s.oh, got, want, r)
			}
			if cx, cy := r.Center(); !near(cx, 0.5, 1e-12) || !near(cy, 0.5, 1e-12) {
				t.Errorf("%s %dx%d: not centred: %+v", name, s.sw, s.sh, r)
			}
			if !near(math.Max(r.W, r.H), 1, 1e-12) && name == "cover" {
				t.Errorf("cover %dx%d in %dx%d: longest side %v, want 1", s.sw, s.sh, s.ow, s.oh, math.Max(r.W, r.H))
			}
			if name == "cover" && (r.W > 1+1e-12 || r.H > 1+1e-12) {
				t.Errorf("cover %dx%d reaches outside the photo: %+v", s.sw, s.sh, r)
			}
			if name == "contain" && (r.W < 1-1e-12 || r.H < 1-1e-12 || !near(math.Min(r.W, r.H), 1, 1e-12)) {
				t.Errorf("contain %dx%d does not just hold the photo: %+v", s.sw, s.sh, r)
			}
		}
	}
}

func TestRectsOnDegenerateSizes(t *testing.T) {
	for _, s := range [][4]int{{0, 0, 0, 0}, {0, 100, 1920, 1080}, {100, 100, 0, 0}, {-5, 3, 2, -1}} {
		for _, r := range []Rect{CoverRect(s[0], s[1], s[2], s[3]), ContainRect(s[0], s[1], s[2], s[3])} {
			if !r.Valid() {
				t.Errorf("%v: invalid rect %+v", s, r)
			}
		}
		m := DefaultMotion(0, s[0], s[1], s[2], s[3], 1.3, FitBlur)
		if !m.Start.Valid() || !m.End.Valid() {
			t.Errorf("%v: invalid motion %+v", s, m)
		}
	}
}

func TestEasingEndpointsAndMonotonic(t *testing.T) {
	for _, e := range append(Easings, "unknown") {
		if got := e.Apply(0); got != 0 {
			t.Errorf("%s(0) = %v", e, got)
		}
		if got := e.Apply(1); got != 1 {
			t.Errorf("%s(1) = %v", e, got)
		}
		if e.Apply(-1) != 0 || e.Apply(2) != 1 || e.Apply(math.NaN()) != 0 {
			t.Errorf("%s: out-of-range progress not clamped", e)
		}
		prev := 0.0
		for k := 1; k <= 1000; k++ {
			v := e.Apply(float64(k) / 1000)
			if v < prev {
				t.Fatalf("%s not monotonic at %v: %v < %v", e, float64(k)/1000, v, prev)
			}
			prev = v
		}
	}
	// The shapes differ as named: ease-in is slow at the start, ease-out
	// fast, ease-in-out symmetric.
	if !(EaseIn.Apply(0.25) < 0.25 && EaseOut.Apply(0.25) > 0.25 && Linear.Apply(0.25) == 0.25) {
		t.Error("ease-in / ease-out shapes wrong at u=0.25")
	}
	for _, u := range []float64{0.1, 0.3, 0.45} {
		if !near(EaseInOut.Apply(u)+EaseInOut.Apply(1-u), 1, 1e-15) {
			t.Errorf("ease-in-out not symmetric at %v", u)
		}
	}
	if EaseInOut.Apply(0.5) != 0.5 {
		t.Error("ease-in-out(0.5) != 0.5")
	}
}

// TestMotionZoomIsLogLinear: with linear easing the size changes by the same
// ratio on every frame, so a zoom neither speeds up nor slows down.
func TestMotionZoomIsLogLinear(t *testing.T) {
	for _, zoom := range []float64{1.1, 1.5, 4} {
		m := DefaultMotion(0, 4000, 3000, 1920, 1080, zoom, FitCrop)
		const frames = 72
		prev := m.At(0, Linear)
		ratio := 0.0
		for k := 1; k <= frames; k++ {
			r := m.At(float64(k)/frames, Linear)
			rw, rh := r.W/prev.W, r.H/prev.H
			if k == 1 {
				ratio = rw
				if !near(ratio, math.Pow(1/zoom, 1.0/frames), 1e-12) {
					t.Fatalf("zoom %v: per-frame ratio %v, want %v", zoom, ratio, math.Pow(1/zoom, 1.0/frames))
				}
			}
			if !near(rw, ratio, 1e-12) || !near(rh, ratio, 1e-12) {
				t.Fatalf("zoom %v frame %d: ratio %v/%v, want constant %v", zoom, k, rw, rh, ratio)
			}
			prev = r
		}
		if end := m.At(1, Linear); !near(end.W, m.End.W, 1e-15) || !near(end.H, m.End.H, 1e-15) {
			t.Errorf("At(1) = %+v, want End %+v", end, m.End)
		}
		// With any easing e the size is s0*(s1/s0)^e(u).
		for _, e := range Easings {
			for _, u := range []float64{0.1, 0.37, 0.5, 0.9} {
				want := m.Start.W * math.Pow(m.End.W/m.Start.W, e.Apply(u))
				if got := m.At(u, e).W; !near(got, want, 1e-12) {
					t.Errorf("zoom %v %s u=%v: width %v, want %v", zoom, e, u, got, want)
				}
			}
		}
		if start := m.At(0, EaseInOut); start != m.Start {
			t.Errorf("At(0) = %+v, want Start %+v", start, m.Start)
		}
	}
}

func TestMotionCentreStaysForCentredZoom(t *testing.T) {
	for _, s := range sizes[:4] {
		for _, fit := range Fits {
			m := DefaultMotion(0, s.sw, s.sh, s.ow, s.oh, 1.3, fit)
			for _, e := range Easings {
				for k := 0; k <= 20; k++ {
					r := m.At(float64(k)/20, e)
					if cx, cy := r.Center(); s.sh <= s.sw && (!near(cx, 0.5, 1e-12) || !near(cy, 0.5, 1e-12)) {
						t.Fatalf("%v %s %s u=%v: centre (%v,%v) moved", s, fit, e, float64(k)/20, cx, cy)
					}
					if got, want := pixelAspect(r, s.sw, s.sh), float64(s.ow)/float64(s.oh); !near(got, want, 1e-9) {
						t.Fatalf("%v %s: aspect %v at u=%v, want %v", s, fit, got, float64(k)/20, want)
					}
				}
			}
		}
	}
}

func TestDefaultMotionAlternatesZoom(t *testing.T) {
	base := BaseRect(4000, 3000, 1920, 1080, FitCrop)
	in := DefaultMotion(0, 4000, 3000, 1920, 1080, 1.25, FitCrop)
	out := DefaultMotion(1, 4000, 3000, 1920, 1080, 1.25, FitCrop)
	if in.Start != base || !near(in.Start.W/in.End.W, 1.25, 1e-12) {
		t.Errorf("even slide should zoom in from the base by 1.25: %+v", in)
	}
	if out.End != base || out != in.Swapped() {
		t.Errorf("odd slide should zoom out to the base: %+v", out)
	}
	for _, z := range []float64{1, 0.5, math.NaN()} {
		if m := DefaultMotion(0, 4000, 3000, 1920, 1080, z, FitCrop); m.Start != base || m.End != base {
			t.Errorf("zoom %v: want a static base, got %+v", z, m)
		}
	}
	if m := DefaultMotion(0, 4000, 3000, 1920, 1080, 100, FitCrop); !near(m.Start.W/m.End.W, MaxZoom, 1e-12) {
		t.Errorf("zoom 100 not capped at %v: %+v", MaxZoom, m)
	}
}

func TestDefaultMotionPansPortraitVertically(t *testing.T) {
	for _, fit := range Fits {
		m := DefaultMotion(0, 3000, 4000, 1920, 1080, 1.1, fit)
		if m.Start.X != m.End.X || m.Start.W != 1 || m.End.W != 1 || m.Start.H != m.End.H {
			t.Fatalf("%s: not a vertical pan over the full width: %+v", fit, m)
		}
		if !(m.End.Y > m.Start.Y) {
			t.Errorf("%s: even slide should pan down: %+v", fit, m)
		}
		if m.Start.Y < 0 || m.End.Y+m.End.H > 1+1e-12 {
			t.Errorf("%s: pan leaves the photo: %+v", fit, m)
		}
		// zoom 1.1 uses half of the spare height, centred.
		spare := 1 - m.Start.H
		if !near(m.End.Y-m.Start.Y, spare*0.5, 1e-12) || !near((m.Start.Y+m.End.Y+m.End.H)/2, 0.5, 1e-12) {
			t.Errorf("%s: pan length %v, want %v, centred", fit, m.End.Y-m.Start.Y, spare*0.5)
		}
		if got := pixelAspect(m.Start, 3000, 4000); !near(got, 16.0/9, 1e-12) {
			t.Errorf("%s: pan rect aspect %v", fit, got)
		}
		if odd := DefaultMotion(1, 3000, 4000, 1920, 1080, 1.1, fit); odd != m.Swapped() {
			t.Errorf("%s: odd slide should pan up", fit)
		}
	}
	full := DefaultMotion(0, 3000, 4000, 1920, 1080, 1.3, FitBlur)
	if !near(full.Start.Y, 0, 1e-12) || !near(full.End.Y+full.End.H, 1, 1e-12) {
		t.Errorf("zoom 1.3 should pan the whole height: %+v", full)
	}
	// Landscape photo in portrait output pans horizontally.
	h := DefaultMotion(0, 4000, 3000, 1080, 1920, 1.2, FitBlur)
	if h.Start.Y != h.End.Y || h.Start.H != 1 || !(h.End.X > h.Start.X) {
		t.Errorf("landscape in portrait: want a horizontal pan, got %+v", h)
	}
}

func TestMotionFor(t *testing.T) {
	p := New()
	p.AddImages("/a.jpg", "/b.jpg")
	r := p.Resolve(0)
	if got, want := p.MotionFor(r, 4000, 3000), DefaultMotion(0, 4000, 3000, 1920, 1080, 1.1, FitBlur); got != want {
		t.Errorf("default: %+v, want %+v", got, want)
	}
	explicit := Motion{Start: Rect{0, 0, 0.5, 0.5}, End: Rect{0.5, 0.5, 0.5, 0.5}}
	if err := p.SetOverride(FieldMotion, explicit, 1); err != nil {
		t.Fatal(err)
	}
	if got := p.MotionFor(p.Resolve(1), 4000, 3000); got != explicit {
		t.Errorf("explicit motion ignored: %+v", got)
	}
	if err := p.SetOverride(FieldKenBurns, false, 1); err != nil {
		t.Fatal(err)
	}
	base := BaseRect(4000, 3000, 1920, 1080, FitBlur)
	if got := p.MotionFor(p.Resolve(1), 4000, 3000); got.Start != base || got.End != base {
		t.Errorf("Ken Burns off should be static: %+v", got)
	}
}

// TestDirection: auto alternates by position, in and out ignore it, a slide
// overrides the default, and choosing a direction drops hand-drawn rects.
func TestDirection(t *testing.T) {
	p := New()
	p.AddImages("a.jpg", "b.jpg", "c.jpg")
	zoomsIn := func(i int) bool {
		m := p.MotionFor(p.Resolve(i), 4000, 2250)
		return m.End.W < m.Start.W
	}
	if !zoomsIn(0) || zoomsIn(1) || !zoomsIn(2) {
		t.Fatal("auto does not alternate in, out, in")
	}
	if err := p.SetDefault(FieldDirection, DirOut, false); err != nil {
		t.Fatal(err)
	}
	if zoomsIn(0) || zoomsIn(1) || zoomsIn(2) {
		t.Fatal("default direction out: some slide zooms in")
	}
	p.Slides[1].Motion = &Motion{Start: Rect{0, 0, 1, 1}, End: Rect{0.1, 0.1, 0.5, 0.5}}
	if err := p.SetOverride(FieldDirection, DirIn, 1); err != nil {
		t.Fatal(err)
	}
	if p.Slides[1].Motion != nil {
		t.Fatal("a chosen direction kept the slide's explicit rectangles")
	}
	if !zoomsIn(1) || zoomsIn(0) {
		t.Fatal("slide 2's own direction (in) not applied, or leaked to slide 1")
	}
	if err := p.SetDefault(FieldDirection, DirIn, true); err != nil {
		t.Fatal(err)
	}
	if p.Slides[1].Direction != nil || !zoomsIn(0) || !zoomsIn(1) || !zoomsIn(2) {
		t.Fatal("apply to all: not every slide follows the default (in)")
	}
	if err := p.SetDefault(FieldDirection, Direction("sideways"), false); err == nil {
		t.Fatal("an unknown direction was accepted")
	}
	// Portraits in a landscape video pan: in = down, out = up.
	p.Defaults.Direction = DirOut
	m := p.MotionFor(p.Resolve(0), 3000, 4000)
	if !(m.End.Y < m.Start.Y) {
		t.Fatalf("portrait with direction out should pan up: %+v", m)
	}
}

func TestDirectionInFileIsValidated(t *testing.T) {
	data := `{"format": "slidereel-project", "version": 1, "slides": [{"image": {"path": "a.jpg"}, "direction": "up"}]}`
	_, err := Parse([]byte(data), "/tmp/x.project")
	if err == nil || !strings.Contains(err.Error(), "slides[0].direction") || !strings.Contains(err.Error(), `"up"`) {
		t.Fatalf("want an error naming slides[0].direction, got %v", err)
	}
}
