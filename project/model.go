package project

import "slices"

// Default values of a new project, kept from the video service that Slidereel
// replaces (fps 24, 1920x1080, 3 s slides, 0.5 s crossfades, Ken Burns on
// with zoom 1.1) and from its story compiler (0.5 s gap after narration).
const (
	DefaultWidth            = 1920
	DefaultHeight           = 1080
	DefaultFPS          FPS = 24
	DefaultDuration         = 3.0
	DefaultTransition       = 0.5
	DefaultZoom             = 1.1
	DefaultNarrationGap     = 0.5
	DefaultMusicFadeOut     = 2.0
	DefaultDuckingDB        = -12.0
	DefaultDuckAttack       = 0.15
	DefaultDuckRelease      = 0.40
	DefaultTargetLUFS       = -14.0
	DefaultCeilingDBTP      = -1.0
	DefaultCaptionSize      = 0.06
	DefaultBackground       = "#000000"
	MaxZoom                 = 4.0
	MinZoom                 = 1.0
)

// Project is a slideshow: output format, defaults, slides and soundtrack.
// Paths in memory are as the user gave them (usually absolute); the file
// stores them relative to the .project file (see Save).
type Project struct {
	Output     Output       `json:"output"`
	Background Background   `json:"background"`
	Defaults   Defaults     `json:"defaults"`
	Timing     TimingMode   `json:"timing"`
	Caption    CaptionStyle `json:"caption_style"`
	Soundtrack Soundtrack   `json:"soundtrack"`
	// Snap rounds slide durations to the music's beats (see Snap).
	Snap   Snap    `json:"snap,omitempty"`
	Slides []Slide `json:"slides"`
}

// Output is the video's frame size and rate.
type Output struct {
	Width  int `json:"width"`
	Height int `json:"height"`
	FPS    FPS `json:"fps"`
}

// Aspect returns width/height, or 16/9 for a degenerate size.
func (o Output) Aspect() float64 {
	if o.Width <= 0 || o.Height <= 0 {
		return 16.0 / 9.0
	}
	return float64(o.Width) / float64(o.Height)
}

// Fit says how a photo whose aspect differs from the output's fills the frame.
type Fit string

// Fit modes.
const (
	FitBlur  Fit = "blur"  // whole photo, the rest filled with a blurred copy of it
	FitColor Fit = "color" // whole photo, the rest filled with Background.Color
	FitCrop  Fit = "crop"  // photo cropped to fill the frame
)

// Fits lists the fit modes in the order the UI offers them.
var Fits = []Fit{FitBlur, FitColor, FitCrop}

// Valid reports whether f is a known fit mode.
func (f Fit) Valid() bool { return slices.Contains(Fits, f) }

// Background is the colour used by FitColor (and behind transparent pixels).
type Background struct {
	Color string `json:"color"` // "#rrggbb"
}

// Defaults are the project-wide slide settings. A slide follows them unless
// it overrides a field.
type Defaults struct {
	Duration   float64    `json:"duration"`
	Transition Transition `json:"transition"`
	KenBurns   bool       `json:"ken_burns"`
	Zoom       float64    `json:"zoom"`
	Easing     Easing     `json:"easing"`
	Fit        Fit        `json:"fit"`
	// Direction of the Ken Burns motion derived from the zoom factor.
	Direction Direction `json:"direction"`
}

// Transition is how a slide hands over to the next one.
type Transition struct {
	Kind     TransitionKind `json:"kind"`
	Duration float64        `json:"duration"`
}

// TransitionKind names a transition.
type TransitionKind string

// Transition kinds.
const (
	Cut          TransitionKind = "cut"
	Crossfade    TransitionKind = "crossfade"
	FadeBlack    TransitionKind = "fade-black"
	FadeWhite    TransitionKind = "fade-white"
	WipeLeft     TransitionKind = "wipe-left"
	WipeRight    TransitionKind = "wipe-right"
	WipeUp       TransitionKind = "wipe-up"
	WipeDown     TransitionKind = "wipe-down"
	PushLeft     TransitionKind = "push-left"
	PushRight    TransitionKind = "push-right"
	PushUp       TransitionKind = "push-up"
	PushDown     TransitionKind = "push-down"
	ZoomDissolve TransitionKind = "zoom-dissolve"
)

// TransitionKinds lists every transition kind in the order the UI offers them.
var TransitionKinds = []TransitionKind{
	Crossfade, Cut, FadeBlack, FadeWhite,
	WipeLeft, WipeRight, WipeUp, WipeDown,
	PushLeft, PushRight, PushUp, PushDown,
	ZoomDissolve,
}

// Valid reports whether k is a known transition kind.
func (k TransitionKind) Valid() bool { return slices.Contains(TransitionKinds, k) }

// TimingMode decides slide durations.
type TimingMode string

