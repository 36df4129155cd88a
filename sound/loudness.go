package sound

import (
	"math"
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

// True-peak oversampling: phases at 1/4, 2/4, 3/4 between frames.
const (
	tpHalf   = 8 // taps each side
	tpFactor = 4
)

var tpCoef = func() [tpFactor - 1][2 * tpHalf]float64 {
	var c [tpFactor - 1][2 * tpHalf]float64
	for p := 1; p < tpFactor; p++ {
		f := float64(p) / tpFactor
		for t := range 2 * tpHalf {
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

func truePeakAt(x []float32, n, i int) float32 {
	pk := max(abs32(x[2*i]), abs32(x[2*i+1]))
	first := i - tpHalf + 1
	var l1, l2, l3, r1, r2, r3 float32
	if first >= 0 && first+2*tpHalf <= n {
		s := x[2*first : 2*(first+2*tpHalf)]
		for t := range 2 * tpHalf {
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
		for t := range 2 * tpHalf {
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

// minEntry is an entry of slidingMin's monotonic deque.
type minEntry struct {
	i int
	v float32
}

// slidingMin writes into dst the minimum of src(j) over j in [i-w, i+w]
// (clamped to [0,n)), calling src once per j, with a monotonic deque: O(n).
func slidingMin(src func(int) float32, n int, dst []float32, w int) {
	var dq []minEntry
	slidingMinBuf(src, n, dst, w, &dq)
}

// slidingMinBuf is slidingMin with its deque in *buf, grown as needed and
// kept for the next call (the limiter runs it once per block: a new deque
// each time was most of the garbage of an hour's mix).
func slidingMinBuf(src func(int) float32, n int, dst []float32, w int, buf *[]minEntry) {
	dq := (*buf)[:0]
	if cap(dq) < 2*w+2 {
		dq = make([]minEntry, 0, 2*w+2)
	}
	head := 0
	next := 0 // next index to push
	for i := range n {
		for ; next <= min(i+w, n-1); next++ {
			v := src(next)
			for len(dq) > head && dq[len(dq)-1].v >= v {
				dq = dq[:len(dq)-1]
			}
			dq = append(dq, minEntry{next, v})
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
	*buf = dq[:0]
}
