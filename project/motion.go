package project

import (
	"math"
	"slices"
)

// Rect is a rectangle normalised to the source image: X and W are fractions
// of its width, Y and H of its height; (0,0,1,1) is the whole image. A rect
// may reach outside [0,1] (the fit modes show the background there).
type Rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Center returns the rect's centre.
func (r Rect) Center() (x, y float64) { return r.X + r.W/2, r.Y + r.H/2 }

// Valid reports whether r has a finite, positive size and finite position.
func (r Rect) Valid() bool {
	for _, v := range []float64{r.X, r.Y, r.W, r.H} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return r.W > 0 && r.H > 0
}

// Motion is a Ken Burns move from Start to End over a slide's visible span.
type Motion struct {
	Start Rect `json:"start"`
	End   Rect `json:"end"`
}

// Swapped returns the motion played backwards.
func (m Motion) Swapped() Motion { return Motion{Start: m.End, End: m.Start} }

// At returns the rect at progress u in [0,1] with easing e: the centre moves
// linearly in eased progress and the size geometrically (scale(u) =
// s0*(s1/s0)^e(u)), so a zoom in and a zoom out feel equally fast.
func (m Motion) At(u float64, e Easing) Rect {
	t := e.Apply(u)
	cx0, cy0 := m.Start.Center()
	cx1, cy1 := m.End.Center()
	w := logLerp(m.Start.W, m.End.W, t)
	h := logLerp(m.Start.H, m.End.H, t)
	cx := cx0 + (cx1-cx0)*t
	cy := cy0 + (cy1-cy0)*t
	return Rect{X: cx - w/2, Y: cy - h/2, W: w, H: h}
}

func logLerp(a, b, t float64) float64 {
	if a <= 0 || b <= 0 {
		return a + (b-a)*t
	}
	return a * math.Pow(b/a, t)
}

// Direction says which way a slide's default motion goes.
type Direction string

// Directions of the default motion.
const (
	// DirAuto alternates: even slides zoom in (or pan down/right), odd
	// slides zoom out (or pan up/left), so consecutive slides contrast.
	DirAuto Direction = "auto"
	// DirIn zooms in (or pans down/right) whatever the slide's position.
	DirIn Direction = "in"
	// DirOut zooms out (or pans up/left) whatever the slide's position.
	DirOut Direction = "out"
	// DirSubject zooms towards the photo's subject (even slides) or out
	// from it (odd slides), ending with the subject as near the centre as
	// the photo allows; see SubjectMotion. Without a known subject it moves
	// as DirAuto does.
	DirSubject Direction = "subject"
)

// Directions lists the directions in the order the UI offers them.
var Directions = []Direction{DirAuto, DirIn, DirOut, DirSubject}

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return slices.Contains(Directions, d) }

// parity is the index DefaultMotion alternates on for slide index.
func (d Direction) parity(index int) int {
	switch d {
	case DirIn:
		return 0
	case DirOut:
		return 1
	}
	return index
}

// Easing shapes motion progress.
type Easing string

// Easing functions.
const (
	Linear    Easing = "linear"
	EaseInOut Easing = "ease-in-out"
	EaseIn    Easing = "ease-in"
	EaseOut   Easing = "ease-out"
)

// Easings lists the easing functions in the order the UI offers them.
var Easings = []Easing{Linear, EaseInOut, EaseIn, EaseOut}

// Valid reports whether e is a known easing.
func (e Easing) Valid() bool { return slices.Contains(Easings, e) }

// Apply maps progress u (clamped to [0,1]) through the easing curve. Every
// curve maps 0 to 0 and 1 to 1 and is monotonic; unknown easings are linear.
func (e Easing) Apply(u float64) float64 {
	u = clamp(u, 0, 1)
	switch e {
	case EaseInOut:
		return u * u * (3 - 2*u)
	case EaseIn:
		return u * u
	case EaseOut:
		return 1 - (1-u)*(1-u)
	default:
		return u
	}
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}

