package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/project"
)

// truncatingFFmpeg is an ffmpeg that does what ffmpeg did on a nearly full
// disk: it takes every frame, reports them all encoded, leaves a 12288-byte
// file without its index, and exits 0.
const truncatingFFmpeg = `for a; do case "$a" in file:*) out="${a#file:}";; esac; done
[ -n "$out" ] || exit 3
cat >/dev/null
head -c 12288 /dev/zero > "$out"
echo "frame=%d"
echo "progress=end"
exit 0
`

// setFreeSpace makes the destination report free bytes from the given
// call on (before it: plenty).
func setFreeSpace(t *testing.T, from int, free uint64) {
	t.Helper()
	var calls atomic.Int32
	old := freeSpace
	freeSpace = func(string) (uint64, bool) {
		if int(calls.Add(1)) > from {
			return free, true
		}
		return 1 << 40, true
	}
	t.Cleanup(func() { freeSpace = old })
}

// TestEncodeTruncatedOutputIsDiskFull: ffmpeg exits 0 but the disk filled
// up; the export must fail as "disk full", naming the folder and what is
// free, and leave nothing behind.
func TestEncodeTruncatedOutputIsDiskFull(t *testing.T) {
	needFFmpeg(t) // ffprobe checks the output
	fakeFFmpeg(t, strings.Replace(truncatingFFmpeg, "%d", "4", 1))
	setFreeSpace(t, 1, 150_000-12288) // with the partial file still there
	dir := t.TempDir()
	out := filepath.Join(dir, "v.mp4")
	err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 4, Video: barSource}, nil)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("err = %v, want ErrDiskFull", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "disk full on "+dir+": 150 KB free") {
		t.Errorf("message %q should say: disk full on %s: 150 KB free", msg, dir)
	}
	checkFiles(t, dir, 0)
}

// TestEncodeDamagedOutputRefused: the same unreadable file with plenty of
// space is a damaged output, never a success.
func TestEncodeDamagedOutputRefused(t *testing.T) {
	needFFmpeg(t)
	fakeFFmpeg(t, strings.Replace(truncatingFFmpeg, "%d", "4", 1))
	_, out := existingOutput(t, "v.mp4", "the old video", 0o644)
	err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 4, Video: barSource}, nil)
	if !errors.Is(err, ErrBadOutput) {
		t.Fatalf("err = %v, want ErrBadOutput", err)
	}
	checkUntouched(t, out, "the old video")
}

// TestEncodeShortOutputRefused: ffmpeg wrote a readable video of the wrong
// length (here: no sound stream and half the frames).
func TestVerifyOutputMismatch(t *testing.T) {
	_, out := newOutput(t, "v.mp4")
	if err := Encode(context.Background(), Job{Settings: tinySettings(out), Frames: 12, Video: barSource}, nil); err != nil {
		t.Fatal(err)
	}
	if err := VerifyOutput(context.Background(), out, ExpectFor(12, 24, false)); err != nil {
		t.Fatalf("a good video fails its check: %v", err)
	}
	for _, want := range []Expect{ExpectFor(12, 24, true), ExpectFor(48, 24, false)} {
		if err := VerifyOutput(context.Background(), out, want); !errors.Is(err, ErrBadOutput) {
			t.Errorf("VerifyOutput(%+v) = %v, want ErrBadOutput", want, err)
		}
	}
}

// TestEncodeRefusesFullDiskUpFront: with 20 KB free nothing starts.
func TestEncodeRefusesFullDiskUpFront(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "started")
	fakeFFmpeg(t, "touch "+marker+"\nexit 1\n")
	setFreeSpace(t, 0, 20_000)
	dir := t.TempDir()
	err := Encode(context.Background(), Job{Settings: tinySettings(filepath.Join(dir, "v.mp4")), Frames: 240, Video: barSource}, nil)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full on "+dir+": 20.0 KB free") {
		t.Fatalf("err = %v, want disk full on %s: 20.0 KB free", err, dir)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("ffmpeg was started")
	}
	checkFiles(t, dir, 0)
}

// TestSyncFileDevFull: a flush error is reported, not ignored.
func TestSyncFileReportsErrors(t *testing.T) {
	if err := syncFile(filepath.Join(t.TempDir(), "gone.mp4")); err == nil {
		t.Error("syncFile of a missing file succeeded")
	}
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	err = writeAudio(context.Background(), f, Job{Audio: sinePCM(48000), Samples: 48000})
	if !isNoSpace(err) {
		t.Errorf("writing the sound to a full disk: %v", err)
	}
}

