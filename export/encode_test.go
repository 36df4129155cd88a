package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// checkVideo asserts the properties every export must have.
func checkVideo(t *testing.T, path string, w, h, fps, frames int, samples int) {
	t.Helper()
	p := ffprobe(t, path)
	var v, a int = -1, -1
	for i, s := range p.Streams {
		switch s.CodecType {
		case "video":
			v = i
		case "audio":
			a = i
		}
	}
	if v < 0 {
		t.Fatalf("%s: no video stream", path)
	}
	vs := p.Streams[v]
	if vs.CodecName != "h264" || vs.PixFmt != "yuv420p" || vs.Width != w || vs.Height != h {
		t.Errorf("video stream %s %s %dx%d, want h264 yuv420p %dx%d", vs.CodecName, vs.PixFmt, vs.Width, vs.Height, w, h)
	}
	if vs.ColorSpace != "bt709" || vs.ColorPrimaries != "bt709" || vs.ColorTransfer != "bt709" || vs.ColorRange != "tv" {
		t.Errorf("colour tags space=%s primaries=%s trc=%s range=%s, want bt709 x3 and tv",
			vs.ColorSpace, vs.ColorPrimaries, vs.ColorTransfer, vs.ColorRange)
	}
	if vs.RFrameRate != fmt.Sprintf("%d/1", fps) {
		t.Errorf("frame rate %s, want %d/1", vs.RFrameRate, fps)
	}
	if vs.NbFrames != fmt.Sprint(frames) {
		t.Errorf("nb_frames %s, want %d", vs.NbFrames, frames)
	}
	if n := countFrames(t, path); n != frames {
		t.Errorf("decoded %d frames, want %d", n, frames)
	}
	wantDur := float64(frames) / float64(fps)
	vd := atof(t, vs.Duration)
	if math.Abs(vd-wantDur) > 1e-3 {
		t.Errorf("video duration %v s, want %v s", vd, wantDur)
	}
	if samples == 0 {
		if a >= 0 {
			t.Errorf("unexpected audio stream")
		}
		return
	}
	if a < 0 {
		t.Fatalf("%s: no audio stream", path)
	}
	as := p.Streams[a]
	if as.CodecName != "aac" || as.SampleRate != "48000" || as.Channels != 2 {
		t.Errorf("audio stream %s %s Hz %d ch, want aac 48000 Hz 2 ch", as.CodecName, as.SampleRate, as.Channels)
	}
	// The container's audio duration (priming removed by the edit list) is
	// exact: duration_ts in 1/48000 units equals the samples we piped.
	if as.TimeBase == "1/48000" && as.DurationTS != int64(samples) {
		t.Errorf("audio duration_ts %d samples, want %d", as.DurationTS, samples)
	}
	if ad := atof(t, as.Duration); math.Abs(ad-vd) > 1.0/SampleRate {
		t.Errorf("audio lasts %v s, video %v s: want equal", ad, vd)
	}
	// Decoding gives whole AAC frames (1024 samples): the sample count is
	// at least what we sent and less than one AAC frame more.
	if got := decodedSamples(t, path); got < samples || got >= samples+1024 {
		t.Errorf("decoded %d audio samples, want %d (+ < 1024 padding)", got, samples)
	}
}

func TestEncodeTiny(t *testing.T) {
	dir, out := newOutput(t, "tiny.mp4")
	const frames = 48
	samples := 2 * SampleRate
	var got []Progress
	err := Encode(context.Background(), Job{
		Settings: tinySettings(out), Frames: frames, Video: barSource,
		Audio: sinePCM(samples), Samples: samples,
	}, func(p Progress) { got = append(got, p) })
	if err != nil {
		t.Fatal(err)
	}
	checkVideo(t, out, 160, 90, 24, frames, samples)
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("output mode %v (%v), want -rw-r--r--", st.Mode(), err)
	}
	if names := listDir(t, dir); len(names) != 1 || names[0] != "tiny.mp4" {
		t.Errorf("folder holds %v, want only tiny.mp4", names)
	}
	if len(got) < 2 {
		t.Fatalf("%d progress callbacks, want at least the first and the last", len(got))
	}
	if f := got[0]; f.Frame != 0 || f.Total != frames {
		t.Errorf("first progress %+v", f)
	}
	last := got[len(got)-1]
	if last.Frame != frames || last.Total != frames || last.ETA != 0 {
		t.Errorf("last progress %+v, want %d/%d", last, frames, frames)
	}
	for i, p := range got[:len(got)-1] {
		if p.Frame >= frames {
			t.Errorf("progress %d reports %d/%d before the file was complete", i, p.Frame, p.Total)
		}
		if i > 0 && p.Frame < got[i-1].Frame {
			t.Errorf("progress went back from %d to %d", got[i-1].Frame, p.Frame)
		}
	}
}

