package sound

// The reference implementation: the in-memory mix, decoded clips and
// loudness normalisation as they were before the mix streamed. Tests only.

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/project"
)

var _ = sort.Ints

// refLoad decodes the project's music (or narration, one per slide) into
// memory through the clip cache.
func refLoad(ctx context.Context, p *project.Project, narration bool) ([]*clip, error) {
	if !narration {
		var out []*clip
		for _, m := range p.Soundtrack.Music {
			c, err := loadClip(ctx, m.Path)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	out := make([]*clip, len(p.Slides))
	for i := range p.Slides {
		if path := p.Resolve(i).Narration; path != "" {
			c, err := loadClip(ctx, path)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
	}
	return out, nil
}

// The clip cache keeps decoded files so that re-mixing after an edit does
// not decode the music again. It is bounded in bytes (least recently used
// entries go first); a changed file (size or mtime) is decoded again.
const clipCacheBytes = 1 << 30

var clipCache = lru.New[fileKey, *clip](clipCacheBytes, nil)

// loadClip returns the decoded clip of path, from the cache when it is
// unchanged. Concurrent calls for the same file decode it once.
func loadClip(ctx context.Context, path string) (*clip, error) {
	return loadFile(ctx, clipCache, path, func(ctx context.Context, _ fileKey) (*clip, int64, error) {
		cl, err := decodeFile(ctx, path)
		if err != nil {
			return nil, 0, err
		}
		return cl, int64(4 * len(cl.data)), nil
	})
}

// refMix is the in-memory mix the streamed Mix replaced, kept as the
// reference the streamed one must equal: the whole show in one array.
type refMix struct {
	data []float32 // interleaved stereo
	n    int
	// normGainDB is the gain loudness normalisation applied (0 if off).
	normGainDB float64
}

// NewMix renders the project's sound on the timeline tl (built with
// p.Timeline(durations) from Durations). Narration of slide i starts at
// sample tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate) and plays to its end
// (or the end of the video); the music loops (or plays once) under it.
func refNewMix(ctx context.Context, p *project.Project, tl *project.Timeline) (*refMix, error) {
	if p == nil || tl == nil {
		return nil, errors.New("sound: NewMix needs a project and a timeline")
	}
	music, err := refLoad(ctx, p, false)
	if err != nil {
		return nil, err
	}
	narr, err := refLoad(ctx, p, true)
	if err != nil {
		return nil, err
	}
	n := max(tl.Samples(SampleRate), 0)
	m := &refMix{data: make([]float32, 2*n), n: n}
	st := p.Soundtrack

	// Narration placements, also the ducking key.
	type placed struct {
		c     *clip
		start int
	}
	var voices []placed
	var active []interval
	for i, c := range narr {
		if c == nil || i >= len(tl.Spans) {
			continue
		}
		s := tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate)
		if s >= n {
			continue
		}
		voices = append(voices, placed{c, s})
		active = append(active, interval{s, min(s+c.frames(), n)})
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	writeMusic(m.data, n, music, st.Loop)
	env := newMusicEnvelope(st, n, active)
	env.apply(m.data)

	ng := float32(dbToGain(st.NarrationGainDB))
	for _, v := range voices {
		end := min(v.start+v.c.frames(), n)
		dst := m.data[2*v.start : 2*end]
		for i := range dst {
			dst[i] += ng * v.c.data[i]
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st.Normalize {
		if m.normGainDB, err = normalize(ctx, m.data, st.TargetLUFS, st.CeilingDBTP); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// writeMusic fills dst (n frames) with the music files played in order,
// looped or once. Loop seams are sample-exact: frame k of the mix is frame
// k mod (total music length) of the concatenated music.
func writeMusic(dst []float32, n int, music []*clip, loop bool) {
	total := 0
	for _, c := range music {
		total += c.frames()
	}
	if total == 0 {
		return
	}
	i := 0
	for i < n {
		for _, c := range music {
			k := min(c.frames(), n-i)
			copy(dst[2*i:2*(i+k)], c.data[:2*k])
			i += k
			if i >= n {
				return
			}
		}
		if !loop {
			return
		}
	}
}

func (e *musicEnvelope) apply(data []float32) {
	for i := 0; i < e.n; i++ {
		g := float32(e.at(i))
		data[2*i] *= g
		data[2*i+1] *= g
	}
}

// integratedLoudness returns the integrated loudness in LUFS of interleaved
// stereo x (48 kHz), each frame scaled by g (and by s[i] when s is not nil).
// It returns -Inf when x is shorter than one 400 ms block or every block is
// below the absolute gate.
func integratedLoudness(x []float32, g float64, s []float32) float64 {
	n := len(x) / 2
	nsub := n / subBlock
	if nsub < 4 {
		return math.Inf(-1)
	}
	energy := make([]float64, nsub) // sum over channels of K-weighted squares
	shelfL, shelfR := biquad{b: kShelfB, a: kShelfA}, biquad{b: kShelfB, a: kShelfA}
	highL, highR := biquad{b: kHighB, a: kHighA}, biquad{b: kHighB, a: kHighA}
	for k := range nsub {
		var e float64
		for i := k * subBlock; i < (k+1)*subBlock; i++ {
			gi := g
			if s != nil {
				gi *= float64(s[i])
			}
			l := highL.step(shelfL.step(float64(x[2*i]) * gi))
			r := highR.step(shelfR.step(float64(x[2*i+1]) * gi))
			e += l*l + r*r
		}
		energy[k] = e
	}
	return gatedLoudness(energy)
}

// truePeaks returns for each frame i the largest magnitude, over both
// channels, of the frame and of the oversampled points between it and the
// next frame. Blocks whose bound cannot exceed floor are skipped (left 0).
func truePeaks(x []float32, floor float64) []float32 {
	n := len(x) / 2
	tp := make([]float32, n)
	const block = 1024
	nb := (n + block - 1) / block
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for b := w; b < nb; b += workers {
				lo, hi := b*block, min((b+1)*block, n)
				var m float32
				for i := max(lo-tpHalf, 0); i < min(hi+tpHalf, n); i++ {
					m = max(m, abs32(x[2*i]), abs32(x[2*i+1]))
				}
				if float64(m)*tpGainBound <= floor {
					continue
				}
				for i := lo; i < hi; i++ {
					tp[i] = truePeakAt(x, n, i)
				}
			}
		}(w)
	}
	wg.Wait()
	return tp
}

// truePeak returns the true peak of x in dBTP.
func truePeak(x []float32) float64 {
	var m float32
	for _, v := range truePeaks(x, 0) {
		m = max(m, v)
	}
	return 20 * math.Log10(float64(m))
}

// normalize brings x to target LUFS integrated with true peaks at or below
// ceil dBTP, in place, and returns the gain it applied to the loudness in
// dB. It stops early (x unchanged) when ctx is cancelled. The gain is one constant plus a smooth true-peak limiter where the
// constant alone would cross the ceiling; the constant is then corrected
// (a few rounds) for the loudness the limiter took away.
func normalize(ctx context.Context, x []float32, target, ceil float64) (float64, error) {
	l0 := integratedLoudness(x, 1, nil)
	if math.IsInf(l0, 0) || math.IsNaN(l0) {
		return 0, nil // silence: nothing to normalise
	}
	c := math.Pow(10, (ceil-0.1)/20) // 0.1 dB margin for interpolation and rounding
	g0 := math.Pow(10, (target-l0)/20)
	gMax := 2 * g0 // the corrections never add more than 6 dB
	tp := truePeaks(x, c/gMax)
	n := len(x) / 2
	s := make([]float32, n)
	g := g0
	for range 4 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		limiterGain(tp, g, c, s)
		l := integratedLoudness(x, g, s)
		if math.Abs(target-l) < 0.05 || math.IsInf(l, 0) {
			break
		}
		g = math.Min(g*math.Pow(10, (target-l)/20), gMax)
	}
	for i := range n {
		k := float32(g) * s[i]
		x[2*i] *= k
		x[2*i+1] *= k
	}
	return 20 * math.Log10(g), nil
}

// limiterGain writes into s the per-frame gain that keeps tp[i]*g*s[i] <= c.
// required gain -> minimum over +-limWindow -> release -> moving average
// over +-limWindow. Every frame averaged for frame p lies within limWindow
// of p, so each is at most p's required gain: the ceiling holds, and the
// gain moves smoothly (no clicks). It needs no memory beyond s (a long
// mix is hundreds of MB per array): the required gain is computed as the
// minimum filter reads it, and the average is taken in place, keeping the
// values it still needs in a small ring.
func limiterGain(tp []float32, g, c float64, s []float32) {
	n := len(tp)
	if n == 0 {
		return
	}
	req := func(i int) float32 {
		if v := tp[i]; float64(v)*g > c {
			return float32(c / (float64(v) * g))
		}
		return 1
	}
	any := false
	for _, v := range tp {
		if float64(v)*g > c {
			any = true
			break
		}
	}
	if !any {
		for i := range s {
			s[i] = 1
		}
		return
	}
	slidingMin(req, n, s, limWindow) // s = min filter of the required gain
	a := float32(1 - math.Exp(-1/(limRelease*SampleRate)))
	for i := 1; i < n; i++ {
		s[i] = min(s[i], s[i-1]+(1-s[i-1])*a)
	}
	// Moving average with edge replication, in place: ring keeps the values
	// of the frames already overwritten that the sum still subtracts.
	w := limWindow
	ring := make([]float32, w+2)
	orig := func(i, cur int) float64 { // s[i] before frame cur was written
		i = max(0, min(n-1, i))
		if i < cur {
			return float64(ring[i%len(ring)])
		}
		return float64(s[i])
	}
	var sum float64
	for i := -w; i <= w; i++ {
		sum += orig(i, 0)
	}
	for i := range n {
		avg := float32(sum / float64(2*w+1))
		sum += orig(i+w+1, i) - orig(i-w, i)
		ring[i%len(ring)] = s[i]
		// float rounding of the running sum must not lift the gain above
		// the minimum it averages; clamp to 1 as well.
		s[i] = min(avg, 1)
	}
	fixMinimum(tp, g, c, s)
}

// fixMinimum enforces the ceiling exactly where running-sum rounding left
// the averaged gain a hair above the required one.
func fixMinimum(tp []float32, g, c float64, s []float32) {
	for i, v := range tp {
		if float64(v)*g*float64(s[i]) > c {
			s[i] = float32(c / (float64(v) * g))
		}
	}
}
