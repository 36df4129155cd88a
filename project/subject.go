package project

import "math"

// SubjectMargin is the space kept around a subject at the tight end of a
// subject motion, as a fraction of the subject's size on each side.
const SubjectMargin = 0.15

// SubjectMotion is the motion of direction DirSubject for a photo whose
// subject is subj (normalised to the photo):
//
//   - zoom <= 1: the static BaseRect, as DefaultMotion.
//   - A photo whose orientation differs from the output's pans along its
//     long side (filling the frame, as DefaultMotion) and ends with the
//     subject as near the centre as the photo allows; the pan travels
//     min(1, (zoom-1)*PanTravel) of the spare length where the photo has
//     room for it.
//   - Otherwise it zooms between the BaseRect and a rect zoom times
//     smaller centred on the subject, moved only as far as needed to stay
//     within the BaseRect, and grown (a smaller zoom) where the subject
//     with its margin would not fit in it.
//
// Even slides move towards the subject, odd slides away from it. No frame
// of the motion cuts off the subject if the photo can show it whole.
func SubjectMotion(index, srcW, srcH, outW, outH int, zoom float64, fit Fit, subj Rect) Motion {
	base := BaseRect(srcW, srcH, outW, outH, fit)
	if !(zoom > 1) || !subj.Valid() {
		return DefaultMotion(index, srcW, srcH, outW, outH, zoom, fit)
	}
	zoom = math.Min(zoom, MaxZoom)
	a, s := aspects(srcW, srcH, outW, outH)
	var m Motion
	if (a > 1 && s < 1) || (a < 1 && s > 1) {
		m = subjectPan(CoverRect(srcW, srcH, outW, outH), zoom, subj)
	} else {
		m = subjectZoom(base, zoom, subj)
	}
	if index%2 == 1 {
		m = m.Swapped()
	}
	return m
}

// subjectZoom zooms from base to the tightest rect of base's aspect, at
// most zoom times smaller, that holds the subject whole at every frame.
func subjectZoom(base Rect, zoom float64, subj Rect) Motion {
	// A subject that runs off the photo is shown to the photo's edge (less
	// a hair: a zoom's edge moves along a curve between its two ends).
	in := Rect{X: base.X + base.W*0.005, Y: base.Y + base.H*0.005, W: base.W * 0.99, H: base.H * 0.99}
	subj = clipTo(subj, in)
	cx, cy := subj.Center()
	// The subject with its margin should fit the tight rect; without room
	// for the margin, the subject alone.
	need := math.Max(subj.W/base.W, subj.H/base.H)
	f := math.Max(1/zoom, need*(1+2*SubjectMargin))
	if f >= 1 {
		f = math.Max(1/zoom, need)
	}
	for ; f < 1; f = math.Min(1, f*1.02) {
		tight := placeIn(base, base.W*f, base.H*f, cx, cy)
		m := Motion{Start: base, End: tight}
		if keepsWhole(m, subj) {
			return m
		}
	}
	return Motion{Start: base, End: base}
}

// subjectPan pans the cover rect c along the photo's long side, ending
// with the subject as near the centre as the photo allows.
func subjectPan(c Rect, zoom float64, subj Rect) Motion {
	cx, cy := subj.Center()
	full := Rect{X: 0, Y: 0, W: 1, H: 1}
	end := placeIn(full, c.W, c.H, cx, cy)
	f := math.Min(1, (zoom-1)*PanTravel)
	start := end
	if c.W >= 1 { // spare length is vertical
		d := (1 - c.H) * f
		start.Y = farther(end.Y, d, 0, 1-c.H)
	} else {
		d := (1 - c.W) * f
		start.X = farther(end.X, d, 0, 1-c.W)
	}
	m := Motion{Start: start, End: end}
	for k := 0; k < 8 && !keepsWhole(m, clipTo(subj, end)); k++ {
		// Travel less: the subject must not leave the frame.
		m.Start.X = (m.Start.X + end.X) / 2
		m.Start.Y = (m.Start.Y + end.Y) / 2
	}
	return m
}

// farther moves v by d towards the bound with more room, within [lo, hi].
func farther(v, d, lo, hi float64) float64 {
	if hi-v >= v-lo {
		return math.Min(hi, v+d)
	}
	return math.Max(lo, v-d)
}

// placeIn returns a w x h rect centred on (cx, cy), moved as little as
// needed to lie within bounds (centred on bounds in an axis where it is
// larger).
func placeIn(bounds Rect, w, h, cx, cy float64) Rect {
	return Rect{
		X: place(cx-w/2, w, bounds.X, bounds.W),
		Y: place(cy-h/2, h, bounds.Y, bounds.H),
		W: w, H: h,
	}
}

func place(x, w, lo, span float64) float64 {
	if w >= span {
		return lo + (span-w)/2
	}
	return clamp(x, lo, lo+span-w)
}

// clipTo is r's part inside b (the subject as the photo can show it).
func clipTo(r, b Rect) Rect {
	x0, y0 := math.Max(r.X, b.X), math.Max(r.Y, b.Y)
	x1, y1 := math.Min(r.X+r.W, b.X+b.W), math.Min(r.Y+r.H, b.Y+b.H)
	return Rect{X: x0, Y: y0, W: math.Max(0, x1-x0), H: math.Max(0, y1-y0)}
}

// keepsWhole reports whether every frame of m (sampled finely; easing
// only reparametrises the path) holds r.
func keepsWhole(m Motion, r Rect) bool {
	for k := 0; k <= 64; k++ {
		if !m.At(float64(k)/64, Linear).Contains(r) {
			return false
		}
	}
	return true
}

// Contains reports whether r holds o whole.
func (r Rect) Contains(o Rect) bool {
	const eps = 1e-9
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}