func TestEncodeFrameRatesAndContainers(t *testing.T) {
	needFFmpeg(t)
	for _, c := range []struct {
		name   string
		fps    int
		frames int
	}{
		{"a.mov", 30, 31}, {"b.mkv", 25, 26}, {"c.m4v", 60, 61}, {"noext", 50, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), c.name)
			s := tinySettings(out)
			s.FPS = c.fps
			samples := c.frames * SampleRate / c.fps
			if err := Encode(context.Background(), Job{Settings: s, Frames: c.frames, Video: barSource, Audio: sinePCM(samples), Samples: samples}, nil); err != nil {
				t.Fatal(err)
			}
			p := ffprobe(t, out)
			if len(p.Streams) != 2 {
				t.Fatalf("%d streams, want 2", len(p.Streams))
			}
			if n := countFrames(t, out); n != c.frames {
				t.Errorf("decoded %d frames, want %d", n, c.frames)
			}
		})
	}
}

func TestEncodeWithoutAudio(t *testing.T) {
	needFFmpeg(t)
	out := filepath.Join(t.TempDir(), "silent.mp4")
	if err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 10, Video: barSource}, nil); err != nil {
		t.Fatal(err)
	}
	checkVideo(t, out, 160, 90, 24, 10, 0)
}

func TestEncodeAudioThroughFile(t *testing.T) {
	needFFmpeg(t)
	old := forceAudioFile
	forceAudioFile = true
	defer func() { forceAudioFile = old }()
	dir := t.TempDir()
	out := filepath.Join(dir, "viafile.mp4")
	samples := 24 * SampleRate / 24
	if err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 24, Video: barSource, Audio: sinePCM(samples), Samples: samples}, nil); err != nil {
		t.Fatal(err)
	}
	checkVideo(t, out, 160, 90, 24, 24, samples)
	checkFiles(t, dir, 1)
}

// oddPaths are output names a shell or ffmpeg could misread.
var oddPaths = []string{
	"-y.mp4",
	"-i input.mp4",
	`it's "quoted" & $HOME; rm -rf x.mp4`,
	"ünïcødé 日本語 🎞.mp4",
	"pipe:1.mp4",
	"with:colon.mp4",
}

func TestEncodeOddPaths(t *testing.T) {
	needFFmpeg(t)
	base := filepath.Join(t.TempDir(), "folder with space -and dash")
	if err := os.Mkdir(base, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range oddPaths {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(base, name)
			if err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 3, Video: barSource}, nil); err != nil {
				t.Fatal(err)
			}
			if n := countFrames(t, out); n != 3 {
				t.Errorf("%d frames, want 3", n)
			}
		})
	}
	want := append([]string(nil), oddPaths...)
	if got := listDir(t, base); len(got) != len(want) {
		t.Errorf("folder holds %q, want exactly the %d outputs", got, len(want))
	}
	// A relative output starting with '-' in the working directory.
	wd, _ := os.Getwd()
	if err := os.Chdir(base); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if err := Encode(context.Background(), Job{Settings: tinySettings("-f.mp4"), Frames: 2, Video: barSource}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(base, "-f.mp4")); err != nil {
		t.Error(err)
	}
}

