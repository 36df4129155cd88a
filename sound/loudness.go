package sound

import (
	"context"
	"math"
	"runtime"
	"sync"
)

// Loudness per ITU-R BS.1770-4 / EBU R128: K-weighting (the two biquads of
// the recommendation, specified at 48 kHz, which is always our rate), 400 ms
// blocks every 100 ms, absolute gate at -70 LUFS, relative gate 10 LU below
// the absolute-gated loudness. True peak per BS.1770-4 Annex 2: 4x
// oversampling (here a 16-tap-per-phase Kaiser-windowed sinc).

const (
	subBlock  = SampleRate / 10 // 100 ms
	gateBlock = 4 * subBlock    // 400 ms
)

// K-weighting coefficients at 48 kHz (BS.1770-4, tables 1 and 2).
var (
	kShelfB = [3]float64{1.53512485958697, -2.69169618940638, 1.19839281085285}
	kShelfA = [3]float64{1, -1.69065929318241, 0.73248077421585}
	kHighB  = [3]float64{1, -2, 1}
	kHighA  = [3]float64{1, -1.99004745483398, 0.99007225036621}
)

type biquad struct {
	b, a   [3]float64
	z1, z2 float64 // transposed direct form II state
}

func (f *biquad) step(x float64) float64 {
	y := f.b[0]*x + f.z1
	f.z1 = f.b[1]*x - f.a[1]*y + f.z2
	f.z2 = f.b[2]*x - f.a[2]*y
	return y
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
	for k := 0; k < nsub; k++ {
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
	blocks := nsub - 3
	z := make([]float64, blocks)
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
	rel := lk(za) - 10
	zr, cnt := mean(math.Max(rel, -70))
	if cnt == 0 {
		return math.Inf(-1)
	}
	return lk(zr)
}

// True-peak oversampling: phases at 1/4, 2/4, 3/4 between frames.
const (
	tpHalf   = 8 // taps each side
	tpFactor = 4
)

var tpCoef = func() [tpFactor - 1][2 * tpHalf]float64 {
	var c [tpFactor - 1][2 * tpHalf]float64
	for p := 1; p < tpFactor; p++ {
		f := float64(p) / tpFactor
		for t := 0; t < 2*tpHalf; t++ {
			d := float64(t-tpHalf+1) - f
			c[p-1][t] = sinc(d) * kaiser(d/tpHalf, 6)
		}
	}
	return c
}()

var tpCoef32 = func() (c [tpFactor - 1][2 * tpHalf]float32) {
	for p := range tpCoef {
		for t, v := range tpCoef[p] {
			c[p][t] = float32(v)
		}
	}
	return c
}()

// tpGainBound is the largest sum of |coefficients| over the phases: no
// interpolated value exceeds it times the largest nearby sample.
var tpGainBound = func() float64 {
	b := 1.0
	for _, row := range tpCoef {
		var s float64
		for _, v := range row {
			s += math.Abs(v)
		}
		b = math.Max(b, s)
	}
	return b
}()

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
	for w := 0; w < workers; w++ {
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

func truePeakAt(x []float32, n, i int) float32 {
	pk := max(abs32(x[2*i]), abs32(x[2*i+1]))
	first := i - tpHalf + 1
	var l1, l2, l3, r1, r2, r3 float32
	if first >= 0 && first+2*tpHalf <= n {
		s := x[2*first : 2*(first+2*tpHalf)]
		for t := 0; t < 2*tpHalf; t++ {
			l, r := s[2*t], s[2*t+1]
			c1, c2, c3 := tpCoef32[0][t], tpCoef32[1][t], tpCoef32[2][t]
			l1 += c1 * l
			l2 += c2 * l
			l3 += c3 * l
			r1 += c1 * r
			r2 += c2 * r
			r3 += c3 * r
		}
	} else {
		for t := 0; t < 2*tpHalf; t++ {
			j := first + t
			if j < 0 || j >= n {
				continue
			}
			l, r := x[2*j], x[2*j+1]
			l1 += tpCoef32[0][t] * l
			l2 += tpCoef32[1][t] * l
			l3 += tpCoef32[2][t] * l
			r1 += tpCoef32[0][t] * r
			r2 += tpCoef32[1][t] * r
			r3 += tpCoef32[2][t] * r
		}
	}
	return max(pk, abs32(l1), abs32(l2), abs32(l3), abs32(r1), abs32(r2), abs32(r3))
}

// truePeak returns the true peak of x in dBTP.
func truePeak(x []float32) float64 {
	var m float32
	for _, v := range truePeaks(x, 0) {
		m = max(m, v)
	}
	return 20 * math.Log10(float64(m))
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// Limiter timing: the gain reaches its minimum limWindow frames before a
// peak (the mix is offline, so this lookahead is free), and recovers with a
// limRelease time constant.
const (
	limWindow  = SampleRate / 200 // 5 ms
	limRelease = 0.100            // seconds
)

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
	for i := 0; i < n; i++ {
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
	for i := 0; i < n; i++ {
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

// slidingMin writes into dst the minimum of src(j) over j in [i-w, i+w]
// (clamped to [0,n)), calling src once per j, with a monotonic deque: O(n).
func slidingMin(src func(int) float32, n int, dst []float32, w int) {
	type entry struct {
		i int
		v float32
	}
	dq := make([]entry, 0, 2*w+2)
	head := 0
	next := 0 // next index to push
	for i := 0; i < n; i++ {
		for ; next <= min(i+w, n-1); next++ {
			v := src(next)
			for len(dq) > head && dq[len(dq)-1].v >= v {
				dq = dq[:len(dq)-1]
			}
			dq = append(dq, entry{next, v})
		}
		for dq[head].i < i-w {
			head++
		}
		dst[i] = dq[head].v
		if head > 1024 && head*2 > len(dq) {
			dq = append(dq[:0], dq[head:]...)
			head = 0
		}
	}
}
