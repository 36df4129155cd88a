package sound

import (
	"context"
	"math"
)

// Loudness normalisation, streamed. NewMix measures the mix block by
// block: one pass for its integrated loudness, then a pass per correction
// round (usually one or two) that runs the limiter at the candidate gain
// and measures the result. The memory is one float per 100 ms of show for
// the gating (36,000 for an hour) and one per limCheckpoint for the
// limiter's restart points, never a buffer as long as the show.
//
// The limiter, per frame i: tp(i) the true peak around i; req(i) the gain
// keeping tp(i)*g under the ceiling; m(i) the minimum of req over
// +-limWindow; r(i) = min(m(i), r(i-1) + (1-r(i-1))*a) (release); s(i) the
// mean of r over +-limWindow, at most the required gain. s(i) depends on
// frames up to 2*limWindow+tpHalf ahead and, through r, on the whole past:
// a reader restarts r from a checkpoint (r every limCheckpoint frames,
// recorded by the last measuring pass), so a seek computes at most about a
// second of sound it does not return.

// limCheckpoint is the spacing of the limiter's restart points.
const limCheckpoint = SampleRate

// normPlan is what normalisation does to the raw mix.
type normPlan struct {
	gApply float32   // the constant gain
	gLim   float64   // the gain the limiter keeps under the ceiling
	c      float64   // the ceiling, linear
	limit  bool      // the limiter acts somewhere (else s == 1)
	cps    []float32 // cps[k] = r(k*limCheckpoint-1), k >= 1
	record bool      // measuring: record cps
}

// meter measures integrated loudness (ITU-R BS.1770-4) fed in order.
type meter struct {
	shelfL, shelfR, highL, highR biquad
	e                            float64
	cnt                          int
	energy                       []float64 // per 100 ms sub-block
}

func newMeter() *meter {
	return &meter{
		shelfL: biquad{b: kShelfB, a: kShelfA}, shelfR: biquad{b: kShelfB, a: kShelfA},
		highL: biquad{b: kHighB, a: kHighA}, highR: biquad{b: kHighB, a: kHighA},
	}
}

// add feeds interleaved stereo x, each frame scaled by g (and by s[i] when
// s is not nil).
func (m *meter) add(x []float32, g float64, s []float32) {
	for i := 0; i < len(x)/2; i++ {
		gi := g
		if s != nil {
			gi *= float64(s[i])
		}
		l := m.highL.step(m.shelfL.step(float64(x[2*i]) * gi))
		r := m.highR.step(m.shelfR.step(float64(x[2*i+1]) * gi))
		m.e += l*l + r*r
		if m.cnt++; m.cnt == subBlock {
			m.energy = append(m.energy, m.e)
			m.e, m.cnt = 0, 0
		}
	}
}

// loudness returns the integrated loudness in LUFS of what was fed: -Inf
// when shorter than one 400 ms block or every block is below the absolute
// gate.
func (m *meter) loudness() float64 {
	return gatedLoudness(m.energy)
}

// gatedLoudness is BS.1770's integrated loudness in LUFS from the energies
// of consecutive 100 ms sub-blocks (K-weighted, summed over the channels):
// 400 ms blocks overlapping by 75%, the absolute gate at -70 LUFS, then the
// relative gate 10 LU below. -Inf when there is no block above the gates.
func gatedLoudness(energy []float64) float64 {
	if len(energy) < 4 {
		return math.Inf(-1)
	}
	z := make([]float64, len(energy)-3)
	for j := range z {
		z[j] = (energy[j] + energy[j+1] + energy[j+2] + energy[j+3]) / gateBlock
	}
	lk := func(z float64) float64 { return -0.691 + 10*math.Log10(z) }
	mean := func(thr float64) (float64, int) {
		var sum float64
		cnt := 0
		for _, v := range z {
			if v > 0 && lk(v) > thr {
				sum += v
				cnt++
			}
		}
		if cnt == 0 {
			return 0, 0
		}
		return sum / float64(cnt), cnt
	}
	za, cnt := mean(-70)
	if cnt == 0 {
		return math.Inf(-1)
	}
	zr, cnt := mean(math.Max(lk(za)-10, -70))
	if cnt == 0 {
		return math.Inf(-1)
	}
	return lk(zr)
}

