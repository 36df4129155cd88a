package project

import (
	"reflect"
	"strings"
	"testing"
)

// names lists the slides' image paths, to compare orders.
func names(p *Project) string {
	var s []string
	for _, sl := range p.Slides {
		s = append(s, strings.TrimSuffix(strings.TrimPrefix(sl.Image.Path, "/photos/"), ".jpg"))
	}
	return strings.Join(s, " ")
}

func sixSlides() *Project {
	p := New()
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		p.AddImages("/photos/" + n + ".jpg")
	}
	return p
}

func TestMove(t *testing.T) {
	cases := []struct {
		to      int
		indices []int
		want    string
		idx     []int
	}{
		{0, []int{3}, "d a b c e f", []int{0}},
		{5, []int{0}, "b c d e f a", []int{5}},
		{99, []int{1}, "a c d e f b", []int{5}}, // past the end: to the end
		{-4, []int{5}, "f a b c d e", []int{0}}, // before the start: to the start
		{1, []int{4, 0, 2}, "b a c e d f", []int{1, 2, 3}},
		{0, []int{2, 2, 2}, "c a b d e f", []int{0}}, // duplicates count once
		{2, []int{9, -1}, "a b c d e f", nil},        // nothing valid: no change
		{2, nil, "a b c d e f", nil},
		{1, []int{1}, "a b c d e f", []int{1}}, // to where it is
	}
	for _, c := range cases {
		p := sixSlides()
		idx := p.Move(c.to, c.indices...)
		if got := names(p); got != c.want || !reflect.DeepEqual(idx, c.idx) {
			t.Errorf("Move(%d, %v) = %q %v, want %q %v", c.to, c.indices, got, idx, c.want, c.idx)
		}
	}
}

func TestDelete(t *testing.T) {
	cases := []struct {
		indices []int
		want    string
	}{
		{[]int{0}, "b c d e f"},
		{[]int{5, 1, 3}, "a c e"},
		{[]int{2, 2, -1, 6}, "a b d e f"},
		{nil, "a b c d e f"},
		{[]int{0, 1, 2, 3, 4, 5}, ""},
	}
	for _, c := range cases {
		p := sixSlides()
		orig := p.Slides
		p.Delete(c.indices...)
		if got := names(p); got != c.want {
			t.Errorf("Delete(%v) = %q, want %q", c.indices, got, c.want)
		}
		if names(&Project{Slides: orig}) != "a b c d e f" {
			t.Errorf("Delete(%v) modified the old slice in place (a clone held elsewhere would change)", c.indices)
		}
	}
}

func TestDuplicate(t *testing.T) {
	p := sixSlides()
	if err := p.SetOverride(FieldDuration, 5.0, 1); err != nil {
		t.Fatal(err)
	}
	idx := p.Duplicate(3, 1)
	if got := names(p); got != "a b c d b d e f" || !reflect.DeepEqual(idx, []int{4, 5}) {
		t.Fatalf("Duplicate(3, 1) = %q %v", got, idx)
	}
	// The copy is deep: changing it leaves the original alone.
	if p.Slides[4].Duration == p.Slides[1].Duration || *p.Slides[4].Duration != 5 {
		t.Fatal("duplicate shares or lost the duration override")
	}
	*p.Slides[4].Duration = 7
	if *p.Slides[1].Duration != 5 {
		t.Error("changing the copy changed the original")
	}
	if idx := p.Duplicate(42); idx != nil || len(p.Slides) != 8 {
		t.Errorf("Duplicate out of range: %v, %d slides", idx, len(p.Slides))
	}
}

