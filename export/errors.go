package export

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/project"
)

// ErrFFmpegNotFound is wrapped by the error of an export when the ffmpeg
// program cannot be found; the message says how to install it.
var ErrFFmpegNotFound = errors.New("ffmpeg not found")

// ErrNotWritable is wrapped when the destination folder cannot be written.
var ErrNotWritable = errors.New("destination folder is not writable")

// ErrDiskFull is wrapped when the destination ran out of space.
var ErrDiskFull = errors.New("disk full")

// installHint says how to get ffmpeg on this system.
func installHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "install it with `brew install ffmpeg`"
	case "windows":
		return "install it with `winget install ffmpeg` (or from https://ffmpeg.org/download.html) and make sure ffmpeg.exe is on PATH"
	default:
		return "install it with your package manager, e.g. `sudo apt install ffmpeg` (Debian, Ubuntu) or `sudo dnf install ffmpeg` (Fedora)"
	}
}

// notFoundError says why ffmpeg cannot be run: a bad $SLIDEREEL_FFMPEG is
// named as such, not reported as missing from PATH.
func notFoundError(err error) error {
	var nf *ffmpeg.NotFoundError
	if errors.As(err, &nf) {
		if nf.Env != "" {
			return fmt.Errorf("%w: %s=%q cannot be run (fix or unset it): %w", ErrFFmpegNotFound, nf.Env, nf.Value, nf.Err)
		}
		err = nf.Err
	}
	return fmt.Errorf("%w on PATH (set %s to its full path, or %s): %w", ErrFFmpegNotFound, envFFmpeg, installHint(), err)
}

// FFmpegError is an ffmpeg run that failed: the one error type of the
// ffmpeg seam (internal/ffmpeg), with the last stderr lines, which usually
// name the problem.
type FFmpegError = ffmpeg.Error

// MediaError names the media files a project needs that are missing or
// cannot be read.
type MediaError struct {
	Missing []project.Missing // files that do not exist
	Broken  []BrokenMedia     // files that exist but cannot be decoded
}

// BrokenMedia is a media file that cannot be read, and why.
type BrokenMedia struct {
	Field string // e.g. "slides[2].image"
	Path  string
	Err   error
}

func (e *MediaError) Error() string {
	var parts []string
	for _, m := range e.Missing {
		parts = append(parts, fmt.Sprintf("%s: missing file %s (%s)", kindOf(m.Field), m.Path, m.Field))
	}
	for _, b := range e.Broken {
		parts = append(parts, fmt.Sprintf("%s: cannot read %s (%s): %v", kindOf(b.Field), b.Path, b.Field, b.Err))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return fmt.Sprintf("%d media files cannot be used:\n  %s", len(parts), strings.Join(parts, "\n  "))
}

// Unwrap returns the errors of the broken files.
func (e *MediaError) Unwrap() []error {
	var errs []error
	for _, b := range e.Broken {
		errs = append(errs, b.Err)
	}
	return errs
}

func kindOf(field string) string {
	switch {
	case strings.HasSuffix(field, ".image"):
		return "image"
	case strings.HasSuffix(field, ".narration"):
		return "narration"
	case strings.HasPrefix(field, "soundtrack"):
		return "music"
	}
	return "file"
}
