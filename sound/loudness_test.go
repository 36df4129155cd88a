package sound

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// signal builds interleaved stereo from per-channel functions of time.
func signal(seconds float64, l, r func(t float64) float64) []float32 {
	n := int(seconds * SampleRate)
	x := make([]float32, 2*n)
	for i := range n {
		t := float64(i) / SampleRate
		x[2*i], x[2*i+1] = float32(l(t)), float32(r(t))
	}
	return x
}

func tone(freq, dbfs float64) func(float64) float64 {
	a := math.Pow(10, dbfs/20)
	return func(t float64) float64 { return a * math.Sin(2*math.Pi*freq*t) }
}

func silence(float64) float64 { return 0 }

// Reference values from EBU Tech 3341 (the BS.1770 conformance signals):
// a 1 kHz sine at -23 dBFS in both channels reads -23.0 LUFS, the gated
// sequences -36/-23/-36 (10/60/10 s) and -72/-36/-23/-36/-72 dBFS
// (10/10/60/10/10 s) read -23.0 as well. The gated sequences run at half
// those durations here (the gates depend only on the proportions).
// In one channel only it reads 3.01 LU less (the channels' powers add).
func TestIntegratedLoudness(t *testing.T) {
	seq := func(levels, secs []float64) []float32 {
		var x []float32
		for i, l := range levels {
			x = append(x, signal(secs[i], tone(1000, l), tone(1000, l))...)
		}
		return x
	}
	for _, tc := range []struct {
		name string
		x    []float32
		want float64
	}{
		{"stereo -23", signal(10, tone(1000, -23), tone(1000, -23)), -23},
		{"stereo -33", signal(5, tone(1000, -33), tone(1000, -33)), -33},
		{"997 Hz 0 dBFS", signal(5, tone(997, 0), tone(997, 0)), 0},
		{"left only -20", signal(10, tone(1000, -20), silence), -23.01},
		{"gated 3341-3", seq([]float64{-36, -23, -36}, []float64{5, 30, 5}), -23},
		{"gated 3341-4", seq([]float64{-72, -36, -23, -36, -72}, []float64{5, 5, 30, 5, 5}), -23},
	} {
		got := integratedLoudness(tc.x, 1, nil)
		if math.Abs(got-tc.want) > 0.1 {
			t.Errorf("%s: %.3f LUFS, want %.2f ±0.1", tc.name, got, tc.want)
		}
	}
	if l := integratedLoudness(signal(0.3, tone(1000, 0), tone(1000, 0)), 1, nil); !math.IsInf(l, -1) {
		t.Errorf("shorter than one block: %v, want -Inf", l)
	}
	if l := integratedLoudness(signal(2, tone(1000, -80), tone(1000, -80)), 1, nil); !math.IsInf(l, -1) {
		t.Errorf("below the absolute gate: %v, want -Inf", l)
	}
}

// A 12 kHz sine sampled 45° off its peaks: samples reach only -3 dBFS, the
// true peak is 0 dBTP.
func TestTruePeak(t *testing.T) {
	x := signal(1, func(t float64) float64 { return math.Sin(2*math.Pi*12000*t + math.Pi/4) },
		func(t float64) float64 { return 0.5 * math.Sin(2*math.Pi*1000*t) })
	var sp float32
	for _, v := range x {
		sp = max(sp, abs32(v))
	}
	if s := 20 * math.Log10(float64(sp)); math.Abs(s+3.01) > 0.05 {
		t.Fatalf("sample peak %v dBFS", s)
	}
	if tp := truePeak(x); math.Abs(tp) > 0.2 {
		t.Errorf("true peak %.3f dBTP, want 0", tp)
	}
}

// referenceTruePeak measures the true peak independently of truePeaks: 8x
// oversampling through the clip resampler (a different, longer filter).
func referenceTruePeak(x []float32) float64 {
	up := resample(pcm{rate: SampleRate, data: x}, 8*SampleRate)
	var m float32
	for _, v := range up {
		m = max(m, abs32(v))
	}
	return 20 * math.Log10(float64(m))
}

