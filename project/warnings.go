package project

import (
	"fmt"
	"math"
)

// ComfortableSlide is the shortest time, in seconds, a slide can be on
// screen before the show starts to flash by.
const ComfortableSlide = 1.0

// Fix is a change that cures a Warning (see ApplyFix).
type Fix string

// The fixes a timing warning offers.
const (
	// FixFixedDurations leaves fit-to-music: slides keep their durations.
	FixFixedDurations Fix = "fixed-durations"
	// FixLoopMusic leaves fit-to-music and loops the music under the
	// longer show.
	FixLoopMusic Fix = "loop-music"
	// FixShortenTransitions shortens every transition to fit the slides.
	FixShortenTransitions Fix = "shorten-transitions"
)

// Label is the fix's name for a button or a message.
func (f Fix) Label() string {
	switch f {
	case FixFixedDurations:
		return "Use fixed durations"
	case FixLoopMusic:
		return "Fixed durations, loop the music"
	case FixShortenTransitions:
		return "Shorten the transitions"
	}
	return string(f)
}

// Warning is a problem with a project that does not stop a render but
// spoils the result, with the fixes that cure it.
type Warning struct {
	Text  string
	Fixes []Fix
}

// TimingWarnings reports slides on screen for less than ComfortableSlide
// or for less than their transitions (as with 200 photos fitted to a 40 s
// song), laid out as tl.
func TimingWarnings(p *Project, tl *Timeline) []Warning {
	st := shortSlides(p, tl)
	if st.n == 0 {
		return nil
	}
	text := fmt.Sprintf("%d of %d slides are on screen for less than %.0f s (slide %d for %.2f s)",
		st.n, len(tl.Spans), ComfortableSlide, st.at+1, st.shortest)
	if st.under > 0 {
		text += fmt.Sprintf("; %d are shorter than their transitions", st.under)
	}
	text += ": the show will flash by."
	var fixes []Fix
	if tl.Mode == TimingFitAudio {
		fixes = append(fixes, FixFixedDurations)
		if !p.Soundtrack.Loop {
			fixes = append(fixes, FixLoopMusic)
		}
	}
	if st.maxTrans > 0 && st.shortest < 2*st.maxTrans {
		fixes = append(fixes, FixShortenTransitions)
	}
	return []Warning{{Text: text, Fixes: fixes}}
}

// shortStats counts the slides that flash by.
type shortStats struct {
	n, under, at       int // short slides, those under their transition, the shortest
	shortest, maxTrans float64
}

func shortSlides(p *Project, tl *Timeline) shortStats {
	st := shortStats{at: -1, shortest: math.Inf(1)}
	for i, s := range tl.Spans {
		if i >= len(p.Slides) {
			break
		}
		tr := p.Resolve(i).Transition
		if tr.Kind == Cut {
			tr.Duration = 0
		}
		st.maxTrans = max(st.maxTrans, tr.Duration)
		under := s.Seconds < tr.Duration && i < len(tl.Spans)-1
		if under {
			st.under++
		}
		if !under && s.Seconds >= ComfortableSlide {
			continue
		}
		st.n++
		if s.Seconds < st.shortest {
			st.shortest, st.at = s.Seconds, i
		}
	}
	return st
}

// ApplyFix applies f to p, laid out as tl before the fix.
func (p *Project) ApplyFix(f Fix, tl *Timeline) error {
	switch f {
	case FixFixedDurations:
		p.Timing = TimingFixed
	case FixLoopMusic:
		p.Timing = TimingFixed
		p.Soundtrack.Loop = true
	case FixShortenTransitions:
		return p.shortenTransitions(tl)
	default:
		return fmt.Errorf("unknown fix %q", f)
	}
	return nil
}

// shortenTransitions makes every transition at most a quarter of the
// shortest slide (rounded down to 0.05 s; a cut when that is nothing).
func (p *Project) shortenTransitions(tl *Timeline) error {
	shortest := math.Inf(1)
	for _, s := range tl.Spans {
		shortest = min(shortest, s.Seconds)
	}
	if math.IsInf(shortest, 1) {
		return nil
	}
	d := math.Floor(shortest/4/0.05) * 0.05
	t := p.Defaults.Transition
	if d < 0.05 {
		t.Kind, d = Cut, 0
	}
	t.Duration = min(t.Duration, d)
	return p.SetDefault(FieldTransition, t, true)
}