func TestEncodeCancelLeavesNothing(t *testing.T) {
	dir, out := newOutput(t, "cancelled.mp4")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const frames = 100000 // far more than will be reached
	var rendered atomic.Int64
	src := func(ctx context.Context, n int, dst *image.YCbCr) error {
		if n == 30 {
			cancel() // mid-way, while ffmpeg is running
		}
		rendered.Add(1)
		return barSource(ctx, n, dst)
	}
	samples := frames * SampleRate / 24
	err := Encode(ctx, Job{Settings: tinySettings(out), Frames: frames, Video: src, Audio: sinePCM(samples), Samples: samples}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	checkFiles(t, dir, 0)
	if n := rendered.Load(); n >= frames {
		t.Errorf("rendered %d frames after cancel", n)
	}
}

func TestEncodeCancelKeepsExistingFile(t *testing.T) {
	_, out := existingOutput(t, "keep.mp4", "the previous export", 0o644)
	// Cancel from the progress callback once ffmpeg has frames.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := func(ctx context.Context, n int, dst *image.YCbCr) error {
		if n > 5 {
			runtime.Gosched()
		}
		return barSource(ctx, n, dst)
	}
	err := Encode(ctx, Job{Settings: tinySettings(out), Frames: 1 << 20, Video: slow}, func(p Progress) {
		if p.Frame > 10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	checkUntouched(t, out, "the previous export")
}

func TestEncodeReplacesExistingOnSuccess(t *testing.T) {
	_, out := existingOutput(t, "replace.mp4", "old", 0o640)
	if err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 5, Video: barSource}, nil); err != nil {
		t.Fatal(err)
	}
	if n := countFrames(t, out); n != 5 {
		t.Errorf("%d frames, want 5", n)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("replaced file's mode %v (%v), want the old -rw-r-----", st.Mode(), err)
	}
}

func TestEncodeRenderErrorLeavesNothing(t *testing.T) {
	_, out := existingOutput(t, "broken.mp4", "old", 0o644)
	boom := errors.New("cannot decode photo.jpg")
	src := func(ctx context.Context, n int, dst *image.YCbCr) error {
		if n == 7 {
			return boom
		}
		return barSource(ctx, n, dst)
	}
	samples := 100 * SampleRate / 24
	err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 100, Video: src, Audio: sinePCM(samples), Samples: samples}, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the render error", err)
	}
	if !strings.Contains(err.Error(), "frame 7") {
		t.Errorf("error %q does not name the frame", err)
	}
	checkUntouched(t, out, "old")
}

func TestEncodeAudioLengthChecked(t *testing.T) {
	dir, out := newOutput(t, "short.mp4")
	err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 24, Video: barSource, Audio: sinePCM(1000), Samples: SampleRate}, nil)
	if err == nil || !strings.Contains(err.Error(), "1000 samples") {
		t.Fatalf("err = %v, want a sound length error", err)
	}
	checkFiles(t, dir, 0)
}

func TestEncodeAudioErrorStopsEarly(t *testing.T) {
	dir, out := newOutput(t, "mixfail.mp4")
	boom := errors.New("cannot decode song.mp3")
	audio := func(ctx context.Context, w io.Writer) error { return boom }
	var last atomic.Int64
	src := func(ctx context.Context, n int, dst *image.YCbCr) error {
		last.Store(int64(n))
		return barSource(ctx, n, dst)
	}
	const frames = 1 << 20
	err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: frames, Video: src, Audio: audio, Samples: 10}, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the mix error", err)
	}
	if last.Load() >= frames-1 {
		t.Errorf("all frames were rendered despite the failed mix")
	}
	checkFiles(t, dir, 0)
}

func TestEncodeFFmpegNotFound(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(envFFmpeg, "")
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 1, Video: barSource}, nil)
	if !errors.Is(err, ErrFFmpegNotFound) {
		t.Fatalf("err = %v, want ErrFFmpegNotFound", err)
	}
	if !strings.Contains(err.Error(), "install") {
		t.Errorf("error %q does not say how to install ffmpeg", err)
	}
	checkFiles(t, dir, 0)
}

// TestEncodeBadFFmpegOverride: a SLIDEREEL_FFMPEG that names nothing is
// reported as that setting, not as ffmpeg missing from PATH.
func TestEncodeBadFFmpegOverride(t *testing.T) {
	t.Setenv(envFFmpeg, "/no/such/dir/ffmpeg")
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 1, Video: barSource}, nil)
	if !errors.Is(err, ErrFFmpegNotFound) {
		t.Fatalf("err = %v, want ErrFFmpegNotFound", err)
	}
	if msg := err.Error(); !strings.Contains(msg, envFFmpeg+`="/no/such/dir/ffmpeg"`) || strings.Contains(msg, "PATH") {
		t.Errorf("error %q should name the bad %s, not PATH", msg, envFFmpeg)
	}
}

