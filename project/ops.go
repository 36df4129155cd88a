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
	if st, ok := f.Setting(); ok {
		return st.Key
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
	st, ok := f.Setting()
	if !ok {
		return fmt.Errorf("unknown field %d", f)
	}
	if st.HasDefault() {
		if err := checkValue(st, v); err != nil {
			return err
		}
		st.setDefault(&p.Defaults, v)
	}
	if applyToAll {
		for i := range p.Slides {
			st.clearSlide(&p.Slides[i])
		}
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
	st, ok := f.Setting()
	if !ok {
		return fmt.Errorf("unknown field %d", f)
	}
	if err := checkValue(st, v); err != nil {
		return err
	}
	for _, i := range slides {
		st.setSlide(&p.Slides[i], v)
	}
	return nil
}

// ClearOverride makes the given slides follow the default for f again.
func (p *Project) ClearOverride(f Field, slides ...int) {
	st, ok := f.Setting()
	if !ok {
		return
	}
	for _, i := range slides {
		if i >= 0 && i < len(p.Slides) {
			st.clearSlide(&p.Slides[i])
		}
	}
}

// checkValue checks that v has the setting's type and a value Validate
// accepts, so an edit can never make a project that fails to load.
func checkValue(st Setting, v any) error {
	if !st.typeOK(v) {
		return typeErr(st.Field, v)
	}
	var msgs []string
	st.check(func(field, format string, args ...any) {
		msgs = append(msgs, field+": "+fmt.Sprintf(format, args...))
	}, st.Key, v)
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
