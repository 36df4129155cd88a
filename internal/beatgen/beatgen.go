// Package beatgen synthesises test music with a known beat for the beat
// tracker's tests and benchmark: a kick drum on every beat, a hi-hat on
// every off-beat, a sustained pad underneath, the first beat not at 0; and
// music with no clear beat (a pad and notes at random times).
package beatgen

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
)

// Rate is the sample rate of the generated tracks.
const Rate = 44100

// Track is generated music: mono samples in [-1, 1] and the true beat
// times in seconds (none for music without a beat).
type Track struct {
	Samples []float32
	Beats   []float64
}

// Seconds is the track's length.
func (t Track) Seconds() float64 { return float64(len(t.Samples)) / Rate }

// Beat returns seconds of music at bpm whose first beat is at first
// seconds: kick on the beats, hi-hat on the off-beats, a pad.
func Beat(bpm, first, seconds float64, seed uint64) Track {
	n := int(seconds * Rate)
	out := make([]float64, n)
	rng := rand.New(rand.NewPCG(seed, 1))
	pad(out, rng)
	var beats []float64
	period := 60 / bpm
	for t := first; t < seconds; t += period {
		beats = append(beats, t)
		kick(out, t)
		if t+period/2 < seconds {
			hat(out, t+period/2, rng)
		}
	}
	return Track{Samples: toFloat32(out), Beats: beats}
}

// NoBeat returns seconds of music without a clear beat: a pad with slow
// swells and soft notes at random (Poisson) times.
func NoBeat(seconds float64, seed uint64) Track {
	n := int(seconds * Rate)
	out := make([]float64, n)
	rng := rand.New(rand.NewPCG(seed, 2))
	pad(out, rng)
	for t := rng.ExpFloat64() * 0.7; t < seconds; t += rng.ExpFloat64() * 0.7 {
		note(out, t, 200+600*rng.Float64(), 0.15+0.1*rng.Float64())
	}
	return Track{Samples: toFloat32(out)}
}

func pad(out []float64, rng *rand.Rand) {
	freqs := []float64{110, 164.8, 220, 277.2, 329.6}
	ph := rng.Float64() * 6
	for i := range out {
		t := float64(i) / Rate
		v := 0.0
		for _, f := range freqs {
			v += math.Sin(2 * math.Pi * f * t)
		}
		out[i] += 0.03 * v * (0.7 + 0.3*math.Sin(2*math.Pi*0.11*t+ph))
	}
}

func kick(out []float64, at float64) {
	i0 := int(at * Rate)
	phase := 0.0
	for i := i0; i < len(out) && i < i0+int(0.3*Rate); i++ {
		t := float64(i-i0) / Rate
		f := 50 + 100*math.Exp(-t/0.03)
		phase += 2 * math.Pi * f / Rate
		out[i] += 0.8 * math.Exp(-t/0.12) * math.Sin(phase)
	}
}

func hat(out []float64, at float64, rng *rand.Rand) {
	i0 := int(at * Rate)
	prev := 0.0
	for i := i0; i < len(out) && i < i0+int(0.08*Rate); i++ {
		t := float64(i-i0) / Rate
		w := rng.Float64()*2 - 1
		out[i] += 0.35 * math.Exp(-t/0.025) * (w - prev) / 2 // high-passed noise
		prev = w
	}
}

func note(out []float64, at, freq, amp float64) {
	i0 := int(at * Rate)
	for i := i0; i < len(out) && i < i0+int(1.5*Rate); i++ {
		t := float64(i-i0) / Rate
		env := math.Min(1, t/0.08) * math.Exp(-t/0.5)
		out[i] += amp * env * math.Sin(2*math.Pi*freq*t)
	}
}

func toFloat32(v []float64) []float32 {
	peak := 0.0
	for _, x := range v {
		peak = math.Max(peak, math.Abs(x))
	}
	g := 1.0
	if peak > 0.95 {
		g = 0.95 / peak
	}
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x * g)
	}
	return out
}

// WriteWAV writes the track as a 16-bit mono WAV file.
func (t Track) WriteWAV(path string) error {
	var data bytes.Buffer
	for _, v := range t.Samples {
		_ = binary.Write(&data, binary.LittleEndian, int16(math.Round(float64(v)*32767)))
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(36+data.Len()))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(Rate), uint32(Rate * 2), uint16(2), uint16(16)} {
		_ = binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, uint32(data.Len()))
	b.Write(data.Bytes())
	return os.WriteFile(path, b.Bytes(), 0o644)
}
