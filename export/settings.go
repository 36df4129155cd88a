package export

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slidereel/slidereel/project"
)

// Settings say how a project is encoded.
type Settings struct {
	// Output is the file to write; its extension picks the container
	// (.mp4 and .m4v: MP4, .mov: QuickTime, .mkv: Matroska; else MP4).
	Output string
	// Width and Height are the frame size (even). The project is rendered
	// for this size, so motion and fit follow the output's aspect.
	Width, Height int
	// FPS is the frame rate; the timeline is laid out on its grid.
	FPS int
	// CRF is the constant quality (libx264 -crf; the nearest equivalent
	// for hardware encoders). Lower is better; 0-51.
	CRF int
	// X264Preset is libx264's speed preset (ultrafast ... veryslow).
	X264Preset string
	// Encoder is the H.264 encoder: "libx264" (default), "h264_nvenc",
	// "h264_vaapi" or "h264_qsv". See AvailableEncoders.
	Encoder string
	// AudioBitrate is the AAC bitrate, e.g. "192k".
	AudioBitrate string
	// Limits cap the export's length, slides and frame pixels; the zero
	// value limits nothing. A show over them is refused before any work.
	Limits Limits
	// Strict turns warnings about damaged media (a sound file that decodes
	// with errors or shorter than its header says, a truncated photo) into
	// a *DamagedError: nothing is written.
	Strict bool
	// Warn, when not nil, is told each damaged-media warning (not in
	// strict mode) before the encode starts.
	Warn func(msg string)
}

// Encoder names.
const (
	EncoderX264  = "libx264"
	EncoderNVENC = "h264_nvenc"
	EncoderVAAPI = "h264_vaapi"
	EncoderQSV   = "h264_qsv"
)

// Encoders lists the encoders Export knows how to drive, libx264 first.
var Encoders = []string{EncoderX264, EncoderNVENC, EncoderVAAPI, EncoderQSV}

// Defaults of the encoding settings.
const (
	DefaultCRF          = 20
	DefaultX264Preset   = "veryfast"
	DefaultAudioBitrate = "192k"
)

// X264Presets are libx264's speed presets, fastest first.
var X264Presets = []string{"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"}

// Size is a frame size preset.
type Size = project.SizePreset

// Sizes are the frame size presets, in the order they are offered (the
// one list, project.SizePresets).
var Sizes = project.SizePresets

// SizeByName returns the size preset called name (case-insensitive).
func SizeByName(name string) (Size, bool) {
	for _, s := range Sizes {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Size{}, false
}

// Quality is a quality preset: a CRF and an x264 speed preset.
type Quality struct {
	Name       string
	CRF        int
	X264Preset string
	Label      string
}

// Qualities are the quality presets, in the order they are offered. The
// default is "standard".
var Qualities = []Quality{
	{"draft", 28, "ultrafast", "Draft: fast, small file, visible artefacts"},
	{"standard", DefaultCRF, DefaultX264Preset, "Standard: good quality, fast (crf 20, veryfast)"},
	{"high", 17, "medium", "High: near transparent, slower (crf 17, medium)"},
}

// QualityByName returns the quality preset called name (case-insensitive).
func QualityByName(name string) (Quality, bool) {
	for _, q := range Qualities {
		if strings.EqualFold(q.Name, name) {
			return q, true
		}
	}
	return Quality{}, false
}

// DefaultSettings returns the settings that export p as it is set up (its
// frame size and rate) to output with libx264 at the standard quality and
// AAC 192k.
func DefaultSettings(p *project.Project, output string) Settings {
	s := Settings{
		Output:       output,
		Width:        project.DefaultWidth,
		Height:       project.DefaultHeight,
		FPS:          int(project.DefaultFPS),
		CRF:          DefaultCRF,
		X264Preset:   DefaultX264Preset,
		Encoder:      EncoderX264,
		AudioBitrate: DefaultAudioBitrate,
	}
	if p != nil {
		if p.Output.Width > 0 && p.Output.Height > 0 {
			s.Width, s.Height = p.Output.Width, p.Output.Height
		}
		if p.Output.FPS > 0 {
			s.FPS = int(p.Output.FPS)
		}
	}
	return s
}

// withDefaults fills zero fields with the defaults.
func (s Settings) withDefaults() Settings {
	if s.Encoder == "" {
		s.Encoder = EncoderX264
	}
	if s.X264Preset == "" {
		s.X264Preset = DefaultX264Preset
	}
	if s.AudioBitrate == "" {
		s.AudioBitrate = DefaultAudioBitrate
	}
	return s
}

// Validate reports what is wrong with s, or nil.
func (s Settings) Validate() error {
	var bad []string
	if strings.TrimSpace(s.Output) == "" {
		bad = append(bad, "no output file given")
	}
	bad = append(bad, s.frameProblems()...)
	bad = append(bad, s.encodingProblems()...)
	if len(bad) > 0 {
		return fmt.Errorf("export settings: %s", strings.Join(bad, "; "))
	}
	return nil
}

// frameProblems checks the frame size and rate.
func (s Settings) frameProblems() []string {
	var bad []string
	if s.Width < 16 || s.Width > 8192 || s.Width%2 != 0 {
		bad = append(bad, fmt.Sprintf("width must be an even number from 16 to 8192 (got %d)", s.Width))
	}
	if s.Height < 16 || s.Height > 8192 || s.Height%2 != 0 {
		bad = append(bad, fmt.Sprintf("height must be an even number from 16 to 8192 (got %d)", s.Height))
	}
	if s.FPS < 1 || s.FPS > 120 {
		bad = append(bad, fmt.Sprintf("fps must be from 1 to 120 (got %d)", s.FPS))
	}
	return bad
}

// encodingProblems checks the quality, encoder and audio settings.
func (s Settings) encodingProblems() []string {
	var bad []string
	if s.CRF < 0 || s.CRF > 51 {
		bad = append(bad, fmt.Sprintf("crf must be from 0 to 51 (got %d)", s.CRF))
	}
	if s.X264Preset != "" && !contains(X264Presets, s.X264Preset) {
		bad = append(bad, fmt.Sprintf("unknown x264 preset %q (use one of %s)", s.X264Preset, strings.Join(X264Presets, ", ")))
	}
	if s.Encoder != "" && !contains(Encoders, s.Encoder) {
		bad = append(bad, fmt.Sprintf("unknown encoder %q (use one of %s)", s.Encoder, strings.Join(Encoders, ", ")))
	}
	if s.AudioBitrate != "" && !validBitrate(s.AudioBitrate) {
		bad = append(bad, fmt.Sprintf("audio bitrate %q must look like 192k", s.AudioBitrate))
	}
	return bad
}

func validBitrate(b string) bool {
	n := strings.TrimSuffix(strings.TrimSuffix(b, "k"), "K")
	if n == "" || len(n) > 6 {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func contains(list []string, v string) bool {
	return slices.Contains(list, v)
}

// container returns ffmpeg's muxer name for an output path and whether it
// takes +faststart.
func container(path string) (format string, faststart bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mov":
		return "mov", true
	case ".mkv":
		return "matroska", false
	default:
		return "mp4", true
	}
}

// SizeNames returns the size preset names, for help texts.
func SizeNames() []string {
	out := make([]string, len(Sizes))
	for i, s := range Sizes {
		out[i] = s.Name
	}
	return out
}

// QualityNames returns the quality preset names, for help texts.
func QualityNames() []string {
	out := make([]string, len(Qualities))
	for i, q := range Qualities {
		out[i] = q.Name
	}
	return out
}