// TestDiskFullErrorNamesFreeSpace: ffmpeg's own "No space left" is
// reported with the folder's free space too.
func TestDiskFullErrorNamesFreeSpace(t *testing.T) {
	setFreeSpace(t, 0, 150_000)
	err := DiskFullError("/out", errors.New("No space left on device"))
	if !errors.Is(err, ErrDiskFull) || !strings.HasPrefix(err.Error(), "disk full on /out: 150 KB free") {
		t.Errorf("err = %v", err)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[uint64]string{999: "999 B", 150_000: "150 KB", 3_250_000: "3.2 MB", 12_000_000_000: "12.0 GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestExportLimitRefusedBeforeWork: the 578-byte request's show (50
// photos of an hour each, no sound) is refused by the length limit before
// the sound is mixed (which allocated 69 GB and killed the process).
func TestExportLimitRefusedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	var imgs []string
	for i := range 50 {
		p := filepath.Join(dir, "p"+string(rune('a'+i%26))+string(rune('a'+i/26))+".jpg")
		writePhoto(t, p, 32, 24, i)
		imgs = append(imgs, p)
	}
	sd := 3600.0
	p := project.ServiceRequest{ImagePaths: imgs, SlideDuration: &sd}.Project()
	s := DefaultSettings(p, filepath.Join(dir, "out.mp4"))
	s.Limits = DefaultLimits()
	err := Export(context.Background(), p, s, nil)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != "max-length" || !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want the max-length limit", err)
	}
	s.Limits = Limits{MaxSlides: 10}
	if err := Export(context.Background(), p, s, nil); !errors.As(err, &le) || le.Limit != "max-slides" {
		t.Fatalf("err = %v, want the max-slides limit", err)
	}
	err = Encode(context.Background(), Job{Settings: Settings{Output: filepath.Join(dir, "x.mp4"), Width: 3840, Height: 2160, FPS: 60,
		Limits: Limits{MaxFramePixels: DefaultMaxFramePixels}}, Frames: 4 * 3600 * 60, Video: barSource}, nil)
	if !errors.As(err, &le) || le.Limit != "max-frame-pixels" {
		t.Fatalf("err = %v, want the max-frame-pixels limit", err)
	}
	if names := listDir(t, dir); len(names) != 50 {
		t.Errorf("folder holds %d names", len(names))
	}
}

// TestCheckMediaStopsAndCancels: a hundred text files named .jpg are
// probed a few at a time; the check stops after maxBroken and a cancelled
// context ends it at once.
func TestCheckMediaStopsAndCancels(t *testing.T) {
	dir := t.TempDir()
	var imgs []string
	for i := range 100 {
		p := filepath.Join(dir, "f"+string(rune('a'+i%26))+string(rune('a'+i/26))+".jpg")
		os.WriteFile(p, []byte("not a picture at all\n"), 0o644)
		imgs = append(imgs, p)
	}
	p := project.ServiceRequest{ImagePaths: imgs}.Project()
	// An ffprobe that counts its runs and takes its time.
	log := filepath.Join(t.TempDir(), "runs")
	probe := filepath.Join(t.TempDir(), "ffprobe")
	os.WriteFile(probe, []byte("#!/bin/sh\necho run >> "+log+"\nsleep 0.2\necho 'Invalid data found' >&2\nexit 1\n"), 0o755)
	t.Setenv(ffmpeg.EnvFFprobe, probe)

	err := CheckMedia(context.Background(), p)
	var me *MediaError
	if !errors.As(err, &me) || len(me.Broken) != maxBroken || me.Broken[0].Field != "slides[0].image" {
		t.Fatalf("err = %v, want the first %d broken images", err, maxBroken)
	}
	if runs := countLines(log); runs > maxBroken+mediaProbes {
		t.Errorf("%d probes for %d broken files", runs, maxBroken)
	}

	os.Remove(log)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if err := CheckMedia(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if runs := countLines(log); runs > mediaProbes {
		t.Errorf("%d probes ran after the cancel", runs)
	}
}

func countLines(path string) int {
	data, _ := os.ReadFile(path)
	return strings.Count(string(data), "\n")
}