func TestDefaultsAndOverrides(t *testing.T) {
	p := sixSlides()
	// Override slides 1 and 2; the others follow the default.
	if err := p.SetOverride(FieldDuration, 5.0, 1, 2); err != nil {
		t.Fatal(err)
	}
	if err := p.SetDefault(FieldDuration, 4.0, false); err != nil {
		t.Fatal(err)
	}
	want := []float64{4, 5, 5, 4, 4, 4}
	for i, w := range want {
		if got := p.Resolve(i).Duration; got != w {
			t.Errorf("after a default change: slide %d lasts %v, want %v", i, got, w)
		}
	}
	// A later default change is followed by slides without an override.
	if err := p.SetDefault(FieldDuration, 2.0, false); err != nil {
		t.Fatal(err)
	}
	if p.Resolve(0).Duration != 2 || p.Resolve(1).Duration != 5 {
		t.Errorf("later default change: %v %v", p.Resolve(0).Duration, p.Resolve(1).Duration)
	}
	// Clear one override: that slide follows the default again.
	p.ClearOverride(FieldDuration, 2, 99, -1)
	if p.Resolve(2).Duration != 2 || p.Slides[2].Duration != nil {
		t.Errorf("cleared override: %v", p.Resolve(2).Duration)
	}
	// Apply to all: every override of that field goes.
	if err := p.SetDefault(FieldDuration, 6.0, true); err != nil {
		t.Fatal(err)
	}
	for i := range p.Slides {
		if p.Slides[i].Duration != nil || p.Resolve(i).Duration != 6 {
			t.Errorf("apply to all: slide %d %v", i, p.Resolve(i).Duration)
		}
	}
	// The timeline follows too.
	if tl := p.Timeline(MediaDurations{}); tl.Spans[0].Frames() != 6*24 {
		t.Errorf("timeline after default change: %d frames", tl.Spans[0].Frames())
	}
}

func TestEveryFieldOverrides(t *testing.T) {
	motion := Motion{Start: Rect{0, 0, 1, 1}, End: Rect{0.1, 0.1, 0.5, 0.5}}
	cases := []struct {
		f        Field
		def, ovr any
		get      func(Resolved) any
	}{
		{FieldDuration, 2.0, 7.5, func(r Resolved) any { return r.Duration }},
		{FieldTransition, Transition{Kind: FadeBlack, Duration: 1}, Transition{Kind: PushUp, Duration: 0.25}, func(r Resolved) any { return r.Transition }},
		{FieldKenBurns, false, true, func(r Resolved) any { return r.KenBurns }},
		{FieldZoom, 1.5, 2.0, func(r Resolved) any { return r.Zoom }},
		{FieldEasing, EaseIn, EaseOut, func(r Resolved) any { return r.Easing }},
		{FieldFit, FitCrop, FitColor, func(r Resolved) any { return r.Fit }},
	}
	for _, c := range cases {
		p := sixSlides()
		if err := p.SetOverride(c.f, c.ovr, 2, 4); err != nil {
			t.Fatalf("%v: %v", c.f, err)
		}
		if err := p.SetDefault(c.f, c.def, false); err != nil {
			t.Fatalf("%v: %v", c.f, err)
		}
		for i := range p.Slides {
			want := c.def
			if i == 2 || i == 4 {
				want = c.ovr
			}
			if got := c.get(p.Resolve(i)); got != want {
				t.Errorf("%v slide %d: %v, want %v", c.f, i, got, want)
			}
		}
		p.ClearOverride(c.f, 4)
		if got := c.get(p.Resolve(4)); got != c.def {
			t.Errorf("%v: cleared slide 4 = %v, want the default %v", c.f, got, c.def)
		}
		if err := p.SetDefault(c.f, c.def, true); err != nil {
			t.Fatal(err)
		}
		if got := c.get(p.Resolve(2)); got != c.def {
			t.Errorf("%v: apply to all left slide 2 at %v", c.f, got)
		}
		// The project still validates and survives a save.
		if probs := p.Validate(); len(probs) != 0 {
			t.Errorf("%v: %v", c.f, probs)
		}
	}
	p := sixSlides()
	if err := p.SetOverride(FieldMotion, motion, 0); err != nil {
		t.Fatal(err)
	}
	if r := p.Resolve(0); r.Motion == nil || *r.Motion != motion || p.Resolve(1).Motion != nil {
		t.Errorf("motion override: %+v", r.Motion)
	}
	if err := p.SetDefault(FieldMotion, nil, true); err != nil || p.Slides[0].Motion != nil {
		t.Errorf("motion apply-to-all should clear: %v %+v", err, p.Slides[0].Motion)
	}
}