// planNormalize measures the mix and sets m.norm so that it reaches target
// LUFS integrated with true peaks at or below ceil dBTP: one constant gain
// plus a smooth true-peak limiter where the constant alone would cross the
// ceiling; the constant is then corrected (a few rounds) for the loudness
// the limiter took away.
func (m *Mix) planNormalize(ctx context.Context, target, ceil float64) error {
	mt := newMeter()
	if err := m.measure(ctx, nil, func(x, _ []float32) { mt.add(x, 1, nil) }); err != nil {
		return err
	}
	l0 := mt.loudness()
	if math.IsInf(l0, 0) || math.IsNaN(l0) {
		return nil // silence: nothing to normalise
	}
	c := math.Pow(10, (ceil-0.1)/20) // 0.1 dB margin for interpolation and rounding
	g := math.Pow(10, (target-l0)/20)
	gMax := 2 * g // the corrections never add more than 6 dB
	var (
		plan *normPlan
		acc  summaryAcc // the final mix's waveform, if this round is the last
		done bool
	)
	for range 4 {
		plan = &normPlan{gLim: g, c: c, limit: true, record: true}
		mt := newMeter()
		limited := false
		acc = summaryAcc{base: mixSummaryBase}
		var out []float32
		err := m.measure(ctx, plan, func(x, s []float32) {
			mt.add(x, g, s)
			out = grow(out, len(x))
			gApply := float32(g)
			for i, v := range s {
				limited = limited || v != 1
				k := gApply * v
				out[2*i], out[2*i+1] = x[2*i]*k, x[2*i+1]*k
			}
			acc.add(out, 2)
		})
		if err != nil {
			return err
		}
		plan.limit = limited
		l := mt.loudness()
		if math.Abs(target-l) < 0.05 || math.IsInf(l, 0) {
			done = true
			break
		}
		g = math.Min(g*math.Pow(10, (target-l)/20), gMax)
	}
	if done { // the last pass computed exactly the final samples
		m.sum = acc.summary(SampleRate)
	}
	plan.gApply, plan.record = float32(g), false
	if !plan.limit {
		plan.cps = nil
	}
	m.norm = plan
	m.normGainDB = 20 * math.Log10(g)
	return nil
}

// measure streams the raw mix through fn, block by block, with the
// limiter's gains when plan is not nil (s is nil otherwise).
func (m *Mix) measure(ctx context.Context, plan *normPlan, fn func(x, s []float32)) error {
	rd := m.newReader()
	rd.plan = plan
	for f := 0; f < m.n; f += blockFrames {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(blockFrames, m.n-f)
		if plan == nil {
			rd.x = grow(rd.x, 2*k)
			if err := rd.raw(rd.x, f); err != nil {
				return err
			}
			fn(rd.x, nil)
			continue
		}
		if err := rd.fill(f); err != nil {
			return err
		}
		off := 2 * (f - rd.xLo())
		fn(rd.x[off:off+2*k], rd.s)
	}
	return nil
}

// xLo is the first frame of the reader's raw window for its current block.
func (r *reader) xLo() int {
	return max(r.from-2*limWindow-tpHalf, 0)
}

// seekLimiter prepares the limiter to compute a block at from: it restarts
// r at the last checkpoint before from-limWindow and runs up to from.
func (r *reader) seekLimiter(from int) error {
	p := r.plan
	k := (from - limWindow) / limCheckpoint
	start := 0
	if k >= 1 && k < len(p.cps) {
		start = k*limCheckpoint + limWindow
		r.rPrev = p.cps[k]
	}
	r.next = start
	for r.next < from {
		if err := r.limited(r.next, min(r.next+blockFrames, from)); err != nil {
			return err
		}
	}
	return nil
}

