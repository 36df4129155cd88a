package preview

import (
	"bytes"
	"context"
	"image"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// gradFrame is a w x h frame whose luma is x (mod 256) + off and chroma
// constant.
func gradFrame(w, h, off int) *frame {
	f := newFrame(w, h)
	for y := range h {
		row := f.y.row(y)
		for x := range row {
			row[x] = uint8((x + off) % 256)
		}
	}
	fillBytes(f.cb.pix, 100)
	fillBytes(f.cr.pix, 150)
	return f
}

func constFrame(w, h int, c ycc) *frame {
	f := newFrame(w, h)
	fillBytes(f.y.pix, c.y)
	fillBytes(f.cb.pix, c.cb)
	fillBytes(f.cr.pix, c.cr)
	return f
}

func TestEveryTransitionKindHasABlend(t *testing.T) {
	for _, k := range project.TransitionKinds {
		if _, ok := transitions[k]; !ok {
			t.Errorf("no blend for transition %q", k)
		}
	}
}

func TestTransitionsArePure(t *testing.T) {
	const w, h = 64, 36
	for _, k := range project.TransitionKinds {
		a, b := gradFrame(w, h, 0), gradFrame(w, h, 77)
		a0, b0 := gradFrame(w, h, 0), gradFrame(w, h, 77)
		d1, d2 := newFrame(w, h), newFrame(w, h)
		blend := transitionFunc(k)
		blend(d1, a, b, 0.37, 0, h)
		// In two bands, as the renderer's workers call it.
		blend(d2, a, b, 0.37, 0, 18)
		blend(d2, a, b, 0.37, 18, h)
		if !bytes.Equal(a.y.pix, a0.y.pix) || !bytes.Equal(b.y.pix, b0.y.pix) {
			t.Errorf("%s modified its inputs", k)
		}
		if !bytes.Equal(d1.y.pix, d2.y.pix) || !bytes.Equal(d1.cb.pix, d2.cb.pix) {
			t.Errorf("%s differs when drawn in bands", k)
		}
	}
}

func TestTransitionValues(t *testing.T) {
	const w, h = 64, 36
	A := ycc{60, 110, 140}
	B := ycc{200, 140, 110}
	a, b := constFrame(w, h, A), constFrame(w, h, B)
	at := func(k project.TransitionKind, p float64, x, y int) uint8 {
		d := newFrame(w, h)
		transitionFunc(k)(d, a, b, p, 0, h)
		return d.y.pix[y*d.y.stride+x]
	}
	for _, tc := range []struct {
		kind project.TransitionKind
		p    float64
		x, y int
		want uint8
	}{
		{project.Cut, 0.3, 10, 10, 60},
		{project.Cut, 0.7, 10, 10, 200},
		{project.Crossfade, 0.5, 10, 10, 130},
		{project.Crossfade, 0.25, 10, 10, 95},
		{project.FadeBlack, 0.25, 10, 10, 38}, // halfway from 60 to 16
		{project.FadeBlack, 0.5, 10, 10, 16},
		{project.FadeBlack, 0.75, 10, 10, 108}, // halfway from 16 to 200
		{project.FadeWhite, 0.5, 10, 10, 235},
		{project.WipeLeft, 0.5, 5, 10, 60},   // b enters from the right
		{project.WipeLeft, 0.5, 58, 10, 200}, //
		{project.WipeRight, 0.5, 5, 10, 200}, // b enters from the left
		{project.WipeRight, 0.5, 58, 10, 60},
		{project.WipeUp, 0.5, 10, 3, 60}, // b enters from the bottom
		{project.WipeUp, 0.5, 10, 33, 200},
		{project.WipeDown, 0.5, 10, 3, 200},
		{project.PushLeft, 0.25, 5, 10, 60},
		{project.PushLeft, 0.25, 60, 10, 200},
		{project.PushRight, 0.25, 5, 10, 200},
		{project.PushUp, 0.25, 10, 33, 200},
		{project.PushDown, 0.25, 10, 3, 200},
		{project.ZoomDissolve, 0.5, 10, 10, 130},
	} {
		if got := at(tc.kind, tc.p, tc.x, tc.y); got != tc.want {
			t.Errorf("%s at p=%.2f, (%d,%d): luma %d, want %d", tc.kind, tc.p, tc.x, tc.y, got, tc.want)
		}
	}
	// A push moves the pictures: at p = 0.25 of 64 px, a's column 16 is
	// at column 0.
	ga, gb := gradFrame(w, h, 0), gradFrame(w, h, 100)
	d := newFrame(w, h)
	transitionFunc(project.PushLeft)(d, ga, gb, 0.25, 0, h)
	if d.y.pix[0] != 16 || d.y.pix[48] != 100 {
		t.Errorf("push-left: columns 0 and 48 show %d and %d, want a's 16 and b's 100 (b's column 0)", d.y.pix[0], d.y.pix[48])
	}
}

// The zoom-dissolve's incoming slide starts magnified and settles.
func TestIncomingZoom(t *testing.T) {
	if z := incomingZoom(project.ZoomDissolve, 0); z != 1.2 {
		t.Errorf("start zoom %.3f, want 1.2", z)
	}
	if z := incomingZoom(project.ZoomDissolve, 1); z != 1 {
		t.Errorf("end zoom %.3f, want 1", z)
	}
	if z := incomingZoom(project.Crossfade, 0.3); z != 1 {
		t.Errorf("crossfade zoom %.3f, want 1", z)
	}
}

// The renderer draws some transitions fused (rows mixed as they are drawn,
// hidden slides skipped); they must give exactly the pixels of the pure
// blends.
func TestFusedTransitionsMatch(t *testing.T) {
	paths := photoDir(t, 2, 300, 200)
	for _, k := range project.TransitionKinds {
		p := testProject(96, 54, paths...)
		p.Slides[0].Caption = "Fused"
		p.Slides[1].Caption = "Next"
		p.Defaults.Transition = project.Transition{Kind: k, Duration: 1}
		tl := p.Timeline(project.MediaDurations{})
		r := New(p, tl, Options{})
		ctx := context.Background()
		for fr := tl.Spans[1].Start; fr < tl.Spans[0].End; fr += 3 {
			fs := tl.At(fr)
			got := newYCbCr(96, 54)
			if err := r.Render(ctx, fr, got); err != nil {
				t.Fatal(err)
			}
			a, b, want := newFrame(96, 54), newFrame(96, 54), newFrame(96, 54)
			if err := r.drawSlide(ctx, a, fs.Slide, fs.Progress, 1, nil, image.Rect(0, 0, 96, 54)); err != nil {
				t.Fatal(err)
			}
			if err := r.drawSlide(ctx, b, fs.Next, fs.NextProgress, incomingZoom(k, fs.TransitionProgress), nil, image.Rect(0, 0, 96, 54)); err != nil {
				t.Fatal(err)
			}
			transitionFunc(k)(want, a, b, fs.TransitionProgress, 0, 54)
			if !bytes.Equal(got.Y, want.y.pix) || !bytes.Equal(got.Cb, want.cb.pix) || !bytes.Equal(got.Cr, want.cr.pix) {
				t.Errorf("%s at p=%.2f: the renderer's frame differs from the blend of its slides", k, fs.TransitionProgress)
			}
		}
		r.Close()
	}
}
