package sound

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// FuzzDecodeWAV feeds the WAV parser arbitrary bytes: it must return
// samples or an error, never panic, and never hold more samples than the
// input has bytes for (a header may claim gigabytes).
func FuzzDecodeWAV(f *testing.F) {
	tone := func(i, ch int) float64 { return math.Sin(float64(i+ch) / 3) }
	for _, w := range []wavSpec{
		{rate: 8000, chans: 1, bits: 8, frames: 5, sample: tone},
		{rate: 44100, chans: 2, bits: 16, frames: 7, sample: tone},
		{rate: 48000, chans: 6, bits: 24, frames: 3, sample: tone},
		{rate: 48000, chans: 2, bits: 32, float: true, frames: 4, sample: tone},
		{rate: 22050, chans: 1, bits: 64, float: true, frames: 2, sample: tone},
	} {
		f.Add(encodeWAV(w))
	}
	huge := encodeWAV(wavSpec{rate: 8000, chans: 1, bits: 8, frames: 4, sample: tone})
	binary.LittleEndian.PutUint32(huge[40:], 0xFFFFFFFE) // data chunk claims 4 GB
	f.Add(huge)
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodeWAV(bytes.NewReader(data))
		if err != nil {
			return
		}
		if p.frames() == 0 || len(p.data)%2 != 0 {
			t.Fatalf("no error but %d samples", len(p.data))
		}
		if len(p.data) > 2*len(data) || cap(p.data) > 2*len(data)+2<<20 {
			t.Fatalf("%d input bytes gave %d samples (capacity %d)", len(data), len(p.data), cap(p.data))
		}
		if p.rate < 1000 || p.rate > 768000 {
			t.Fatalf("rate %d accepted", p.rate)
		}
	})
}
