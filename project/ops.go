package project

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Field names a slide setting that can be overridden per slide.
type Field int

// String returns the field's JSON name.
func (f Field) String() string {
	switch f {
	case FieldDuration:
		return "duration"
	case FieldTransition:
		return "transition"
	case FieldKenBurns:
		return "ken_burns"
	case FieldZoom:
		return "zoom"
	case FieldEasing:
		return "easing"
	case FieldFit:
		return "fit"
	case FieldMotion:
		return "motion"
	case FieldDirection:
		return "direction"
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// Overridable slide fields.
const (
	FieldDuration Field = iota
	FieldTransition
	FieldKenBurns
	FieldZoom
	FieldEasing
	FieldFit
	FieldMotion
	FieldDirection
)

// SetDefault sets a project-wide default from v and, with applyToAll, clears
// that field's override on every slide so they all follow it. v must have
// the field's type (float64, Transition, bool, float64, Easing, Fit,
// Direction);
// FieldMotion has no default and only clears overrides.
func (p *Project) SetDefault(f Field, v any, applyToAll bool) error {
	if f != FieldMotion {
		if err := checkValue(f, v); err != nil {
			return err
		}
	}
	switch f {
	case FieldDuration:
		x, ok := v.(float64)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Duration = x
	case FieldTransition:
		x, ok := v.(Transition)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Transition = x
	case FieldKenBurns:
		x, ok := v.(bool)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.KenBurns = x
	case FieldZoom:
		x, ok := v.(float64)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Zoom = x
	case FieldEasing:
		x, ok := v.(Easing)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Easing = x
	case FieldFit:
		x, ok := v.(Fit)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Fit = x
	case FieldDirection:
		x, ok := v.(Direction)
		if !ok {
			return typeErr(f, v)
		}
		p.Defaults.Direction = x
	case FieldMotion:
	default:
		return fmt.Errorf("unknown field %d", f)
	}
	if applyToAll {
		all := make([]int, len(p.Slides))
		for i := range all {
			all[i] = i
		}
		p.ClearOverride(f, all...)
	}
	return nil
}

// SetOverride sets field f to v on the given slides only. v has the types
// listed for SetDefault; FieldMotion takes a Motion. Setting a Direction
// also drops the slides' explicit rectangles, which would otherwise win.
func (p *Project) SetOverride(f Field, v any, slides ...int) error {
	for _, i := range slides {
		if i < 0 || i >= len(p.Slides) {
			return fmt.Errorf("slide %d out of range (project has %d)", i, len(p.Slides))
		}
	}
	if err := checkValue(f, v); err != nil {
		return err
	}
	for _, i := range slides {
		s := &p.Slides[i]
		switch f {
		case FieldDuration:
			x := v.(float64)
			s.Duration = &x
		case FieldTransition:
			x := v.(Transition)
			s.Transition = &x
		case FieldKenBurns:
			x := v.(bool)
			s.KenBurns = &x
		case FieldZoom:
			x := v.(float64)
			s.Zoom = &x
		case FieldEasing:
			x := v.(Easing)
			s.Easing = &x
		case FieldFit:
			x := v.(Fit)
			s.Fit = &x
		case FieldMotion:
			x := v.(Motion)
			s.Motion = &x
		case FieldDirection:
			x := v.(Direction)
			s.Direction = &x
			s.Motion = nil // explicit rectangles would hide the direction
		default:
			return fmt.Errorf("unknown field %d", f)
		}
	}
	return nil
}

func checkType(f Field, v any) error {
	var ok bool
	switch f {
	case FieldDuration, FieldZoom:
		_, ok = v.(float64)
	case FieldTransition:
		_, ok = v.(Transition)
	case FieldKenBurns:
		_, ok = v.(bool)
	case FieldEasing:
		_, ok = v.(Easing)
	case FieldFit:
		_, ok = v.(Fit)
	case FieldMotion:
		_, ok = v.(Motion)
	case FieldDirection:
		_, ok = v.(Direction)
	default:
		return fmt.Errorf("unknown field %d", f)
	}
	if !ok {
		return typeErr(f, v)
	}
	return nil
}

// ClearOverride makes the given slides follow the default for f again.
func (p *Project) ClearOverride(f Field, slides ...int) {
	for _, i := range slides {
		if i < 0 || i >= len(p.Slides) {
			continue
		}
		s := &p.Slides[i]
		switch f {
		case FieldDuration:
			s.Duration = nil
		case FieldTransition:
			s.Transition = nil
		case FieldKenBurns:
			s.KenBurns = nil
		case FieldZoom:
			s.Zoom = nil
		case FieldEasing:
			s.Easing = nil
		case FieldFit:
			s.Fit = nil
		case FieldMotion:
			s.Motion = nil
		case FieldDirection:
			s.Direction = nil
		}
	}
}

// checkValue checks that v has f's type and a value Validate accepts, so
// an edit can never make a project that fails to load.
func checkValue(f Field, v any) error {
	if err := checkType(f, v); err != nil {
		return err
	}
	var msgs []string
	bad := func(field, format string, args ...any) {
		msgs = append(msgs, field+": "+fmt.Sprintf(format, args...))
	}
	switch f {
	case FieldDuration:
		checkDuration(bad, "duration", v.(float64))
	case FieldTransition:
		checkTransition(bad, "transition", v.(Transition))
	case FieldZoom:
		checkZoom(bad, "zoom", v.(float64))
	case FieldEasing:
		checkEasing(bad, "easing", v.(Easing))
	case FieldFit:
		checkFit(bad, "fit", v.(Fit))
	case FieldDirection:
		checkDirection(bad, "direction", v.(Direction))
	case FieldMotion:
		m := v.(Motion)
		if !m.Start.Valid() || !m.End.Valid() {
			bad("motion", "rectangles need a finite position and a positive width and height (got %+v)", m)
		}
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "; "))
	}
	return nil
}