// Timing modes.
const (
	// TimingFixed uses each slide's duration as set.
	TimingFixed TimingMode = "fixed"
	// TimingFitAudio scales slide durations so the video ends exactly when
	// the music ends (the old service's "video length synced to the audio").
	TimingFitAudio TimingMode = "fit-audio"
	// TimingStory makes each slide last its narration plus a gap; slides
	// without narration keep their duration (the old story compiler).
	TimingStory TimingMode = "story"
)

// TimingModes lists the timing modes in the order the UI offers them.
var TimingModes = []TimingMode{TimingFixed, TimingFitAudio, TimingStory}

// Valid reports whether m is a known timing mode.
func (m TimingMode) Valid() bool { return slices.Contains(TimingModes, m) }

// CaptionStyle is how slide captions are drawn.
type CaptionStyle struct {
	// Size is the text height as a fraction of the frame height.
	Size float64 `json:"size"`
	// Position is "bottom", "top" or "center".
	Position string `json:"position"`
	Color    string `json:"color"`   // "#rrggbb"
	Outline  string `json:"outline"` // "#rrggbb"
}

// Caption positions.
const (
	CaptionBottom = "bottom"
	CaptionTop    = "top"
	CaptionCenter = "center"
)

// Soundtrack is the music under the whole video and its mixing settings.
// Narration clips belong to slides (Slide.Narration).
type Soundtrack struct {
	Music []MediaRef `json:"music"`
	// MusicGainDB is the music's volume in dB (0 = as recorded).
	MusicGainDB float64 `json:"music_gain_db"`
	// NarrationGainDB is the narration's volume in dB.
	NarrationGainDB float64 `json:"narration_gain_db"`
	// Loop repeats the music to the video length; otherwise it plays once.
	Loop    bool    `json:"loop"`
	FadeIn  float64 `json:"fade_in"`
	FadeOut float64 `json:"fade_out"`
	// Ducking lowers the music under narration.
	Ducking Ducking `json:"ducking"`
	// Normalize brings the final mix to TargetLUFS with a true-peak ceiling.
	Normalize   bool    `json:"normalize"`
	TargetLUFS  float64 `json:"target_lufs"`
	CeilingDBTP float64 `json:"ceiling_dbtp"`
	// NarrationGap is the silence after each narration clip in story mode.
	NarrationGap float64 `json:"narration_gap"`
}

// Ducking lowers music under narration with smooth ramps.
type Ducking struct {
	Enabled bool    `json:"enabled"`
	DepthDB float64 `json:"depth_db"` // negative, e.g. -12
	Attack  float64 `json:"attack"`   // seconds
	Release float64 `json:"release"`  // seconds
}

// MediaRef points at a media file. In memory Path is the usable path and
// Abs is empty (Load resolves both), unless the file is missing: then Abs
// may hold its last known absolute location, which Save keeps. In the file
// Path is relative to the .project file and Abs keeps the absolute path as
// a fallback, used when the relative target is missing.
type MediaRef struct {
	Path string `json:"path"`
	Abs  string `json:"abs,omitempty"`
}

// Slide is one photo on the timeline. Nil fields follow Project.Defaults.
type Slide struct {
	Image      MediaRef    `json:"image"`
	Duration   *float64    `json:"duration,omitempty"`
	Transition *Transition `json:"transition,omitempty"`
	KenBurns   *bool       `json:"ken_burns,omitempty"`
	Zoom       *float64    `json:"zoom,omitempty"`
	Easing     *Easing     `json:"easing,omitempty"`
	Fit        *Fit        `json:"fit,omitempty"`
	Direction  *Direction  `json:"direction,omitempty"`
	// Motion fixes the Ken Burns start and end rectangles; nil derives them
	// from the zoom factor (see DefaultMotion).
	Motion    *Motion   `json:"motion,omitempty"`
	Narration *MediaRef `json:"narration,omitempty"`
	Caption   string    `json:"caption,omitempty"`
}

// New returns an empty project with the default settings.
func New() *Project {
	return &Project{
		Output:     Output{Width: DefaultWidth, Height: DefaultHeight, FPS: DefaultFPS},
		Background: Background{Color: DefaultBackground},
		Defaults: Defaults{
			Duration:   DefaultDuration,
			Transition: Transition{Kind: Crossfade, Duration: DefaultTransition},
			KenBurns:   true,
			Zoom:       DefaultZoom,
			Easing:     Linear,
			Fit:        FitBlur,
			Direction:  DirAuto,
		},
		Timing:  TimingFixed,
		Caption: CaptionStyle{Size: DefaultCaptionSize, Position: CaptionBottom, Color: "#ffffff", Outline: "#000000"},
		Soundtrack: Soundtrack{
			Loop:         true,
			FadeOut:      DefaultMusicFadeOut,
			Ducking:      Ducking{Enabled: true, DepthDB: DefaultDuckingDB, Attack: DefaultDuckAttack, Release: DefaultDuckRelease},
			TargetLUFS:   DefaultTargetLUFS,
			CeilingDBTP:  DefaultCeilingDBTP,
			NarrationGap: DefaultNarrationGap,
		},
	}
}

