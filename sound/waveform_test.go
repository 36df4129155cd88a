package sound

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/internal/testmedia"
)

// TestMain points the on-disk caches at a temporary folder, never at the
// user's.
func TestMain(m *testing.M) {
	// The tests' files are written a moment before they are decoded: seen
	// from a minute later they are quiet, so the disk caches keep them
	// (TestRacyFilesAreNotKept looks at the present).
	cacheClock = func() time.Time { return time.Now().Add(time.Minute) }
	testmedia.RunIsolated(m, "sound-cache-")
}

// A ramp from -1 to 1: every level of the summary agrees with it, at any
// zoom, and buckets past the end are zero.
func TestSummaryLevels(t *testing.T) {
	const n = 1_000_003
	data := make([]float32, n)
	for i := range data {
		data[i] = -1 + 2*float32(i)/float32(n-1)
	}
	var a summaryAcc
	a.add(data[:5000], 1)
	a.add(data[5000:], 1)
	s := a.summary(8000)
	if s.frames != n || len(s.levels) < 4 {
		t.Fatalf("%d frames, %d levels", s.frames, len(s.levels))
	}
	for _, b := range []int{1, 7, 50, 2000, 9000} {
		pk := s.Peaks(0, s.Duration(), b)
		chunkTol := 2 * float64(summaryBase) * math.Pow(summaryFactor, float64(len(s.levels))) / n
		for k, p := range pk {
			lo, hi := -1+2*float64(k)/float64(b), -1+2*float64(k+1)/float64(b)
			tol := math.Max(2.0/float64(b), 1e-3)
			if b >= 50 {
				tol = math.Min(chunkTol, 4*2.0/float64(b)+4*float64(summaryBase)*2/n)
			}
			if float64(p.Min) > lo+1e-4 || float64(p.Max) < hi-1e-4 || float64(p.Min) < lo-tol || float64(p.Max) > hi+tol {
				t.Fatalf("%d buckets: bucket %d = %+v, want about {%v %v} (tol %v)", b, k, p, lo, hi, tol)
			}
		}
	}
	// A window past the end, and a zoom to 10 ms.
	end := s.Duration()
	for _, p := range s.Peaks(end, end+time.Second, 10) {
		if p != (Peak{}) {
			t.Fatalf("past the end: %+v", p)
		}
	}
	pk := s.Peaks(time.Minute, time.Minute+10*time.Millisecond, 4)
	want := -1 + 2*float32(60*8000)/float32(n-1)
	if math.Abs(float64(pk[0].Min-want)) > 0.002 {
		t.Errorf("zoomed: %+v, want near %v", pk[0], want)
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
	if _, _, err := FilePeaks(t.Context(), path, 40); err != nil {
		t.Fatal(err)
	}
	if d := peakDecodes.Load() - before; d != 1 {
		t.Errorf("%s: decoded %d times for three calls, want 1 (cache)", path, d)
	}
	// A new process: the summary comes from the disk cache.
	resetSummaryMem()
	s, err := FileSummary(t.Context(), path)
	if err != nil || peakDecodes.Load()-before != 1 || s.Peaks(0, s.Duration(), 20)[3] != pk[3] {
		t.Errorf("%s: from disk: %v, %d decodes", path, err, peakDecodes.Load()-before)
	}
	// An edited file is decoded again.
	later := time.Now().Add(time.Minute)
	os.Chtimes(path, later, later)
	if _, err := FileSummary(t.Context(), path); err != nil || peakDecodes.Load()-before != 2 {
		t.Errorf("%s: touched file not decoded again: %v", path, err)
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

func resetSummaryMem() {
	summaryMem = lru.New[fileKey, *Summary](summaryMemBytes, nil)
}

func TestProbeDuration(t *testing.T) {
	needFFmpeg(t)
	src := writeWAV(t, "half.wav", halfTone(44100))
	mp3 := convert(t, src, filepath.Join(t.TempDir(), "half.mp3"), "-c:a", "libmp3lame", "-b:a", "128k")
	for _, p := range []string{src, mp3} {
		d, err := ProbeDuration(t.Context(), p)
		if err != nil || math.Abs(d.Seconds()-2) > 0.06 {
			t.Errorf("%s: %v, %v; want 2 s", p, d, err)
		}
	}
	junk := filepath.Join(t.TempDir(), "junk.mp3")
	os.WriteFile(junk, []byte("garbage garbage garbage"), 0o644)
	if _, err := ProbeDuration(t.Context(), junk); err == nil || !strings.Contains(err.Error(), "junk.mp3") {
		t.Errorf("junk: %v", err)
	}
}
