package preview

import (
	"context"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/fft"
	"github.com/slidereel/slidereel/project"
)

// The smoothness requirement: a slow pan (about 2.4 output px per frame)
// over a fine random-block picture must move by the same amount every
// frame. The shift between consecutive frames is measured by phase
// correlation; its coefficient of variation must be <= 0.01 (ffmpeg
// zoompan measures 0.11-0.19 here, PhotoFilmStrip 0.0095). A slow zoom
// must keep its centre still.

const smoothW, smoothH = 320, 180

// smoothProject is one slide of a random-block photo (srcW wide, 16:9)
// with explicit motion.
func smoothProject(t *testing.T, m project.Motion, frames, srcW int, q Quality) (*Renderer, *project.Timeline) {
	t.Helper()
	path := writePNG(t, filepath.Join(t.TempDir(), "blocks.png"), randomBlocks(srcW, srcW*9/16, max(1, srcW/500), 42))
	p := testProject(smoothW, smoothH, path)
	p.Defaults.Duration = float64(frames) / 24
	p.Defaults.Easing = project.Linear
	p.Slides[0].Motion = &m
	tl := p.Timeline(project.MediaDurations{})
	if tl.Frames != frames {
		t.Fatalf("timeline has %d frames, want %d", tl.Frames, frames)
	}
	return New(p, tl, Options{Quality: q}), tl
}

// lumaCrop renders frame and returns a w x h luma crop centred in it.
func lumaCrop(t *testing.T, r *Renderer, frame, w, h int) [][]float64 {
	t.Helper()
	dst := newYCbCr(smoothW, smoothH)
	if err := r.Render(context.Background(), frame, dst); err != nil {
		t.Fatal(err)
	}
	x0, y0 := (smoothW-w)/2, (smoothH-h)/2
	out := make([][]float64, h)
	for y := range h {
		out[y] = make([]float64, w)
		for x := range w {
			out[y][x] = float64(dst.Y[(y0+y)*dst.YStride+x0+x])
		}
	}
	return out
}

func TestSmoothPan(t *testing.T) {
	const frames = 49
	const pxPerFrame = 2.4
	for _, tc := range []struct {
		name     string
		srcW     int
		q        Quality
		w        float64 // rect width (normalised)
		vertical bool
	}{
		{"final shrink", 1600, Final, 0.5, false},
		{"final vertical", 1600, Final, 0.5, true},
		{"final exact 1:1 source", 640, Final, 0.5, false},
		{"final enlarge", 400, Final, 0.5, false},
		{"draft", 1600, Draft, 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Output px -> normalised source distance.
			travel := pxPerFrame * (frames - 1) / smoothW * tc.w
			m := project.Motion{
				Start: project.Rect{X: 0.1, Y: 0.1, W: tc.w, H: tc.w},
				End:   project.Rect{X: 0.1 + travel, Y: 0.1, W: tc.w, H: tc.w},
			}
			if tc.vertical {
				travel = pxPerFrame * (frames - 1) / smoothH * tc.w
				m.End = project.Rect{X: 0.1, Y: 0.1 + travel, W: tc.w, H: tc.w}
			}
			r, _ := smoothProject(t, m, frames, tc.srcW, tc.q)
			defer r.Close()
			var shifts []float64
			prev := lumaCrop(t, r, 0, 256, 128)
			for f := 1; f < frames; f++ {
				cur := lumaCrop(t, r, f, 256, 128)
				dx, dy := phaseShift(prev, cur)
				along, across := -dx, dy // content moves opposite to the rect
				if tc.vertical {
					along, across = -dy, dx
				}
				if math.Abs(across) > 0.05 {
					t.Errorf("frame %d: shift %.3f px across the pan", f, across)
				}
				shifts = append(shifts, along)
				prev = cur
			}
			mean, cv := meanCV(shifts)
			t.Logf("mean shift %.4f px/frame, CV %.4f", mean, cv)
			if math.Abs(mean-pxPerFrame) > 0.05 {
				t.Errorf("mean shift %.3f px/frame, want %.1f", mean, pxPerFrame)
			}
			if cv > 0.01 {
				t.Errorf("pan shift coefficient of variation %.4f > 0.01: shifts %.3f", cv, shifts)
			}
		})
	}
}

func TestSmoothZoomCentreStill(t *testing.T) {
	const frames = 49
	c := 0.5
	m := project.Motion{
		Start: project.Rect{X: c - 0.3, Y: c - 0.3, W: 0.6, H: 0.6},
		End:   project.Rect{X: c - 0.3/1.1, Y: c - 0.3/1.1, W: 0.6 / 1.1, H: 0.6 / 1.1},
	}
	r, _ := smoothProject(t, m, frames, 1600, Final)
	defer r.Close()
	prev := lumaCrop(t, r, 0, 64, 64)
	var sx, sy float64
	for f := 1; f < frames; f++ {
		cur := lumaCrop(t, r, f, 64, 64)
		dx, dy := phaseShift(prev, cur)
		sx += dx
		sy += dy
		if math.Hypot(dx, dy) > 0.1 {
			t.Errorf("frame %d: centre moved by (%.3f, %.3f) px", f, dx, dy)
		}
		prev = cur
	}
	if math.Hypot(sx, sy) > 0.5 {
		t.Errorf("centre drifted by (%.3f, %.3f) px over the zoom", sx, sy)
	}
	// The frames must actually zoom: first and last differ.
	first, last := lumaCrop(t, r, 0, 64, 64), lumaCrop(t, r, frames-1, 64, 64)
	var diff float64
	for y := range first {
		for x := range first[y] {
			diff += math.Abs(first[y][x] - last[y][x])
		}
	}
	if diff/(64*64) < 5 {
		t.Errorf("zoom did not change the picture (mean abs diff %.2f)", diff/(64*64))
	}
}