func typeErr(f Field, v any) error {
	return fmt.Errorf("%v: value of wrong type %T", f, v)
}

// Move moves the slides at the given indices so that they sit together,
// in their current order, starting at index to (counted in the list
// without them). It returns the new indices of the moved slides.
func (p *Project) Move(to int, indices ...int) []int {
	sel := normalise(indices, len(p.Slides))
	if len(sel) == 0 {
		return nil
	}
	picked := make([]Slide, 0, len(sel))
	rest := make([]Slide, 0, len(p.Slides)-len(sel))
	j := 0
	for i, s := range p.Slides {
		if j < len(sel) && sel[j] == i {
			picked = append(picked, s)
			j++
		} else {
			rest = append(rest, s)
		}
	}
	if to < 0 {
		to = 0
	}
	if to > len(rest) {
		to = len(rest)
	}
	out := append(append(append(make([]Slide, 0, len(p.Slides)), rest[:to]...), picked...), rest[to:]...)
	p.Slides = out
	idx := make([]int, len(picked))
	for k := range idx {
		idx[k] = to + k
	}
	return idx
}

// Delete removes the slides at the given indices.
func (p *Project) Delete(indices ...int) {
	sel := normalise(indices, len(p.Slides))
	out := p.Slides[:0:0]
	j := 0
	for i, s := range p.Slides {
		if j < len(sel) && sel[j] == i {
			j++
			continue
		}
		out = append(out, s)
	}
	p.Slides = out
}

// Duplicate inserts a copy of each given slide right after the last of them
// and returns the copies' indices.
func (p *Project) Duplicate(indices ...int) []int {
	sel := normalise(indices, len(p.Slides))
	if len(sel) == 0 {
		return nil
	}
	at := sel[len(sel)-1] + 1
	copies := make([]Slide, len(sel))
	for k, i := range sel {
		copies[k] = p.Slides[i].clone()
	}
	out := append(append(append(make([]Slide, 0, len(p.Slides)+len(copies)), p.Slides[:at]...), copies...), p.Slides[at:]...)
	p.Slides = out
	idx := make([]int, len(copies))
	for k := range idx {
		idx[k] = at + k
	}
	return idx
}

// normalise sorts indices, drops duplicates and those out of [0,n).
func normalise(indices []int, n int) []int {
	s := make([]int, 0, len(indices))
	for _, i := range indices {
		if i >= 0 && i < n {
			s = append(s, i)
		}
	}
	sort.Ints(s)
	out := s[:0]
	for k, i := range s {
		if k == 0 || i != s[k-1] {
			out = append(out, i)
		}
	}
	return out
}
