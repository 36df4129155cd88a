package project

import (
	"math"
	"testing"
)

// TestSubjectMotionTarget is the target: a 4:3 photo whose subject
// stands at 28% from the left and 32% from the top, zoom 1.6.
func TestSubjectMotionTarget(t *testing.T) {
	subj := Rect{X: 0.28 - 0.06, Y: 0.32 - 0.08, W: 0.12, H: 0.16}
	for _, fit := range Fits {
		for idx := range 2 {
			m := SubjectMotion(idx, 4000, 3000, 1920, 1080, 1.6, fit, subj)
			tight, wide := m.End, m.Start
			if idx == 1 {
				tight, wide = m.Start, m.End
			}
			if !tight.Contains(subj) {
				t.Errorf("%s/%d: subject %+v cut off by the tight end %+v", fit, idx, subj, tight)
			}
			cx, cy := subj.Center()
			fx, fy := tight.Center()
			if dx, dy := math.Abs(cx-fx)/tight.W, math.Abs(cy-fy)/tight.H; dx > 0.15 || dy > 0.15 {
				t.Errorf("%s/%d: subject %.3f,%.3f of the frame from the centre, want <= 0.15", fit, idx, dx, dy)
			}
			if r := wide.W / tight.W; r < 1.4 {
				t.Errorf("%s/%d: subject only %.2fx as large at the tight end", fit, idx, r)
			}
			for k := 0; k <= 100; k++ {
				for _, e := range Easings {
					if f := m.At(float64(k)/100, e); !f.Contains(subj) {
						t.Fatalf("%s/%d: frame %d (%s) %+v cuts the subject", fit, idx, k, e, f)
					}
				}
			}
		}
	}
}

// TestSubjectMotionCentredSubject: the old centre motion is what a
// centred subject gets, and a large subject lowers the zoom rather than
// being cut.
func TestSubjectMotionLargeSubject(t *testing.T) {
	subj := Rect{X: 0.1, Y: 0.1, W: 0.7, H: 0.7}
	m := SubjectMotion(0, 4000, 3000, 1920, 1080, 2, FitCrop, subj)
	visible := clipTo(subj, Rect{X: 0.01, Y: 0.13, W: 0.98, H: 0.74})
	for k := 0; k <= 20; k++ {
		if f := m.At(float64(k)/20, Linear); !f.Contains(visible) {
			t.Fatalf("frame %d %+v cuts the subject %+v", k, f, visible)
		}
	}
	if m.End.W >= m.Start.W {
		t.Errorf("no zoom at all: %+v", m)
	}
}

// TestSubjectPanPortrait: a portrait photo in a landscape frame pans and
// ends with the subject in frame, as near the centre as the photo allows.
func TestSubjectPanPortrait(t *testing.T) {
	subj := Rect{X: 0.4, Y: 0.15, W: 0.2, H: 0.1}
	m := SubjectMotion(0, 3000, 4000, 1920, 1080, 1.2, FitBlur, subj)
	if m.End.W != 1 || m.End.Y != 0 {
		t.Errorf("end %+v: want full width at the top (subject near the top)", m.End)
	}
	if m.Start.Y <= m.End.Y+0.1 {
		t.Errorf("no pan: %+v", m)
	}
	for k := 0; k <= 20; k++ {
		if f := m.At(float64(k)/20, Linear); !f.Contains(subj) {
			t.Fatalf("frame %d %+v cuts the subject", k, f)
		}
	}
}

func TestMotionForSubjectFallsBack(t *testing.T) {
	p := New()
	p.Defaults.Direction = DirSubject
	p.Defaults.Zoom = 1.3
	p.AddImages("a.jpg", "b.jpg")
	r := p.Resolve(0)
	if got, want := p.MotionForSubject(r, 400, 300, nil), DefaultMotion(0, 400, 300, 1920, 1080, 1.3, FitBlur); got != want {
		t.Errorf("no subject: %+v, want the centre motion %+v", got, want)
	}
	s := Rect{X: 0.1, Y: 0.1, W: 0.1, H: 0.1}
	if got := p.MotionForSubject(r, 400, 300, &s); got == p.MotionFor(r, 400, 300) {
		t.Errorf("subject ignored: %+v", got)
	}
}
