package ui

import (
	"context"
	"image"
	"time"

	"github.com/slidereel/slidereel/project"
)

// Renderer draws frames of a project for the live preview (the preview
// package's Renderer satisfies it). The editor only ever calls it from the
// preview worker goroutine.
type Renderer interface {
	Update(p *project.Project, tl *project.Timeline)
	RenderRGBA(ctx context.Context, frame int, dst *image.RGBA) error
	Close() error
}

// Peak is the minimum and maximum of one waveform bucket, in [-1, 1].
type Peak struct{ Min, Max float32 }

// PeakSource is a multi-resolution waveform (sound.Summary): min/max
// pairs for any stretch at any zoom, cheaply.
type PeakSource interface {
	// Peaks returns buckets pairs evenly covering [from, to) seconds.
	Peaks(from, to float64, buckets int) []Peak
	// Seconds is the sound's length.
	Seconds() float64
}

// summarised is a Mix that also offers its PeakSource (the real mix does;
// test mixes may only have Peaks).
type summarised interface {
	Summary(ctx context.Context) (PeakSource, error)
}

// Mix is a rendered sound mix of the whole project.
type Mix interface {
	Peaks(buckets int) []Peak
	NewPlayer() Player
}

// Player plays a Mix; its clock drives the preview during playback.
type Player interface {
	Play()
	Pause()
	Seek(sample int)
	Position() int // samples at SampleRate
	Playing() bool
	// SetMix swaps in a new mix of the same project (after an edit),
	// keeping the position and whether it plays.
	SetMix(m Mix)
	Close()
}

// ExportProgress is how far an export has got.
type ExportProgress struct {
	Frame, Total int
	FPS          float64
	Elapsed, ETA time.Duration
	// Reused says what an incremental export took from its segment cache
	// ("12 of 40 segments reused"), or is empty.
	Reused string
}

// Services are the editor's links to the renderer, the sound mix and the
// exporter. Run wires the real packages (see wire.go); tests substitute
// their own. Every function may be called from any goroutine and must not
// touch widgets.
type Services struct {
	// SampleRate is the mix's sample rate (sound.SampleRate).
	SampleRate int
	// NewRenderer returns a Draft renderer for p (which it may keep).
	NewRenderer func(p *project.Project, tl *project.Timeline) Renderer
	// Thumbnail decodes a small, oriented picture of an image file.
	Thumbnail func(ctx context.Context, path string, maxW, maxH int) (image.Image, error)
	// ImageSize returns an image file's oriented size.
	ImageSize func(path string) (w, h int, err error)
	// Durations measures the project's music and narration.
	Durations func(ctx context.Context, p *project.Project) (project.MediaDurations, error)
	// ProbeDurations is Durations from the files' headers, at once; the
	// editor shows that timing until Durations has decoded the files.
	// Optional.
	ProbeDurations func(ctx context.Context, p *project.Project) (project.MediaDurations, error)
	// NewMix renders the project's sound for playback and the waveform.
	NewMix func(ctx context.Context, p *project.Project, tl *project.Timeline) (Mix, error)
	// FilePeaks reads the waveform of one audio file (shown until the mix
	// is ready) and its length in seconds.
	FilePeaks func(ctx context.Context, path string, buckets int) ([]Peak, float64, error)
	// FileSummary, if set, is used instead of FilePeaks: the file's
	// waveform at every zoom.
	FileSummary func(ctx context.Context, path string) (PeakSource, error)
	// Export writes p (already set to the chosen frame size and rate) to
	// opt.Output.
	Export func(ctx context.Context, p *project.Project, opt ExportOptions, progress func(ExportProgress)) error
	// FFmpegVersion returns the first line of "ffmpeg -version" (for About).
	FFmpegVersion func(ctx context.Context) (string, error)
	// Qualities names the export quality presets, the default first.
	Qualities []string
	// Subject detects a photo's subject (cached by content), normalised to
	// the oriented photo; found is false when it has no clear subject.
	Subject func(ctx context.Context, path string) (rect project.Rect, found bool, err error)
	// Encoders probes the H.264 encoders that work here (slow the first
	// time: it runs test encodes), the software one first.
	Encoders func(ctx context.Context) []string
	// ClearCache empties the export's segment cache and returns the bytes
	// it freed. Optional.
	ClearCache func(ctx context.Context) (int64, error)
}

// ExportOptions are the export dialog's choices besides the frame format.
type ExportOptions struct {
	Output  string
	Quality string // one of Services.Qualities; "" = the default
	Encoder string // one of Services.Encoders; "" = the default
	// CacheSize bounds the segment cache in bytes (the editor's
	// preference); 0 = export.DefaultCacheSize.
	CacheSize int64
}