// AddImages appends one slide per path, following the defaults.
func (p *Project) AddImages(paths ...string) {
	for _, path := range paths {
		p.Slides = append(p.Slides, Slide{Image: MediaRef{Path: path}})
	}
}

// Clone returns a deep copy of p, safe to hand to another goroutine.
func (p *Project) Clone() *Project {
	if p == nil {
		return nil
	}
	c := *p
	c.Soundtrack.Music = append([]MediaRef(nil), p.Soundtrack.Music...)
	if p.Slides != nil {
		c.Slides = make([]Slide, len(p.Slides))
		for i, s := range p.Slides {
			c.Slides[i] = s.clone()
		}
	}
	return &c
}

func (s Slide) clone() Slide {
	c := s
	c.Duration = clonePtr(s.Duration)
	c.Transition = clonePtr(s.Transition)
	c.KenBurns = clonePtr(s.KenBurns)
	c.Zoom = clonePtr(s.Zoom)
	c.Easing = clonePtr(s.Easing)
	c.Direction = clonePtr(s.Direction)
	c.Fit = clonePtr(s.Fit)
	c.Motion = clonePtr(s.Motion)
	c.Narration = clonePtr(s.Narration)
	return c
}

func clonePtr[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// Resolved is a slide with every default applied.
type Resolved struct {
	Index      int
	Image      string
	Duration   float64
	Transition Transition
	KenBurns   bool
	Zoom       float64
	Easing     Easing
	Fit        Fit
	Direction  Direction
	Motion     *Motion // explicit rectangles, or nil for DefaultMotion
	Narration  string  // "" when the slide has none
	Caption    string
}

// override sets *dst to *v when the slide overrides it (v is not nil).
func override[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Resolve returns slide i with the project defaults applied.
func (p *Project) Resolve(i int) Resolved {
	s := p.Slides[i]
	d := p.Defaults
	r := Resolved{
		Index: i, Image: s.Image.Path, Duration: d.Duration, Transition: d.Transition,
		KenBurns: d.KenBurns, Zoom: d.Zoom, Easing: d.Easing, Fit: d.Fit, Direction: d.Direction,
		Motion: clonePtr(s.Motion), Caption: s.Caption,
	}
	override(&r.Duration, s.Duration)
	override(&r.Transition, s.Transition)
	override(&r.KenBurns, s.KenBurns)
	override(&r.Zoom, s.Zoom)
	override(&r.Easing, s.Easing)
	override(&r.Fit, s.Fit)
	override(&r.Direction, s.Direction)
	if !r.Direction.Valid() {
		r.Direction = DirAuto
	}
	if s.Narration != nil {
		r.Narration = s.Narration.Path
	}
	if !r.Fit.Valid() {
		r.Fit = FitBlur
	}
	if r.Zoom < MinZoom || r.Zoom > MaxZoom || r.Zoom != r.Zoom {
		r.Zoom = clamp(r.Zoom, MinZoom, MaxZoom)
	}
	if r.Transition.Kind == Cut {
		r.Transition.Duration = 0
	}
	return r
}

// MotionFor returns the slide's Ken Burns motion for a source image of
// srcW x srcH pixels shown in the project's output: the explicit rectangles
// if the slide has them, else DefaultMotion. With Ken Burns off the motion
// is the static base framing, whatever rectangles the slide holds.
func (p *Project) MotionFor(r Resolved, srcW, srcH int) Motion {
	return p.MotionForSubject(r, srcW, srcH, nil)
}

// MotionForSubject is MotionFor for a photo whose subject (normalised to
// the photo) is known: a slide with direction DirSubject and no explicit
// rectangles gets SubjectMotion about it. A nil subject gives MotionFor's
// motion.
func (p *Project) MotionForSubject(r Resolved, srcW, srcH int, subject *Rect) Motion {
	if !r.KenBurns {
		return DefaultMotion(r.Index, srcW, srcH, p.Output.Width, p.Output.Height, 1, r.Fit)
	}
	if r.Motion != nil {
		return *r.Motion
	}
	if r.Direction == DirSubject && subject != nil {
		return SubjectMotion(r.Index, srcW, srcH, p.Output.Width, p.Output.Height, r.Zoom, r.Fit, *subject)
	}
	return DefaultMotion(r.Direction.parity(r.Index), srcW, srcH, p.Output.Width, p.Output.Height, r.Zoom, r.Fit)
}
