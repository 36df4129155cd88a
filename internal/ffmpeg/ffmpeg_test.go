package ffmpeg

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, p := range []string{FFmpegName, FFprobeName} {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI: %v", p, err)
			}
			t.Skipf("%s not installed", p)
		}
	}
}

func TestFindBadOverrideIsNamed(t *testing.T) {
	t.Setenv(EnvFFmpeg, "/no/such/ffmpeg")
	_, err := FFmpeg()
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, EnvFFmpeg) || !strings.Contains(msg, "/no/such/ffmpeg") || strings.Contains(msg, "on PATH") {
		t.Errorf("message %q should name %s and its value, not PATH", msg, EnvFFmpeg)
	}
	t.Setenv(EnvFFprobe, t.TempDir())
	if _, err := FFprobe(); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("a folder as ffprobe: %v", err)
	}
}

func TestFindOnPath(t *testing.T) {
	t.Setenv(EnvFFmpeg, "")
	t.Setenv("PATH", t.TempDir())
	_, err := FFmpeg()
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "on PATH") {
		t.Fatalf("err = %v", err)
	}
}

func TestFindOverride(t *testing.T) {
	needFFmpeg(t)
	real, _ := exec.LookPath(FFprobeName)
	link := filepath.Join(t.TempDir(), "my-ffprobe")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvFFprobe, link)
	p, err := FFprobe()
	if err != nil || p != link {
		t.Fatalf("FFprobe = %q, %v; want %q", p, err, link)
	}
	st := Version(context.Background(), FFprobeName)
	if !st.Available || st.Path != link || st.Version == "" {
		t.Errorf("Version = %+v", st)
	}
}

func TestProbe(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "a b.mp4")
	if _, err := Run(context.Background(), FFmpegName, "-v", "error", "-f", "lavfi", "-i", "color=s=64x48:d=1.5:r=10",
		"-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", "1.5", "-c:v", "libx264", "-c:a", "aac", "-y", out); err != nil {
		t.Fatal(err)
	}
	m, err := Probe(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Count("video") != 1 || m.Count("audio") != 1 || len(m.Streams) != 2 {
		t.Errorf("streams %+v", m.Streams)
	}
	if m.Duration < 1400*time.Millisecond || m.Duration > 1700*time.Millisecond {
		t.Errorf("duration %v, want about 1.5 s", m.Duration)
	}
	if v := m.Streams[0]; v.Type == "video" && (v.Width != 64 || v.Height != 48) {
		t.Errorf("video %+v", v)
	}

	// A truncated MP4 (what a full disk leaves) is an error naming the file.
	data, _ := os.ReadFile(out)
	bad := filepath.Join(dir, "cut.mp4")
	os.WriteFile(bad, data[:len(data)/3], 0o644)
	_, err = Probe(context.Background(), bad)
	var fe *Error
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), bad) || len(fe.Stderr) == 0 {
		t.Errorf("probe of a truncated file: %v", err)
	}
}

func TestRunCancel(t *testing.T) {
	needFFmpeg(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, FFmpegName, "-version")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestTail(t *testing.T) {
	w := NewTail(3)
	w.Write([]byte("one\ntwo\r\nthr"))
	w.Write([]byte("ee\n\nfour\nfi"))
	if got := strings.Join(w.Lines(), "|"); got != "three|four|fi" {
		t.Errorf("lines %q", got)
	}
	w.Write([]byte(strings.Repeat("x", 5000) + "\n"))
	for _, l := range w.Lines() {
		if len(l) > maxLineLen {
			t.Errorf("line of %d bytes kept", len(l))
		}
	}
}
