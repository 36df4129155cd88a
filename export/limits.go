package export

import (
	"errors"
	"flag"
	"fmt"
	"time"
)

// Limits cap what one export may cost, so that no request can ask for more
// memory or time than a machine has. A zero field means no limit.
type Limits struct {
	MaxDuration time.Duration // length of the video
	MaxSlides   int
	// MaxFramePixels caps frames x width x height: the encoder's work and
	// the renderer's, whatever the mix of length and frame size.
	MaxFramePixels int64
}

// Default limits of the service and of `slidereel render`.
const (
	DefaultMaxDuration    = 4 * time.Hour
	DefaultMaxSlides      = 5000
	DefaultMaxFramePixels = 4 * 3600 * 60 * 1920 * 1080 // 4 h of 1080p at 60 fps
)

// DefaultLimits returns the limits the front ends apply unless told
// otherwise.
func DefaultLimits() Limits {
	return Limits{MaxDuration: DefaultMaxDuration, MaxSlides: DefaultMaxSlides, MaxFramePixels: DefaultMaxFramePixels}
}

// RegisterFlags adds --max-length, --max-slides and --max-frame-pixels to
// fs, with l's values as defaults and l as their destination (0: no
// limit). The service and `slidereel render` share them.
func (l *Limits) RegisterFlags(fs *flag.FlagSet) {
	fs.DurationVar(&l.MaxDuration, "max-length", l.MaxDuration, "longest video accepted; longer ones are refused before any work (0: no limit)")
	fs.IntVar(&l.MaxSlides, "max-slides", l.MaxSlides, "most slides accepted (0: no limit)")
	fs.Int64Var(&l.MaxFramePixels, "max-frame-pixels", l.MaxFramePixels, "most frames x width x height accepted (the default is 4 h of 1080p60; 0: no limit)")
}

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("over a limit")

// LimitError is an export refused before any work because it is over one
// of the Limits. Limit names it as the flags do: "max-length",
// "max-slides" or "max-frame-pixels".
type LimitError struct {
	Limit string
	Got   string // what was asked, e.g. "50h0m0s"
	Max   string // the limit, e.g. "4h0m0s"
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: %s asked, the limit is %s (%s)", e.Limit, e.Got, e.Max, limitWhat[e.Limit])
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

var limitWhat = map[string]string{
	"max-length":       "the video length",
	"max-slides":       "the number of slides",
	"max-frame-pixels": "frames x width x height",
}

// CheckSlides refuses more slides than l allows.
func (l Limits) CheckSlides(n int) error {
	if l.MaxSlides > 0 && n > l.MaxSlides {
		return &LimitError{Limit: "max-slides", Got: fmt.Sprint(n), Max: fmt.Sprint(l.MaxSlides)}
	}
	return nil
}

// CheckVideo refuses a video of frames at fps and width x height that is
// longer, or costs more frame pixels, than l allows. Call it as soon as the
// length is known, before the sound is mixed or a frame rendered.
func (l Limits) CheckVideo(frames, fps, width, height int) error {
	d := time.Duration(float64(frames) / float64(max(fps, 1)) * float64(time.Second))
	if l.MaxDuration > 0 && d > l.MaxDuration {
		return &LimitError{Limit: "max-length", Got: d.Round(time.Second).String(), Max: l.MaxDuration.String()}
	}
	if px := int64(frames) * int64(width) * int64(height); l.MaxFramePixels > 0 && px > l.MaxFramePixels {
		return &LimitError{Limit: "max-frame-pixels", Got: fmt.Sprintf("%.3g", float64(px)), Max: fmt.Sprintf("%.3g", float64(l.MaxFramePixels))}
	}
	return nil
}
