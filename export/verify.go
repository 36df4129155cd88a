package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// Expect is what a finished video must hold to be called done.
type Expect struct {
	Duration time.Duration // frames / fps
	Streams  int           // 1 (video), or 2 with sound
}

// ExpectFor returns what an encode of frames at fps, with or without
// sound, must produce.
func ExpectFor(frames, fps int, audio bool) Expect {
	e := Expect{Duration: time.Duration(frames) * time.Second / time.Duration(max(fps, 1)), Streams: 1}
	if audio {
		e.Streams = 2
	}
	return e
}

// durationSlack is how far a probed duration may stray from the expected
// one: the AAC encoder's priming and last packet, the muxer's rounding.
func durationSlack(d time.Duration) time.Duration {
	return 250*time.Millisecond + d/100
}

// ErrBadOutput is wrapped when a finished video fails its check: ffmpeg
// said it succeeded, but the file cannot be read back as expected.
var ErrBadOutput = errors.New("the finished video is damaged")

// VerifyOutput checks a finished (temporary) video before it is put in
// place: the file is flushed to disk (fsync and close errors are
// reported), then ffprobe must read it with the expected streams and
// duration. A file ffprobe cannot read on a nearly full disk is reported as
// ErrDiskFull naming the folder and its free space; any other mismatch
// wraps ErrBadOutput. The front ends call it through Encode; the
// segmented export calls it on its result.
func VerifyOutput(ctx context.Context, path string, want Expect) error {
	if err := syncFile(path); err != nil {
		return outputErr(path, fmt.Errorf("flushing it to disk: %w", err))
	}
	m, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, ffmpeg.ErrNotFound) {
			return fmt.Errorf("export %s: cannot check the finished video: %w", path, err)
		}
		return outputErr(path, err)
	}
	if got := len(m.Streams); got != want.Streams || m.Count("video") != 1 {
		return outputErr(path, fmt.Errorf("it has %d streams (%d video), expected %d", got, m.Count("video"), want.Streams))
	}
	diff := m.Duration - want.Duration
	if diff < 0 {
		diff = -diff
	}
	if diff > durationSlack(want.Duration) {
		return outputErr(path, fmt.Errorf("it lasts %s, expected %s", m.Duration.Round(time.Millisecond), want.Duration.Round(time.Millisecond)))
	}
	return nil
}

// outputErr explains a finished video that failed its check: a full disk
// when the folder has (almost) no space left, else a damaged file.
func outputErr(path string, cause error) error {
	dir := filepath.Dir(path)
	if free, ok := freeSpace(dir); ok && free < lowSpace {
		// Say what will be free once the partial file is gone (the caller
		// removes it): that is what the user has to work with.
		if st, err := os.Stat(path); err == nil {
			free += uint64(st.Size())
		}
		return fmt.Errorf("export: %w on %s: %s free; the video could not be written completely (%v)", ErrDiskFull, dir, humanBytes(free), cause)
	}
	if errors.Is(cause, ErrDiskFull) {
		return fmt.Errorf("export %s: %w", path, DiskFullError(dir, cause))
	}
	return fmt.Errorf("export %s: %w: %w", path, ErrBadOutput, cause)
}

// DiskFullError is a full destination: "disk full on /out: 150 KB free:
// free some space or choose another folder", wrapping ErrDiskFull and
// cause. The free space is left out where it cannot be told.
func DiskFullError(dir string, cause error) error {
	where := dir
	if free, ok := freeSpace(dir); ok {
		where += ": " + humanBytes(free) + " free"
	}
	if cause == nil {
		return fmt.Errorf("%w on %s: free some space or choose another folder", ErrDiskFull, where)
	}
	return fmt.Errorf("%w on %s: free some space or choose another folder: %w", ErrDiskFull, where, cause)
}

// indexBytes is room for the MP4 index and headers of a short video.
const indexBytes = 64 << 10

// lowSpace is the free space below which a damaged output is blamed on a
// full disk (an MP4's index is written last, and it can need this much).
const lowSpace = 4 << 20

// syncFile flushes path to disk and reports fsync's and close's errors
// (a delayed-allocation file system reports a full disk only there).
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if isNoSpace(err) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}

// isNoSpace reports whether err is a full disk or an exceeded quota.
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// syncDir flushes a folder's entries (the rename of a finished video) to
// disk. File systems that cannot sync a folder are not an error.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}

// freeSpace reports the bytes available to this user in dir; ok is false
// where that cannot be told. Tests replace it to simulate a full disk.
var freeSpace = diskFree

// CheckFreeSpace refuses to start an export whose output (need bytes, an
// estimate) will not fit in dir: "disk full on /out: 150 KB free". It is
// not an error when the free space cannot be told.
func CheckFreeSpace(dir string, need int64) error {
	free, ok := freeSpace(dir)
	if !ok || int64(free) >= need {
		return nil
	}
	return fmt.Errorf("%w on %s: %s free, this video needs at least about %s: free some space or choose another folder",
		ErrDiskFull, dir, humanBytes(free), humanBytes(uint64(need)))
}

// EstimateBytes is a low estimate of an encode's output size: a floor of
// 0.01 bit per pixel of video (a still picture at high CRF; real shows
// take several times more) and the MP4 index. The sound is not counted:
// AAC of silence takes almost nothing. It is for refusing hopeless exports
// early, never for promising that one fits (the check of the finished
// file does that).
func EstimateBytes(frames, width, height int) int64 {
	return int64(0.01*float64(width*height)*float64(frames)/8) + indexBytes
}

// humanBytes formats n as "150 KB", "3.2 MB", ... (powers of 1000).
func humanBytes(n uint64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	for _, u := range []string{"KB", "MB", "GB", "TB"} {
		v /= 1000
		if v < 1000 || u == "TB" {
			if v >= 100 {
				return fmt.Sprintf("%.0f %s", v, u)
			}
			return fmt.Sprintf("%.1f %s", v, u)
		}
	}
	return ""
}
