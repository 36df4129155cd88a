package project

import (
	"strings"
	"testing"
)

func TestNewDefaults(t *testing.T) {
	p := New()
	d := p.Defaults
	if p.Output != (Output{Width: 1920, Height: 1080, FPS: 24}) || d.Duration != 3 ||
		d.Transition != (Transition{Kind: Crossfade, Duration: 0.5}) || !d.KenBurns || d.Zoom != 1.1 ||
		d.Easing != Linear || d.Fit != FitBlur || p.Timing != TimingFixed || p.Soundtrack.NarrationGap != 0.5 ||
		!p.Soundtrack.Ducking.Enabled || p.Soundtrack.TargetLUFS != -14 || p.Slides != nil {
		t.Errorf("New() = %+v", p)
	}
	if probs := p.Validate(); len(probs) != 0 {
		t.Errorf("a new project is invalid: %v", probs)
	}
	if got := p.Output.Aspect(); got != 16.0/9 {
		t.Errorf("aspect %v", got)
	}
	if got := (Output{}).Aspect(); got != 16.0/9 {
		t.Errorf("degenerate aspect %v", got)
	}
	for _, k := range TransitionKinds {
		if !k.Valid() {
			t.Errorf("%s invalid", k)
		}
	}
	for _, bad := range []bool{TransitionKind("spin").Valid(), Easing("x").Valid(), Fit("x").Valid(), TimingMode("x").Valid()} {
		if bad {
			t.Error("unknown name reported valid")
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		edit func(p *Project)
		want string
	}{
		{func(p *Project) { p.Output.Width = 1001 }, "output.width: must be an even number from 16 to 8192 (got 1001)"},
		{func(p *Project) { p.Output.Height = 0 }, "output.height: must be an even number"},
		{func(p *Project) { p.Output.FPS = 0 }, "output.fps: must be from 1 to 120 (got 0)"},
		{func(p *Project) { p.Background.Color = "red" }, `background.color: must be a colour like #1a2b3c (got "red")`},
		{func(p *Project) { p.Timing = "slow" }, `timing: unknown timing mode "slow"`},
		{func(p *Project) { p.Defaults.Duration = 0 }, "defaults.duration: must be more than 0 and at most 3600 seconds (got 0)"},
		{func(p *Project) { p.Defaults.Duration = 4000 }, "defaults.duration: must be more than 0"},
		{func(p *Project) { p.Defaults.Transition.Kind = "spin" }, `defaults.transition.kind: unknown transition kind "spin"`},
		{func(p *Project) { p.Defaults.Transition.Duration = -0.5 }, "defaults.transition.duration: must be from 0 to 60 seconds (got -0.5)"},
		{func(p *Project) { p.Defaults.Zoom = 0.9 }, "defaults.zoom: must be from 1 to 4 (got 0.9)"},
		{func(p *Project) { p.Defaults.Easing = "bouncy" }, `defaults.easing: unknown easing "bouncy"`},
		{func(p *Project) { p.Defaults.Fit = "" }, `defaults.fit: unknown fit ""`},
		{func(p *Project) { p.Caption.Size = 0 }, "caption_style.size"},
		{func(p *Project) { p.Caption.Position = "left" }, `caption_style.position: must be bottom, top or center (got "left")`},
		{func(p *Project) { p.Caption.Outline = "#12345" }, "caption_style.outline"},
		{func(p *Project) { p.Soundtrack.Music = []MediaRef{{Path: "/a.mp3"}, {}} }, "soundtrack.music[1].path: is empty"},
		{func(p *Project) { p.Soundtrack.Ducking.DepthDB = 6 }, "soundtrack.ducking.depth_db: must be from -60 to 0 (got 6)"},
		{func(p *Project) { p.Soundtrack.TargetLUFS = nanValue() }, "soundtrack.target_lufs: must be from -70 to 0 (got NaN)"},
		{func(p *Project) { p.Soundtrack.FadeIn = -1 }, "soundtrack.fade_in"},
		{func(p *Project) { p.Slides[1].Duration = new(-2.0) }, "slides[1].duration: must be more than 0 and at most 3600 seconds (got -2)"},
		{func(p *Project) { p.Slides[0].Transition = &Transition{Kind: "x"} }, `slides[0].transition.kind: unknown transition kind "x"`},
		{func(p *Project) { p.Slides[1].Zoom = new(5.0) }, "slides[1].zoom: must be from 1 to 4 (got 5)"},
		{func(p *Project) { p.Slides[1].Easing = new(Easing("")) }, "slides[1].easing"},
		{func(p *Project) { p.Slides[1].Fit = new(Fit("zoom")) }, "slides[1].fit"},
		{func(p *Project) { p.Slides[1].Motion = &Motion{Start: Rect{W: 1, H: 1}} }, "slides[1].motion.end: needs a positive width and height"},
		{func(p *Project) { p.Slides[0].Narration = &MediaRef{} }, "slides[0].narration.path: is empty"},
		{func(p *Project) { p.Slides[1].Image.Path = "" }, "slides[1].image.path: is empty: every slide needs an image"},
	}
	for _, c := range cases {
		p := New()
		p.AddImages("/a.jpg", "/b.jpg")
		c.edit(p)
		probs := p.Validate()
		if len(probs) != 1 || !strings.Contains(probs[0].String(), c.want) {
			t.Errorf("want one problem %q, got %v", c.want, probs)
		}
	}
}