func meanCV(v []float64) (mean, cv float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(v)))
	return mean, sd / math.Abs(mean)
}

// phaseShift returns the translation (dx, dy) of b relative to a: phase
// correlation (Hann window, whitened cross-power spectrum) finds the whole
// pixel peak, then the sub-pixel rest is the least-squares slope of the
// cross-power phase over the frequencies up to maxFreq cycles/px, weighted
// by its magnitude. Sizes must be powers of two.
func phaseShift(a, b [][]float64) (dx, dy float64) {
	const maxFreq = 0.25
	h, w := len(a), len(a[0])
	fa, fb := hann2D(a), hann2D(b)
	fft2D(fa, false)
	fft2D(fb, false)
	cross := make([][]complex128, h)
	norm := make([][]complex128, h)
	for y := range h {
		cross[y] = make([]complex128, w)
		norm[y] = make([]complex128, w)
		for x := range w {
			c := fb[y][x] * cmplx.Conj(fa[y][x])
			cross[y][x] = c
			if m := cmplx.Abs(c); m > 1e-12 {
				c /= complex(m, 0)
			}
			norm[y][x] = c
		}
	}
	fft2D(norm, true)
	px, py, best := 0, 0, math.Inf(-1)
	for y := range h {
		for x := range w {
			if v := real(norm[y][x]); v > best {
				px, py, best = x, y, v
			}
		}
	}
	if px > w/2 {
		px -= w
	}
	if py > h/2 {
		py -= h
	}
	// b(x) = a(x-d): cross(k) = |A|^2 exp(-i 2 pi k.d). Remove the whole
	// pixel part and fit the remaining phase slope.
	var sxx, sxy, syy, sxp, syp float64
	for y := range h {
		ky := float64(y) / float64(h)
		if y > h/2 {
			ky -= 1
		}
		for x := range w {
			kx := float64(x) / float64(w)
			if x > w/2 {
				kx -= 1
			}
			if math.Abs(kx) > maxFreq || math.Abs(ky) > maxFreq || (x == 0 && y == 0) {
				continue
			}
			c := cross[y][x] * cmplx.Exp(complex(0, 2*math.Pi*(kx*float64(px)+ky*float64(py))))
			wt := cmplx.Abs(c)
			ph := cmplx.Phase(c)
			// phase = -2 pi (kx dx + ky dy)
			gx, gy := -2*math.Pi*kx, -2*math.Pi*ky
			sxx += wt * gx * gx
			sxy += wt * gx * gy
			syy += wt * gy * gy
			sxp += wt * gx * ph
			syp += wt * gy * ph
		}
	}
	det := sxx*syy - sxy*sxy
	if det == 0 {
		return float64(px), float64(py)
	}
	rx := (sxp*syy - syp*sxy) / det
	ry := (syp*sxx - sxp*sxy) / det
	return float64(px) + rx, float64(py) + ry
}

func hann2D(a [][]float64) [][]complex128 {
	h, w := len(a), len(a[0])
	var mean float64
	for _, r := range a {
		for _, v := range r {
			mean += v
		}
	}
	mean /= float64(w * h)
	out := make([][]complex128, h)
	for y := range h {
		wy := 0.5 - 0.5*math.Cos(2*math.Pi*float64(y)/float64(h))
		out[y] = make([]complex128, w)
		for x := range w {
			wx := 0.5 - 0.5*math.Cos(2*math.Pi*float64(x)/float64(w))
			out[y][x] = complex((a[y][x]-mean)*wx*wy, 0)
		}
	}
	return out
}

// fft2D transforms in place (rows, then columns).
func fft2D(a [][]complex128, inverse bool) {
	for _, r := range a {
		fft.Transform(r, inverse)
	}
	h, w := len(a), len(a[0])
	col := make([]complex128, h)
	for x := range w {
		for y := range h {
			col[y] = a[y][x]
		}
		fft.Transform(col, inverse)
		for y := range h {
			a[y][x] = col[y]
		}
	}
}

// TestPhaseShiftHelper checks the measuring tool on exactly known
// sub-pixel shifts of a smooth random picture (sampled analytically).
func TestPhaseShiftHelper(t *testing.T) {
	// A band-limited random picture: many random waves.
	type wave struct{ fx, fy, ph, amp float64 }
	var waves []wave
	rng := rand.New(rand.NewPCG(5, 5))
	for range 100 {
		waves = append(waves, wave{(rng.Float64() - 0.5) * 0.8 * math.Pi * 2, (rng.Float64() - 0.5) * 0.8 * math.Pi * 2, rng.Float64() * 7, 20 * rng.Float64()})
	}
	f := func(x, y float64) float64 {
		var v float64
		for _, w := range waves {
			v += w.amp * math.Sin(w.fx*x+w.fy*y+w.ph)
		}
		return v
	}
	img := func(ox float64) [][]float64 {
		out := make([][]float64, 64)
		for y := range out {
			out[y] = make([]float64, 128)
			for x := range out[y] {
				out[y][x] = f(float64(x)-ox, float64(y))
			}
		}
		return out
	}
	for _, s := range []float64{0.3, 1.7, 2.4, -0.6} {
		dx, dy := phaseShift(img(0), img(s))
		if math.Abs(dx-s) > 0.01 || math.Abs(dy) > 0.01 {
			t.Errorf("shift %.2f measured as (%.3f, %.3f)", s, dx, dy)
		}
	}
}
