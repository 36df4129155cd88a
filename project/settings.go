package project

import "fmt"

// Setting is one slide setting that a slide may override (Slide's pointer
// fields) and, except motion, that Defaults holds for every slide. The
// table of them (Settings) is the one place that knows a setting's JSON
// key, how to read, set and clear it and what values it takes: the model
// ops, Validate and the editor's inspector all go through it, so adding a
// per-slide setting is one line here plus its fields.
type Setting struct {
	Field Field
	// Key is the JSON key, the same in "defaults" and in a slide.
	Key string
	// Label names the setting for people ("Duration").
	Label string

	typeOK     func(v any) bool
	getDefault func(d *Defaults) (any, bool) // false: no project default
	setDefault func(d *Defaults, v any)
	getSlide   func(s *Slide) (any, bool)
	setSlide   func(s *Slide, v any)
	clearSlide func(s *Slide)
	check      func(bad badFunc, field string, v any)
}

// setting builds a table row for a setting of type T held in a Defaults
// field (def; nil for none) and a Slide pointer field (slide). check, when
// not nil, reports bad values.
func setting[T any](f Field, key, label string, def func(*Defaults) *T, slide func(*Slide) **T, check func(badFunc, string, T)) Setting {
	s := Setting{
		Field: f, Key: key, Label: label,
		typeOK: func(v any) bool { _, ok := v.(T); return ok },
		getDefault: func(d *Defaults) (any, bool) {
			if def == nil {
				return nil, false
			}
			return *def(d), true
		},
		setDefault: func(d *Defaults, v any) {
			if def != nil {
				*def(d) = v.(T)
			}
		},
		getSlide: func(s *Slide) (any, bool) {
			if p := *slide(s); p != nil {
				return *p, true
			}
			return nil, false
		},
		setSlide: func(s *Slide, v any) {
			x := v.(T)
			*slide(s) = &x
		},
		clearSlide: func(s *Slide) { *slide(s) = nil },
		check:      func(badFunc, string, any) {},
	}
	if check != nil {
		s.check = func(bad badFunc, field string, v any) { check(bad, field, v.(T)) }
	}
	return s
}

// settings is indexed by Field.
var settings = []Setting{
	setting(FieldDuration, "duration", "Duration",
		func(d *Defaults) *float64 { return &d.Duration }, func(s *Slide) **float64 { return &s.Duration }, checkDuration),
	setting(FieldTransition, "transition", "Transition",
		func(d *Defaults) *Transition { return &d.Transition }, func(s *Slide) **Transition { return &s.Transition }, checkTransition),
	setting(FieldKenBurns, "ken_burns", "Ken Burns",
		func(d *Defaults) *bool { return &d.KenBurns }, func(s *Slide) **bool { return &s.KenBurns }, nil),
	setting(FieldZoom, "zoom", "Zoom",
		func(d *Defaults) *float64 { return &d.Zoom }, func(s *Slide) **float64 { return &s.Zoom }, checkZoom),
	setting(FieldEasing, "easing", "Easing",
		func(d *Defaults) *Easing { return &d.Easing }, func(s *Slide) **Easing { return &s.Easing }, checkEasing),
	setting(FieldFit, "fit", "Fit",
		func(d *Defaults) *Fit { return &d.Fit }, func(s *Slide) **Fit { return &s.Fit }, checkFit),
	setting(FieldMotion, "motion", "Motion",
		nil, func(s *Slide) **Motion { return &s.Motion }, checkMotion),
	withSlideSet(setting(FieldDirection, "direction", "Direction",
		func(d *Defaults) *Direction { return &d.Direction }, func(s *Slide) **Direction { return &s.Direction }, checkDirection),
		func(s *Slide) { s.Motion = nil }), // explicit rectangles would hide the direction
}

// withSlideSet adds after to what setting s does when set on a slide.
func withSlideSet(s Setting, after func(*Slide)) Setting {
	set := s.setSlide
	s.setSlide = func(sl *Slide, v any) {
		set(sl, v)
		after(sl)
	}
	return s
}

// Settings returns the overridable slide settings in Field order.
func Settings() []Setting { return append([]Setting(nil), settings...) }

// Setting returns f's row of the settings table.
func (f Field) Setting() (Setting, bool) {
	if f < 0 || int(f) >= len(settings) {
		return Setting{}, false
	}
	return settings[f], true
}

// HasDefault reports whether the project holds a default for the setting
// (all but motion).
func (s Setting) HasDefault() bool {
	_, ok := s.getDefault(&Defaults{})
	return ok
}

// Default returns p's default value of the setting, typed for SetDefault
// (nil for motion).
func (s Setting) Default(p *Project) any {
	v, _ := s.getDefault(&p.Defaults)
	return v
}

// Overridden reports whether slide sl sets the setting itself.
func (s Setting) Overridden(sl Slide) bool {
	_, ok := s.getSlide(&sl)
	return ok
}

// validateSettings reports a bad default and bad overrides of every setting.
func validateSettings(p *Project, bad badFunc) {
	for _, s := range settings {
		if v, ok := s.getDefault(&p.Defaults); ok {
			s.check(bad, "defaults."+s.Key, v)
		}
	}
	for i := range p.Slides {
		for _, s := range settings {
			if v, ok := s.getSlide(&p.Slides[i]); ok {
				s.check(bad, fmt.Sprintf("slides[%d].%s", i, s.Key), v)
			}
		}
	}
}

func checkMotion(bad badFunc, field string, m Motion) {
	if !m.Start.Valid() {
		bad(field+".start", "needs a positive width and height and a finite position (got %+v)", m.Start)
	}
	if !m.End.Valid() {
		bad(field+".end", "needs a positive width and height and a finite position (got %+v)", m.End)
	}
}