func TestEncodeFFmpegFailsWithStderrTail(t *testing.T) {
	fakeFFmpeg(t, `cat >/dev/null &
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo "noise line $i" >&2; done
echo "[libx264 @ 0x1] something specific went wrong" >&2
exit 1
`)
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 1000, Video: barSource}, nil)
	var fe *FFmpegError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want *FFmpegError", err)
	}
	if !strings.Contains(err.Error(), "something specific went wrong") || !strings.Contains(err.Error(), "noise line 20") {
		t.Errorf("error lacks ffmpeg's last lines: %v", err)
	}
	if strings.Contains(err.Error(), "noise line 1\n") {
		t.Errorf("error holds more than the last lines: %v", err)
	}
	checkFiles(t, dir, 0)
}

func TestEncodeDiskFull(t *testing.T) {
	fakeFFmpeg(t, `cat >/dev/null
echo "[mp4 @ 0x1] Error writing trailer: No space left on device" >&2
exit 1
`)
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 3, Video: barSource}, nil)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("err = %v, want ErrDiskFull", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the folder", err)
	}
	checkFiles(t, dir, 0)
}

func TestEncodeFrameCountChecked(t *testing.T) {
	// An ffmpeg that claims success but encoded fewer frames than sent.
	fakeFFmpeg(t, `cat >/dev/null
echo "frame=2"
echo "progress=end"
exit 0
`)
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 3, Video: barSource}, nil)
	if err == nil || !strings.Contains(err.Error(), "encoded 2 frames, expected 3") {
		t.Fatalf("err = %v, want a frame count error", err)
	}
	checkFiles(t, dir, 0)
}

func TestEncodeDestinationNotWritable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fakeFFmpeg(t, "exit 0\n") // never reached
	for _, out := range []string{
		filepath.Join(dir, "no such folder", "x.mp4"),
		filepath.Join(file, "x.mp4"),
	} {
		err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 1, Video: barSource}, nil)
		if !errors.Is(err, ErrNotWritable) {
			t.Errorf("%s: err = %v, want ErrNotWritable", out, err)
		} else if !strings.Contains(err.Error(), filepath.Dir(out)) {
			t.Errorf("error %q does not name the folder", err)
		}
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "readonly")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(ro, "x.mp4")), Frames: 1, Video: barSource}, nil)
		if !errors.Is(err, ErrNotWritable) {
			t.Errorf("read-only folder: err = %v, want ErrNotWritable", err)
		}
	}
	err := Encode(context.Background(), Job{Settings: tinySettings(dir), Frames: 1, Video: barSource}, nil)
	if err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("output is a folder: err = %v", err)
	}
}

func TestEncodeRejectsBadSettings(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.mp4")
	for _, mod := range []func(*Settings){
		func(s *Settings) { s.Width = 161 },
		func(s *Settings) { s.Height = 0 },
		func(s *Settings) { s.FPS = 0 },
		func(s *Settings) { s.CRF = 52 },
		func(s *Settings) { s.Encoder = "h265" },
		func(s *Settings) { s.X264Preset = "-y" },
		func(s *Settings) { s.AudioBitrate = "loud" },
		func(s *Settings) { s.Output = "" },
	} {
		s := tinySettings(out)
		mod(&s)
		if err := Encode(context.Background(), Job{Settings: s, Frames: 1, Video: barSource}, nil); err == nil {
			t.Errorf("settings %+v accepted", s)
		}
	}
}

func TestWriteYCbCrStrided(t *testing.T) {
	big := image.NewYCbCr(image.Rect(0, 0, 20, 10), image.YCbCrSubsampleRatio420)
	for i := range big.Y {
		big.Y[i] = byte(i)
	}
	for i := range big.Cb {
		big.Cb[i] = byte(100 + i)
		big.Cr[i] = byte(200 + i)
	}
	sub := big.SubImage(image.Rect(4, 2, 10, 6)).(*image.YCbCr)
	var b bytes.Buffer
	if _, err := writeYCbCr(&b, sub, nil); err != nil {
		t.Fatal(err)
	}
	var want []byte
	for y := 2; y < 6; y++ {
		want = append(want, big.Y[y*20+4:y*20+10]...)
	}
	for _, c := range [][]byte{big.Cb, big.Cr} {
		for y := 1; y < 3; y++ {
			want = append(want, c[y*10+2:y*10+5]...)
		}
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("packed planes\n got %v\nwant %v", b.Bytes(), want)
	}
	b.Reset()
	if _, err := writeYCbCr(&b, big, nil); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 20*10+2*10*5 {
		t.Errorf("contiguous frame wrote %d bytes", b.Len())
	}
}

