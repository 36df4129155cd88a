package sound

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A ramp from -1 to 1 through the accumulator, with chunk merging forced:
// bucket k's max is the ramp at its end, to within one chunk.
func TestPeakAccumulator(t *testing.T) {
	const n = 100003
	data := make([]float32, n)
	for i := range data {
		data[i] = -1 + 2*float32(i)/float32(n-1)
	}
	for _, limit := range []int{0, 64, 1000} {
		a := peakAcc{limit: limit}
		a.add(data[:5000], 1)
		a.add(data[5000:], 1)
		if a.frames != n {
			t.Fatalf("limit %d: %d frames", limit, a.frames)
		}
		if limit > 0 && len(a.chunks) > limit {
			t.Fatalf("limit %d: %d chunks kept", limit, len(a.chunks))
		}
		const b = 50
		pk := a.buckets(b)
		tol := 4*float64(a.size)/n + 1e-5
		for k, p := range pk {
			lo, hi := -1+2*float64(k)/b, -1+2*float64(k+1)/b
			if math.Abs(float64(p.Min)-lo) > tol || math.Abs(float64(p.Max)-hi) > tol {
				t.Fatalf("limit %d (chunk %d): bucket %d = %+v, want {%v %v}", limit, a.size, k, p, lo, hi)
			}
		}
		if pk[0].Min != -1 || pk[b-1].Max != 1 {
			t.Errorf("limit %d: ends %v %v", limit, pk[0].Min, pk[b-1].Max)
		}
	}
	// More buckets than frames: no empty or out-of-range buckets.
	a := peakAcc{}
	a.add([]float32{0.5, -0.5, 0.25}, 1)
	for _, p := range a.buckets(7) {
		if p.Max < p.Min || p.Max > 0.5 || p.Min < -0.5 {
			t.Errorf("tiny input: bucket %+v", p)
		}
	}
}

// Half a tone, half silence: loud buckets first, quiet ones after; the
// length is right; the result is cached per file, size and bucket count.
func testFilePeaks(t *testing.T, path string, tol float64) {
	t.Helper()
	before := peakDecodes.Load()
	pk, secs, err := FilePeaks(t.Context(), path, 20)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(secs-2) > 0.06 {
		t.Errorf("%s: %v s, want 2", path, secs)
	}
	for k, p := range pk[:9] {
		if math.Abs(float64(p.Max)-0.5) > tol || math.Abs(float64(p.Min)+0.5) > tol {
			t.Errorf("%s: bucket %d = %+v, want ±0.5", path, k, p)
		}
	}
	for k, p := range pk[11:] {
		if p.Max > 0.02 || p.Min < -0.02 {
			t.Errorf("%s: bucket %d = %+v, want silence", path, k+11, p)
		}
	}
	again, _, err := FilePeaks(t.Context(), path, 20)
	if err != nil || len(again) != 20 || again[3] != pk[3] {
		t.Fatal("second call differs")
	}
	if d := peakDecodes.Load() - before; d != 1 {
		t.Errorf("%s: decoded %d times for two calls, want 1 (cache)", path, d)
	}
	if _, _, err := FilePeaks(t.Context(), path, 40); err != nil || peakDecodes.Load()-before != 2 {
		t.Errorf("another bucket count must be computed anew")
	}
}

func halfTone(rate int) wavSpec {
	return wavSpec{rate: rate, chans: 1, bits: 16, frames: 2 * rate, sample: func(i, _ int) float64 {
		if i >= rate {
			return 0
		}
		return 0.5 * math.Sin(2*math.Pi*440*float64(i)/float64(rate))
	}}
}

func TestFilePeaksWAV(t *testing.T) {
	testFilePeaks(t, writeWAV(t, "half.wav", halfTone(44100)), 0.01)
}

func TestFilePeaksMP3(t *testing.T) {
	needFFmpeg(t)
	src := writeWAV(t, "half.wav", halfTone(44100))
	mp3 := convert(t, src, filepath.Join(t.TempDir(), "half.mp3"), "-c:a", "libmp3lame", "-b:a", "128k")
	testFilePeaks(t, mp3, 0.05)
}

func TestFilePeaksAsyncAndErrors(t *testing.T) {
	path := writeWAV(t, "half.wav", halfTone(22050))
	done := make(chan error, 1)
	var got []Peak
	FilePeaksAsync(path, 10, func(p []Peak, s float64, err error) {
		got = p
		done <- err
	})
	select {
	case err := <-done:
		if err != nil || len(got) != 10 {
			t.Fatalf("async: %d peaks, %v", len(got), err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the ready callback never came")
	}

	empty := filepath.Join(t.TempDir(), "empty.mp3")
	os.WriteFile(empty, nil, 0o644)
	FilePeaksAsync(empty, 10, func(p []Peak, s float64, err error) { done <- err })
	if err := <-done; err == nil {
		t.Error("empty file: no error")
	}
	junk := filepath.Join(t.TempDir(), "junk.ogg")
	os.WriteFile(junk, []byte("garbage garbage garbage garbage"), 0o644)
	if _, _, err := FilePeaks(t.Context(), junk, 10); err == nil {
		t.Error("junk file: no error")
	}
	if _, _, err := FilePeaks(t.Context(), path, 0); err == nil {
		t.Error("0 buckets: no error")
	}
}