// CoverRect is the largest rect of the output's aspect inside the image,
// centred: the framing of FitCrop.
func CoverRect(srcW, srcH, outW, outH int) Rect {
	a, s := aspects(srcW, srcH, outW, outH)
	if a > s { // output wider than the photo: full width, crop height
		h := s / a
		return Rect{X: 0, Y: (1 - h) / 2, W: 1, H: h}
	}
	w := a / s
	return Rect{X: (1 - w) / 2, Y: 0, W: w, H: 1}
}

// ContainRect is the smallest rect of the output's aspect that holds the
// whole image, centred: the framing of FitBlur and FitColor.
func ContainRect(srcW, srcH, outW, outH int) Rect {
	a, s := aspects(srcW, srcH, outW, outH)
	if a > s { // output wider: full height, background left and right
		w := a / s
		return Rect{X: (1 - w) / 2, Y: 0, W: w, H: 1}
	}
	h := s / a
	return Rect{X: 0, Y: (1 - h) / 2, W: 1, H: h}
}

// BaseRect is the static framing of a photo for a fit mode.
func BaseRect(srcW, srcH, outW, outH int, fit Fit) Rect {
	if fit == FitCrop {
		return CoverRect(srcW, srcH, outW, outH)
	}
	return ContainRect(srcW, srcH, outW, outH)
}

func aspects(srcW, srcH, outW, outH int) (out, src float64) {
	out, src = 16.0/9.0, 16.0/9.0
	if outW > 0 && outH > 0 {
		out = float64(outW) / float64(outH)
	}
	if srcW > 0 && srcH > 0 {
		src = float64(srcW) / float64(srcH)
	} else {
		src = out
	}
	return out, src
}

// PanTravel is the fraction of the possible travel a default pan uses per
// 0.1 of zoom factor above 1: zoom 1.1 pans over half of the photo's spare
// length, zoom 1.2 or more over all of it.
const PanTravel = 5.0

// DefaultMotion is the motion of a slide that has no explicit rectangles.
//
//   - zoom <= 1: no motion, the static BaseRect for the fit mode.
//   - A photo whose orientation differs from the output's (portrait in a
//     landscape video, landscape in a portrait video) pans along its long
//     side with the output's aspect, filling the frame: even slides pan
//     down (or right), odd slides up (or left). The pan covers
//     min(1, (zoom-1)*PanTravel) of the spare length, centred.
//   - Otherwise the slide zooms by the zoom factor about the centre of its
//     BaseRect: even slides zoom in, odd slides zoom out.
func DefaultMotion(index, srcW, srcH, outW, outH int, zoom float64, fit Fit) Motion {
	base := BaseRect(srcW, srcH, outW, outH, fit)
	if !(zoom > 1) {
		return Motion{Start: base, End: base}
	}
	zoom = math.Min(zoom, MaxZoom)
	a, s := aspects(srcW, srcH, outW, outH)
	if (a > 1 && s < 1) || (a < 1 && s > 1) {
		c := CoverRect(srcW, srcH, outW, outH)
		f := math.Min(1, (zoom-1)*PanTravel)
		start, end := c, c
		if c.W >= 1 { // spare length is vertical
			d := (1 - c.H) * f / 2
			start.Y, end.Y = c.Y-d, c.Y+d
		} else {
			d := (1 - c.W) * f / 2
			start.X, end.X = c.X-d, c.X+d
		}
		m := Motion{Start: start, End: end}
		if index%2 == 1 {
			m = m.Swapped()
		}
		return m
	}
	cx, cy := base.Center()
	w, h := base.W/zoom, base.H/zoom
	tight := Rect{X: cx - w/2, Y: cy - h/2, W: w, H: h}
	m := Motion{Start: base, End: tight}
	if index%2 == 1 {
		m = m.Swapped()
	}
	return m
}
