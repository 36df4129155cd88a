package sound

import (
	"math"
	"runtime"
	"sync"
)

// The resampler is our own polyphase windowed-sinc (Kaiser, beta 8.6, 16
// zero crossings each side, cutoff at 95 % of the lower Nyquist frequency,
// every phase normalised to unity DC gain) rather than beep.Resample, for
// three reasons:
//
//   - Exact positions. Output frame j reads input position j*in/out computed
//     in integers (quotient and remainder), so nothing accumulates: a
//     22.05 kHz clip placed after an hour of music lands on the same sample
//     as a 48 kHz one. beep.Resample steps a float position.
//   - Exact length: an n-frame input gives round(n*out/in) frames, so
//     Durations and the mix agree on every clip's length.
//   - Quality: about -80 dB stopband, against beep's Lagrange polynomials.
//
// It works on whole clips in memory, split across the available cores.

const (
	rsZeroCrossings = 16
	rsMaxPhases     = 4096
	rsBeta          = 8.6
)

// resampledLen is the output length of an n-frame clip resampled from in
// to out Hz.
func resampledLen(n, in, out int) int {
	return int((int64(n)*int64(out) + int64(in)/2) / int64(in))
}

// resample converts interleaved stereo audio from p.rate to out Hz.
func resample(p pcm, out int) []float32 {
	in := p.rate
	if in == out {
		return p.data
	}
	n := p.frames()
	m := resampledLen(n, in, out)
	dst := make([]float32, 2*m)
	k := newKernel(in, out)

	workers := runtime.GOMAXPROCS(0)
	if m < 1<<15 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := m*w/workers, m*(w+1)/workers
		wg.Go(func() {
			k.run(p.data, n, dst, lo, hi)
		})
	}
	wg.Wait()
	return dst
}

type kernel struct {
	in, out  int
	half     int // taps each side of the position
	phases   int
	exact    bool      // phases == out/gcd: phase = rem/g
	g        int       // gcd(in, out)
	coef     []float32 // phases * 2*half
	tapCount int
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func newKernel(in, out int) *kernel {
	c := 0.95 * math.Min(1, float64(out)/float64(in))
	half := int(math.Ceil(rsZeroCrossings / c))
	g := gcd(in, out)
	k := &kernel{in: in, out: out, half: half, g: g, tapCount: 2 * half}
	k.phases = out / g
	k.exact = true
	if k.phases > rsMaxPhases {
		k.phases = rsMaxPhases
		k.exact = false
	}
	k.coef = make([]float32, k.phases*k.tapCount)
	w := float64(half)
	for ph := 0; ph < k.phases; ph++ {
		f := float64(ph) / float64(k.phases) // fractional position in [0,1)
		row := k.coef[ph*k.tapCount : (ph+1)*k.tapCount]
		var sum float64
		tmp := make([]float64, k.tapCount)
		for i := range tmp {
			t := float64(i-half+1) - f // tap offset from the position, in input samples
			v := c * sinc(c*t) * kaiser(t/w, rsBeta)
			tmp[i] = v
			sum += v
		}
		for i := range tmp {
			row[i] = float32(tmp[i] / sum)
		}
	}
	return k
}

// run writes output frames [lo, hi).
func (k *kernel) run(src []float32, n int, dst []float32, lo, hi int) {
	for j := lo; j < hi; j++ {
		num := int64(j) * int64(k.in)
		i0 := int(num / int64(k.out))
		rem := int(num % int64(k.out))
		var ph int
		if k.exact {
			ph = rem / k.g
		} else {
			ph = int((int64(rem)*int64(k.phases) + int64(k.out)/2) / int64(k.out))
			if ph == k.phases {
				ph = 0
				i0++
			}
		}
		row := k.coef[ph*k.tapCount : (ph+1)*k.tapCount]
		first := i0 - k.half + 1
		var l, r float32
		if first >= 0 && first+k.tapCount <= n {
			s := src[2*first : 2*(first+k.tapCount)]
			for t, c := range row {
				l += c * s[2*t]
				r += c * s[2*t+1]
			}
		} else {
			for t, c := range row {
				i := first + t
				if i < 0 || i >= n {
					continue
				}
				l += c * src[2*i]
				r += c * src[2*i+1]
			}
		}
		dst[2*j] = l
		dst[2*j+1] = r
	}
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	px := math.Pi * x
	return math.Sin(px) / px
}

// kaiser is the Kaiser window at x in [-1, 1] (0 outside).
func kaiser(x, beta float64) float64 {
	if x < -1 || x > 1 {
		return 0
	}
	return bessel0(beta*math.Sqrt(1-x*x)) / bessel0(beta)
}

func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < 1e-12*sum {
			break
		}
	}
	return sum
}
