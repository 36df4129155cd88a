package testmedia

import (
	"context"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// TestMediaProbes: ffprobe reads the WAV at its rate, channels and length,
// and the JPEG at its size.
func TestMediaProbes(t *testing.T) {
	NeedFFmpeg(t)
	dir := t.TempDir()
	wav := WAV{Rate: 44100, Channels: 1, Seconds: 1.5}.Write(t, filepath.Join(dir, "a.wav"))
	m, err := ffmpeg.Probe(context.Background(), wav)
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Duration.Seconds(); d < 1.49 || d > 1.51 {
		t.Errorf("WAV lasts %v s, want 1.5", d)
	}
	jpg := WriteJPEG(t, filepath.Join(dir, "a.jpg"), Photo(64, 48, 7), 90)
	f, err := os.Open(jpg)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := jpeg.DecodeConfig(f)
	if err != nil || cfg.Width != 64 || cfg.Height != 48 {
		t.Errorf("JPEG is %dx%d (%v), want 64x48", cfg.Width, cfg.Height, err)
	}
}

// TestNeedFFmpegFailsInCI: with CI=true and no ffmpeg, the helper fails
// the test rather than skipping it.
func TestNeedFFmpegFailsInCI(t *testing.T) {
	t.Setenv("CI", "true")
	t.Setenv(ffmpeg.EnvFFmpeg, filepath.Join(t.TempDir(), "no-ffmpeg"))
	ft := &fakeT{TB: t}
	func() {
		defer func() { recover() }() // Fatalf ends the fake test with a panic
		NeedFFmpeg(ft)
	}()
	if !ft.failed || ft.skipped {
		t.Errorf("failed %v, skipped %v: want a failure", ft.failed, ft.skipped)
	}
}

type fakeT struct {
	testing.TB
	failed, skipped bool
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(string, ...any) {
	f.failed = true
	panic("fatal")
}
func (f *fakeT) Skip(...any) {
	f.skipped = true
	panic("skip")
}