// limited computes frames [a, b) with the limiter into r.out (and their
// gains into r.s). r.next must be a.
func (r *reader) limited(a, b int) error {
	p, n, w := r.plan, r.m.n, limWindow
	rLo, rHi := max(a-w, 0), min(b+w, n)
	qLo, qHi := max(rLo-w, 0), min(rHi+w, n)
	xLo, xHi := max(qLo-tpHalf, 0), min(qHi+tpHalf, n)
	r.x = grow(r.x, 2*(xHi-xLo))
	if err := r.raw(r.x, xLo); err != nil {
		return err
	}
	r.requiredGain(qLo, qHi, xLo)
	// m over [rLo, rHi) from req over [qLo, qHi), then the release.
	r.rr = grow(r.rr, qHi-qLo)
	req := r.req
	slidingMinBuf(func(i int) float32 { return req[i] }, qHi-qLo, r.rr, w, &r.dq)
	rr := r.rr[rLo-qLo : rHi-qLo]
	alpha := float32(1 - math.Exp(-1/(limRelease*SampleRate)))
	for j := range rr {
		if g := rLo + j; g > 0 {
			prev := r.rPrev
			if j > 0 {
				prev = rr[j-1]
			}
			rr[j] = min(rr[j], prev+(1-prev)*alpha)
		}
		if g := rLo + j; p.record && g%limCheckpoint == limCheckpoint-1 && g < b-w {
			k := (g + 1) / limCheckpoint
			for len(p.cps) <= k {
				p.cps = append(p.cps, 0)
			}
			p.cps[k] = rr[j]
		}
	}
	r.average(a, b, rLo, qLo)
	if idx := b - w - 1 - rLo; idx >= 0 && idx < len(rr) {
		r.rPrev = rr[idx]
	}
	r.next = b
	if r.from == a && len(r.out) == 2*(b-a) {
		for i := 0; i < b-a; i++ {
			k := p.gApply * r.s[i]
			r.out[2*i] = r.x[2*(a-xLo+i)] * k
			r.out[2*i+1] = r.x[2*(a-xLo+i)+1] * k
		}
	}
	return nil
}

// requiredGain sets r.tp and r.req over [qLo, qHi) from the raw window at
// xLo. Stretches too quiet to reach the ceiling skip the true peak.
func (r *reader) requiredGain(qLo, qHi, xLo int) {
	p := r.plan
	nx := len(r.x) / 2
	r.tp = grow(r.tp, qHi-qLo)
	r.req = grow(r.req, qHi-qLo)
	const chunk = 256
	for c := qLo; c < qHi; c += chunk {
		e := min(c+chunk, qHi)
		var pk float32
		for _, v := range r.x[2*max(c-tpHalf-xLo, 0) : 2*min(e+tpHalf-xLo, nx)] {
			pk = max(pk, abs32(v))
		}
		quiet := float64(pk)*tpGainBound*p.gLim <= p.c
		for i := c; i < e; i++ {
			var tp float32
			if !quiet {
				tp = truePeakAt(r.x, nx, i-xLo)
			}
			r.tp[i-qLo] = tp
			r.req[i-qLo] = 1
			if float64(tp)*p.gLim > p.c {
				r.req[i-qLo] = float32(p.c / (float64(tp) * p.gLim))
			}
		}
	}
}

// average sets r.s over [a, b): the mean of r over +-limWindow (edges
// replicated), never above 1 nor above the required gain.
func (r *reader) average(a, b, rLo, qLo int) {
	p, n, w := r.plan, r.m.n, limWindow
	rr := r.rr[rLo-qLo:]
	at := func(j int) float64 { return float64(rr[max(0, min(n-1, j))-rLo]) }
	r.s = grow(r.s, b-a)
	var sum float64
	for j := a - w; j <= a+w; j++ {
		sum += at(j)
	}
	for i := a; i < b; i++ {
		s := min(float32(sum/float64(2*w+1)), 1)
		if i+1 < b {
			sum += at(i+w+1) - at(i-w)
		}
		if tp := r.tp[i-qLo]; float64(tp)*p.gLim*float64(s) > p.c {
			s = float32(p.c / (float64(tp) * p.gLim))
		}
		r.s[i-a] = s
	}
}