func TestOpsRejectBadValues(t *testing.T) {
	cases := []struct {
		f    Field
		v    any
		want string
	}{
		{FieldDuration, 3, "duration: value of wrong type int"},
		{FieldDuration, -1.0, "duration: must be more than 0"},
		{FieldDuration, 0.0, "must be more than 0"},
		{FieldTransition, Transition{Kind: "spin", Duration: 1}, `unknown transition kind "spin"`},
		{FieldTransition, Transition{Kind: Crossfade, Duration: -1}, "transition.duration: must be from 0 to 60"},
		{FieldZoom, 0.5, "zoom: must be from 1 to 4"},
		{FieldEasing, Easing("bouncy"), `unknown easing "bouncy"`},
		{FieldEasing, "linear", "value of wrong type string"},
		{FieldFit, Fit("stretch"), `unknown fit "stretch"`},
		{FieldKenBurns, 1, "ken_burns: value of wrong type int"},
		{FieldMotion, Motion{}, "motion.start: needs a positive width and height"},
		{Field(42), 1.0, "unknown field 42"},
	}
	for _, c := range cases {
		p := sixSlides()
		before := p.Clone()
		errs := []error{p.SetOverride(c.f, c.v, 0, 1)}
		if c.f != FieldMotion { // motion has no default: SetDefault only clears
			errs = append(errs, p.SetDefault(c.f, c.v, true))
		}
		for _, err := range errs {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v %#v: err = %v, want %q", c.f, c.v, err, c.want)
			}
		}
		if !reflect.DeepEqual(p, before) {
			t.Errorf("%v %#v: a refused change modified the project", c.f, c.v)
		}
	}
	p := sixSlides()
	if err := p.SetOverride(FieldDuration, 2.0, 1, 6); err == nil || !strings.Contains(err.Error(), "slide 6 out of range") || p.Slides[1].Duration != nil {
		t.Errorf("out-of-range slide: %v, slide 1 %v", err, p.Slides[1].Duration)
	}
}

func TestCloneIsDeep(t *testing.T) {
	p := fullProject("/root")
	c := p.Clone()
	if !reflect.DeepEqual(p, c) {
		t.Fatal("clone differs")
	}
	*c.Slides[1].Duration = 99
	c.Slides[2].Motion.End.W = 0.9
	c.Slides[1].Narration.Path = "x"
	c.Soundtrack.Music[0].Path = "y"
	c.Slides[0].Caption = "z"
	if *p.Slides[1].Duration != 4.25 || p.Slides[2].Motion.End.W != 0.5 || p.Slides[1].Narration.Path == "x" ||
		p.Soundtrack.Music[0].Path == "y" || p.Slides[0].Caption == "z" {
		t.Error("changing the clone changed the original")
	}
	var nilP *Project
	if nilP.Clone() != nil {
		t.Error("nil clone")
	}
	if e := New().Clone(); e.Slides != nil || e.Soundtrack.Music != nil {
		t.Error("clone of an empty project should keep nil lists")
	}
}

func TestResolveSanitises(t *testing.T) {
	p := sixSlides()
	p.Slides[0].Zoom = new(9.0)
	p.Slides[1].Zoom = new(nanValue())
	p.Slides[2].Fit = new(Fit("weird"))
	p.Slides[3].Transition = &Transition{Kind: Cut, Duration: 3}
	if r := p.Resolve(0); r.Zoom != MaxZoom {
		t.Errorf("zoom 9 -> %v", r.Zoom)
	}
	if r := p.Resolve(1); r.Zoom != MinZoom {
		t.Errorf("zoom NaN -> %v", r.Zoom)
	}
	if r := p.Resolve(2); r.Fit != FitBlur {
		t.Errorf("unknown fit -> %v", r.Fit)
	}
	if r := p.Resolve(3); r.Transition.Duration != 0 {
		t.Errorf("a cut has no duration: %+v", r.Transition)
	}
	if r := p.Resolve(4); r.Index != 4 || r.Image != "/photos/e.jpg" || r.Narration != "" || r.Motion != nil {
		t.Errorf("plain slide: %+v", r)
	}
}
