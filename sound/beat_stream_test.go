package sound

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

const testFPS = float64(beatRate) / beatHop

// synthEnvelope streams seconds of an onset envelope: a strong onset on
// each beat at bpm (with a little timing jitter), a weaker one on the
// off-beat, noise everywhere, and swing (the off-beat late by swing of a
// beat). It is a pure function of its arguments, generated as it is read.
func synthEnvelope(bpm, swing, seconds float64, seed uint64) envSource {
	return func(yield func(float64)) error {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := int(seconds * testFPS)
		period := 60 * testFPS / bpm
		next, off := 0.37*testFPS, 0.0
		for i := range n {
			v := 0.3 * rng.Float64()
			if float64(i) >= next {
				v += 2 + 0.5*rng.Float64()
				off = next + period*(0.5+swing)
				next += period * (1 + 0.02*(rng.Float64()-0.5))
			}
			if off > 0 && float64(i) >= off {
				v += 0.8 * rng.Float64()
				off = 0
			}
			yield(v)
		}
		return nil
	}
}

func collect(src envSource) []float32 {
	var out []float32
	_ = src(func(v float64) { out = append(out, float32(v)) })
	return out
}

// The streaming tracker finds exactly what the whole-envelope one did, on
// tracks long enough for it to commit beats many times.
func TestStreamingTrackerMatchesReference(t *testing.T) {
	cases := []struct{ bpm, swing, secs float64 }{
		{92, 0, 200}, {128, 0.16, 300}, {71, 0.1, 150}, {174, 0, 120}, {110, 0, 5},
	}
	for i, c := range cases {
		raw := collect(synthEnvelope(c.bpm, c.swing, c.secs, uint64(i+1)))
		want := refBeatsOfEnvelope(raw, testFPS)
		got := BeatsOfEnvelope(raw, testFPS)
		if got.Clear != want.Clear || math.Abs(got.Tempo-want.Tempo) > 1e-6 ||
			math.Abs(got.Strength-want.Strength) > 1e-6 || len(got.Beats) != len(want.Beats) {
			t.Fatalf("%v BPM %vs: streamed clear=%v tempo %.4f strength %.4f %d beats; reference clear=%v %.4f %.4f %d",
				c.bpm, c.secs, got.Clear, got.Tempo, got.Strength, len(got.Beats), want.Clear, want.Tempo, want.Strength, len(want.Beats))
		}
		for k := range got.Beats {
			if math.Abs(got.Beats[k]-want.Beats[k]) > 1e-9 {
				t.Fatalf("%v BPM: beat %d at %.4f s, reference %.4f s", c.bpm, k, got.Beats[k], want.Beats[k])
			}
		}
		t.Logf("%v BPM swing %v, %v s: tempo %.2f, %d beats, same as the reference", c.bpm, c.swing, c.secs, got.Tempo, len(got.Beats))
	}
}

// allocated tracks a generated envelope of the given length through the
// same spill file and passes TrackBeats uses, and returns the bytes
// allocated on the heap meanwhile (a bound on the peak) and the beats.
func allocated(t testing.TB, seconds float64) (uint64, int) {
	t.Setenv("TMPDIR", t.TempDir())
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sp, err := newEnvSpill()
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	_ = synthEnvelope(120, 0.1, seconds, 3)(func(v float64) { sp.add(float32(v)) })
	if err := sp.w.Flush(); err != nil {
		t.Fatal(err)
	}
	bt, err := trackEnvelope(sp.source, testFPS)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if !bt.Clear || math.Abs(bt.Tempo-120) > 2.4 {
		t.Fatalf("%v s: tempo %.1f clear %v", seconds, bt.Tempo, bt.Clear)
	}
	return after.TotalAlloc - before.TotalAlloc, len(bt.Beats)
}

// An hour of music costs the tracker what three minutes do, apart from the
// beats it returns (8 bytes each). The old tracker allocated about 7 MB an
// hour; the reference's figure is printed alongside.
func TestBeatTrackerMemoryFlat(t *testing.T) {
	short, nShort := allocated(t, 180)
	long, nLong := allocated(t, 3600)
	beatBytes := uint64(8 * (nLong - nShort))
	t.Logf("heap allocated: 3 min %d KB, 60 min %d KB (ratio %.2f); of the difference %d KB are the %d extra beats",
		short>>10, long>>10, float64(long)/float64(short), beatBytes>>10, nLong-nShort)
	if long > short+beatBytes+32<<10 {
		t.Errorf("60 min allocated %d bytes, 3 min %d: memory grows with the track beyond its beats", long, short)
	}
	raw := collect(synthEnvelope(120, 0.1, 3600, 3))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	refBeatsOfEnvelope(raw, testFPS)
	runtime.ReadMemStats(&after)
	t.Logf("the whole-envelope reference, 60 min: %d KB (+%d KB for the envelope itself)",
		(after.TotalAlloc-before.TotalAlloc)>>10, 4*len(raw)>>10)
}
