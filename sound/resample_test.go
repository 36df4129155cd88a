package sound

import (
	"math"
	"testing"
)

// A tone through the resampler keeps its level (flat passband) and gains
// nothing else (imaging and aliasing below -70 dB), up and down.
func TestResampleQuality(t *testing.T) {
	for _, tc := range []struct {
		in   int
		freq float64
	}{{22050, 1000}, {22050, 9000}, {44100, 440}, {44100, 15000}, {96000, 12000}, {8000, 3000}} {
		n := tc.in // one second
		src := make([]float32, 2*n)
		for i := range n {
			v := float32(0.5 * math.Sin(2*math.Pi*tc.freq*float64(i)/float64(tc.in)))
			src[2*i], src[2*i+1] = v, v
		}
		out := resample(pcm{rate: tc.in, data: src}, SampleRate)
		if len(out) != 2*SampleRate {
			t.Fatalf("%d Hz: %d frames, want %d", tc.in, len(out)/2, SampleRate)
		}
		// Least-squares fit of a sine and cosine at freq over the middle
		// (away from the clip's edges), then the residual.
		var ss, sc, cc, ys, yc float64
		lo, hi := SampleRate/4, 3*SampleRate/4
		for i := lo; i < hi; i++ {
			w := 2 * math.Pi * tc.freq * float64(i) / SampleRate
			s, c, y := math.Sin(w), math.Cos(w), float64(out[2*i])
			ss += s * s
			sc += s * c
			cc += c * c
			ys += y * s
			yc += y * c
		}
		det := ss*cc - sc*sc
		a, b := (ys*cc-yc*sc)/det, (yc*ss-ys*sc)/det
		var res float64
		for i := lo; i < hi; i++ {
			w := 2 * math.Pi * tc.freq * float64(i) / SampleRate
			d := float64(out[2*i]) - a*math.Sin(w) - b*math.Cos(w)
			res += d * d
		}
		amp := math.Hypot(a, b)
		resDB := 10*math.Log10(res/float64(hi-lo)) - 20*math.Log10(amp/math.Sqrt2)
		if math.Abs(20*math.Log10(amp/0.5)) > 0.05 {
			t.Errorf("%d Hz -> 48 kHz, %v Hz tone: level %.3f dB off", tc.in, tc.freq, 20*math.Log10(amp/0.5))
		}
		if math.Abs(b) > 1e-3 {
			t.Errorf("%d Hz -> 48 kHz, %v Hz tone: phase shifted (cos part %v): positions are off", tc.in, tc.freq, b)
		}
		t.Logf("%d Hz, %v Hz: level %+.4f dB, residual %.1f dB", tc.in, tc.freq, 20*math.Log10(amp/0.5), resDB)
		if resDB > -70 {
			t.Errorf("%d Hz -> 48 kHz, %v Hz tone: residual %.1f dB", tc.in, tc.freq, resDB)
		}
	}
}