func TestNormalizeMix(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name  string
		music func(i, ch int) float64
	}{
		{"quiet chord", func(i, ch int) float64 {
			t := float64(i) / SampleRate
			return 0.02*math.Sin(2*math.Pi*220*t) + 0.02*math.Sin(2*math.Pi*330*t+float64(ch)) + 0.01*math.Sin(2*math.Pi*12000*t+math.Pi/4)
		}},
		// Sparse spikes over a quiet bed: the constant gain alone would
		// push the spikes far over the ceiling, so the limiter must act.
		{"spiky", func(i, ch int) float64 {
			t := float64(i) / SampleRate
			v := 0.03 * math.Sin(2*math.Pi*440*t)
			if i%9000 < 3 {
				v += 0.5
			}
			return v + 0.002*(rng.Float64()-0.5)
		}},
		{"loud", func(i, ch int) float64 {
			t := float64(i) / SampleRate
			return 0.95 * math.Sin(2*math.Pi*100*t)
		}},
	} {
		p := newTestProject(3, 2)
		p.Timing = project.TimingFixed
		p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "m.wav", wavSpec{frames: 3 * SampleRate, sample: tc.music})}}
		p.Slides[1].Narration = &project.MediaRef{Path: writeWAV(t, "n.wav", wavSpec{rate: 22050, chans: 1, bits: 16, frames: 22050,
			sample: func(i, _ int) float64 {
				t := float64(i) / 22050
				return 0.2 * math.Sin(2*math.Pi*300*t) * math.Sin(math.Pi*t)
			}})}
		p.Soundtrack.Ducking = project.Ducking{Enabled: true, DepthDB: -12, Attack: 0.15, Release: 0.4}
		p.Soundtrack.FadeOut = 2
		p.Soundtrack.Normalize = true
		p.Soundtrack.TargetLUFS = -14
		p.Soundtrack.CeilingDBTP = -1
		m, _ := mustMix(t, p)
		l := integratedLoudness(m.testData(), 1, nil)
		tp := referenceTruePeak(m.testData())
		t.Logf("%s: gain %+.2f dB, %.2f LUFS, %.2f dBTP", tc.name, m.normGainDB, l, tp)
		if math.Abs(l+14) > 0.5 {
			t.Errorf("%s: %.2f LUFS after normalisation, want -14 ±0.5", tc.name, l)
		}
		if tp > -1 {
			t.Errorf("%s: true peak %.2f dBTP over the -1 dBTP ceiling", tc.name, tp)
		}
		// The same project mixes to the same samples (preview == export).
		m2, _ := mustMix(t, p)
		for i := range m.testData() {
			if m.testData()[i] != m2.testData()[i] {
				t.Fatalf("%s: two mixes differ at %d", tc.name, i)
			}
		}
	}
}

func TestSlidingMin(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	src := make([]float32, 500)
	for i := range src {
		src[i] = rng.Float32()
	}
	dst := make([]float32, len(src))
	for _, w := range []int{0, 1, 7, 600} {
		slidingMin(func(i int) float32 { return src[i] }, len(src), dst, w)
		for i := range src {
			want := float32(2)
			for j := max(0, i-w); j <= min(len(src)-1, i+w); j++ {
				want = min(want, src[j])
			}
			if dst[i] != want {
				t.Fatalf("w=%d i=%d: %v, want %v", w, i, dst[i], want)
			}
		}
	}
}

// The waveform NewMix keeps from its last measuring pass is the one a
// fresh pass over the final samples gives.
func TestNormalizedMixSummary(t *testing.T) {
	p := newTestProject(3, 2)
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "m.wav", wavSpec{frames: 6 * SampleRate, sample: sine(220, 0.05, SampleRate)})}}
	p.Soundtrack.Normalize, p.Soundtrack.TargetLUFS, p.Soundtrack.CeilingDBTP = true, -14, -1
	m, _ := mustMix(t, p)
	if m.sum == nil {
		t.Fatal("NewMix kept no waveform")
	}
	acc := summaryAcc{base: mixSummaryBase}
	acc.add(m.testData(), 2)
	want := acc.summary(SampleRate)
	got, _ := m.Summary(t.Context())
	a, b := got.Peaks(0, got.Duration(), 300), want.Peaks(0, want.Duration(), 300)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("bucket %d: %+v, want %+v", i, a[i], b[i])
		}
	}
}
