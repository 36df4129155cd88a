package project

import (
	"fmt"
	"io"
	"math"
	"regexp"
)

var ioErrUnexpectedEOF = io.ErrUnexpectedEOF

var colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate lists everything wrong with p's settings, each with the JSON path
// of the field. It does not look at the media files (see MissingMedia).
func (p *Project) Validate() []Problem {
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	p.validateOutput(bad)
	validateSettings(p, bad)
	validateCaption(bad, p.Caption)
	validateSoundtrack(bad, p.Soundtrack)
	validateSlideMedia(bad, p.Slides)
	return ps
}

// validateOutput checks the frame size and rate, background and timing.
func (p *Project) validateOutput(bad badFunc) {
	o := p.Output
	if o.Width < 16 || o.Width > 8192 || o.Width%2 != 0 {
		bad("output.width", "must be an even number from 16 to 8192 (got %d)", o.Width)
	}
	if o.Height < 16 || o.Height > 8192 || o.Height%2 != 0 {
		bad("output.height", "must be an even number from 16 to 8192 (got %d)", o.Height)
	}
	if o.FPS < 1 || o.FPS > 120 {
		bad("output.fps", "must be from 1 to 120 (got %d)", o.FPS)
	}
	if !colorRe.MatchString(p.Background.Color) {
		bad("background.color", "must be a colour like #1a2b3c (got %q)", p.Background.Color)
	}
	if !p.Timing.Valid() {
		bad("timing", "unknown timing mode %q (use %v)", p.Timing, TimingModes)
	}
	checkSnap(bad, p.Snap)
}

func validateCaption(bad badFunc, c CaptionStyle) {
	if !(c.Size > 0 && c.Size <= 0.5) {
		bad("caption_style.size", "must be a fraction of the frame height above 0 and at most 0.5 (got %v)", c.Size)
	}
	if c.Position != CaptionBottom && c.Position != CaptionTop && c.Position != CaptionCenter {
		bad("caption_style.position", "must be bottom, top or center (got %q)", c.Position)
	}
	if !colorRe.MatchString(c.Color) {
		bad("caption_style.color", "must be a colour like #ffffff (got %q)", c.Color)
	}
	if !colorRe.MatchString(c.Outline) {
		bad("caption_style.outline", "must be a colour like #000000 (got %q)", c.Outline)
	}
}

func validateSoundtrack(bad badFunc, s Soundtrack) {
	for i, m := range s.Music {
		if m.Path == "" {
			bad(fmt.Sprintf("soundtrack.music[%d].path", i), "is empty")
		}
	}
	checkRange(bad, "soundtrack.music_gain_db", s.MusicGainDB, -60, 24)
	checkRange(bad, "soundtrack.narration_gain_db", s.NarrationGainDB, -60, 24)
	checkRange(bad, "soundtrack.fade_in", s.FadeIn, 0, 600)
	checkRange(bad, "soundtrack.fade_out", s.FadeOut, 0, 600)
	checkRange(bad, "soundtrack.ducking.depth_db", s.Ducking.DepthDB, -60, 0)
	checkRange(bad, "soundtrack.ducking.attack", s.Ducking.Attack, 0, 10)
	checkRange(bad, "soundtrack.ducking.release", s.Ducking.Release, 0, 10)
	checkRange(bad, "soundtrack.target_lufs", s.TargetLUFS, -70, 0)
	checkRange(bad, "soundtrack.ceiling_dbtp", s.CeilingDBTP, -20, 0)
	checkRange(bad, "soundtrack.narration_gap", s.NarrationGap, 0, 60)
}

// validateSlideMedia checks each slide has an image and no empty
// narration path (the settings are checked by validateSettings).
func validateSlideMedia(bad badFunc, slides []Slide) {
	for i, sl := range slides {
		if sl.Image.Path == "" {
			bad(fmt.Sprintf("slides[%d].image.path", i), "is empty: every slide needs an image")
		}
		if sl.Narration != nil && sl.Narration.Path == "" {
			bad(fmt.Sprintf("slides[%d].narration.path", i), "is empty")
		}
	}
}

type badFunc func(field, format string, args ...any)

func checkDuration(bad badFunc, field string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) || v > 3600 {
		bad(field, "must be more than 0 and at most 3600 seconds (got %v)", v)
	}
}

func checkTransition(bad badFunc, field string, t Transition) {
	if !t.Kind.Valid() {
		bad(field+".kind", "unknown transition kind %q (use one of %v)", t.Kind, TransitionKinds)
	}
	if !(t.Duration >= 0) || t.Duration > 60 {
		bad(field+".duration", "must be from 0 to 60 seconds (got %v)", t.Duration)
	}
}

func checkZoom(bad badFunc, field string, v float64) {
	if !(v >= MinZoom && v <= MaxZoom) {
		bad(field, "must be from %v to %v (got %v)", MinZoom, MaxZoom, v)
	}
}

func checkDirection(bad badFunc, field string, d Direction) {
	if !d.Valid() {
		bad(field, "unknown direction %q (use one of %v)", d, Directions)
	}
}

func checkEasing(bad badFunc, field string, e Easing) {
	if !e.Valid() {
		bad(field, "unknown easing %q (use one of %v)", e, Easings)
	}
}

func checkFit(bad badFunc, field string, f Fit) {
	if !f.Valid() {
		bad(field, "unknown fit %q (use one of %v)", f, Fits)
	}
}

func checkRange(bad badFunc, field string, v, lo, hi float64) {
	if !(v >= lo && v <= hi) {
		bad(field, "must be from %v to %v (got %v)", lo, hi, v)
	}
}

func checkSnap(bad badFunc, s Snap) {
	if !s.Valid() {
		bad("snap", "unknown snap %q (use one of %v)", s, Snaps)
	}
}