func TestEncodeCancelKillsStubbornFFmpeg(t *testing.T) {
	// An "ffmpeg" that ignores SIGINT and never reads its input: cancel
	// must still end it (by killing it) and leave nothing behind.
	dir := t.TempDir()
	pidFile := filepath.Join(t.TempDir(), "pid")
	fakeFFmpeg(t, "trap '' INT\necho $$ > '"+pidFile+"'\nexec sleep 1000\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := func(ctx context.Context, n int, dst *image.YCbCr) error {
		if n == 2 { // always reached: three frame buffers fill before any write
			// Cancel once the fake ffmpeg runs (has written its pid).
			for range 1000 {
				if _, err := os.Stat(pidFile); err == nil {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
		}
		return barSource(ctx, n, dst)
	}
	err := Encode(ctx, Job{Settings: tinySettings(filepath.Join(dir, "x.mp4")), Frames: 1000, Video: src}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	data, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatal(rerr)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	if pid <= 0 {
		t.Fatalf("bad pid %q", data)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("ffmpeg (pid %d) still exists after Encode returned (kill 0: %v)", pid, err)
	}
	checkFiles(t, dir, 0)
}

// TestEncodeRemovesStaleTempsOfItsOutput: the leftovers of a killed export
// of the same output go; a fresh temp (an export still running) and other
// names stay.
func TestEncodeRemovesStaleTempsOfItsOutput(t *testing.T) {
	dir, out := newOutput(t, "trip [1].mp4")
	old := time.Now().Add(-2 * staleTemp)
	write := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write(".trip [1].slidereel-tmp-123.mp4", old)
	running := write(".trip [1].slidereel-tmp-456.mp4", time.Now())
	other := write(".other.slidereel-tmp-789.mp4", old)
	user := write("notes.txt", old)
	samples := SampleRate / 2
	err := Encode(context.Background(), Job{
		Settings: tinySettings(out), Frames: 12, Video: barSource,
		Audio: sinePCM(samples), Samples: samples,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temp of this output kept (%v)", err)
	}
	for _, p := range []string{running, other, user, out} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}

// The rate is measured from the first frame on and given only once frames
// have come for minRateWindow: the first frame's wait (ffmpeg's start, the
// first decodes) gives no rate and no ETA; callbacks come at most every
// progressEvery. The bubble's clock (testing/synctest) makes the seconds
// below pass at once and exactly.
func TestReporterRateStartsAtTheFirstFrame(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got []Progress
		r := newReporter(1000, func(p Progress) { got = append(got, p) })
		time.Sleep(2 * time.Second) // a slow start
		r.frame(1)
		time.Sleep(200 * time.Millisecond)
		r.frame(21)
		time.Sleep(10 * time.Millisecond)
		r.frame(22) // within progressEvery of the last callback: none
		time.Sleep(790 * time.Millisecond)
		r.frame(101)
		if len(got) != 4 || got[0].Frame != 0 || got[2].Frame != 21 {
			t.Fatalf("progress: %+v", got)
		}
		for _, p := range got[1:3] {
			if p.FPS != 0 || p.ETA != 0 {
				t.Errorf("a rate before %v of frames: %+v", minRateWindow, p)
			}
		}
		last := got[3]
		if last.FPS != 100 || last.ETA != 8990*time.Millisecond || last.Elapsed != 3*time.Second {
			t.Errorf("after a second of 100 fps: %.1f fps, ETA %v, elapsed %v", last.FPS, last.ETA, last.Elapsed)
		}
	})
}

// A fast export (300 fps, a frame every 3.33 ms) gets a steady rate too:
// the samples are the callbacks' (progressEvery apart), not the frames'.
func TestReporterRateAtHighFrameRates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var last Progress
		r := newReporter(100000, func(p Progress) { last = p })
		for f := 1; f <= 1500; f++ { // 5 s
			time.Sleep(time.Second / 300)
			r.frame(f)
		}
		if last.FPS < 295 || last.FPS > 305 || last.ETA < 320*time.Second || last.ETA > 340*time.Second {
			t.Errorf("after 5 s at 300 fps: %.1f fps, ETA %v", last.FPS, last.ETA)
		}
	})
}
