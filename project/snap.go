package project

import (
	"math"
	"slices"
	"sort"
)

// Snap says whether slide changes are moved onto the music's beats.
type Snap string

// Snap settings.
const (
	// SnapOff keeps the durations as they are (the default; "" means off).
	SnapOff Snap = "off"
	// SnapBeats moves every slide change onto a beat.
	SnapBeats Snap = "beats"
	// SnapBars moves every slide change onto every fourth beat, counted
	// from the first beat of the music.
	SnapBars Snap = "bars"
)

// Snaps lists the snap settings in the order the UI offers them.
var Snaps = []Snap{SnapOff, SnapBeats, SnapBars}

// Valid reports whether s is a known snap setting ("" is off).
func (s Snap) Valid() bool { return s == "" || slices.Contains(Snaps, s) }

// Step is the number of beats between snap points (0: no snapping).
func (s Snap) Step() int {
	switch s {
	case SnapBeats:
		return 1
	case SnapBars:
		return 4
	}
	return 0
}

// SnapTime returns the snap point of beats (ascending beat times in
// seconds, every step-th one counted from the first) nearest to t, and
// false when there is none (no beats, step < 1). The editor snaps a
// dragged slide edge with it.
func SnapTime(t float64, beats []float64, step int) (float64, bool) {
	g := newGrid(beats, step)
	if g == nil {
		return t, false
	}
	return g.at(g.nearest(t)), true
}

// grid is the snap points: every step-th beat, extended past the last one
// with the median beat interval (the music may loop).
type grid struct {
	pts    []float64
	period float64
}

func newGrid(beats []float64, step int) *grid {
	if step < 1 || len(beats) < 2 {
		return nil
	}
	var pts []float64
	for i := 0; i < len(beats); i += step {
		pts = append(pts, beats[i])
	}
	iv := make([]float64, 0, len(beats)-1)
	for i := 1; i < len(beats); i++ {
		iv = append(iv, beats[i]-beats[i-1])
	}
	sort.Float64s(iv)
	period := iv[len(iv)/2] * float64(step)
	if !(period > 0) || math.IsInf(period, 0) {
		return nil
	}
	return &grid{pts: pts, period: period}
}

// at returns snap point k (k may pass the last beat, or be negative).
func (g *grid) at(k int) float64 {
	if k < 0 {
		return g.pts[0] + float64(k)*g.period
	}
	if k < len(g.pts) {
		return g.pts[k]
	}
	return g.pts[len(g.pts)-1] + float64(k-len(g.pts)+1)*g.period
}

// nearest returns the index of the snap point nearest to t.
func (g *grid) nearest(t float64) int {
	var k int
	if last := g.pts[len(g.pts)-1]; t > last {
		k = len(g.pts) - 1 + int(math.Round((t-last)/g.period))
	} else if t < g.pts[0] {
		k = -int(math.Round((g.pts[0] - t) / g.period))
	} else {
		k = sort.SearchFloat64s(g.pts, t)
		if k > 0 && (k == len(g.pts) || t-g.pts[k-1] < g.pts[k]-t) {
			k--
		}
	}
	return k
}

// snapDurations moves every slide change (the start of slides 1..n-1)
// onto the nearest snap point after the previous change, then sets the
// durations and shortens transitions so the slides start there: d[i] is
// the start-to-start gap plus eff[i], and eff[i] is at most the gap before
// and half the gap after (so the transition clamp still holds). end > 0
// (fit-audio) fixes the end of the last slide; otherwise it is snapped too.
// If the changes cannot all land on distinct snap points before end, the
// durations are left alone and snapDurations returns false.
func snapDurations(d, eff []float64, g *grid, end, minGap float64) bool {
	n := len(d)
	starts := make([]float64, n+1)
	s, k := 0.0, g.nearest(0)
	if g.at(k) > 0 {
		k--
	}
	for i := range n {
		want := s + d[i] - eff[i]
		if i == n-1 {
			want = s + d[i]
		}
		s = want
		if i == n-1 && end > 0 {
			starts[n] = end
			break
		}
		k = max(g.nearest(want), k+1)
		starts[i+1] = g.at(k)
	}
	for i := range n {
		if starts[i+1]-starts[i] < minGap {
			return false
		}
	}
	for i := range n {
		gap := starts[i+1] - starts[i]
		if i < n-1 {
			eff[i] = math.Min(eff[i], math.Min(gap, (starts[i+2]-starts[i+1])/2))
		}
		d[i] = gap + eff[i]
	}
	return true
}
