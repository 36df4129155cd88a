package project

import (
	"math"
	"sort"
)

// The timing rule, used by the preview, the export and the sound mix alike:
//
//   - Slide i is on screen for its duration d[i]. Its transition into slide
//     i+1 overlaps the end of slide i and the start of slide i+1, so slide
//     i+1 starts t[i] before slide i ends, and
//     total = sum(d) - sum(t) over the transitions between slides.
//     The last slide's transition is not played.
//   - A transition is clamped to half of each neighbour's duration:
//     t[i] <= min(d[i], d[i+1]) / 2. So a slide's incoming and outgoing
//     transitions never overlap, and at most two slides are ever on screen.
//     A transition that gets no frame after rounding is reported as a Cut.
//   - Slide boundaries are the exact cumulative times in seconds, rounded
//     once to the frame grid: start[i] = round(S[i]*fps) and
//     end[i] = round((S[i]+d[i])*fps), with S summed without rounding
//     error. Nothing is rounded per slide, so rounding never accumulates.
//   - Fixed mode: d[i] is the slide's resolved duration.
//   - Story mode: a slide with narration lasts its narration plus the
//     narration gap from its start to the next slide's start (its narration
//     plays from the slide's first frame); for clamping its transitions that
//     start-to-start length counts as its duration, and its visible
//     duration is that length plus its outgoing transition. A slide without
//     narration uses its resolved duration, as in fixed mode.
//   - In fixed and story modes a slide lasts at least one frame.
//   - Fit-audio mode: the durations are scaled by one common factor
//     (transitions keep their length where the clamp allows) so the video
//     ends exactly on the music's end: Frames == round(music*fps). With more slides than frames some
//     slides get no frame (Span.Frames() == 0).
//   - Snap (fixed and fit-audio modes, with beats known): after the steps
//     above, every slide change (the first frame of slides 1..n-1) is moved
//     to the nearest beat (or bar) after the previous change, and the end
//     of the last slide too unless fit-audio fixes it; transitions shorten
//     where the new gaps need it. Each change is then within half a frame
//     of its beat. If the changes cannot all get distinct beats, the
//     durations are kept.
//   - A slide's motion progress runs from 0 on its first visible frame to 1
//     on its last; a transition of n frames has progress k/(n+1) on its
//     k-th frame (k = 1..n), so neither end is a duplicate of a plain frame.

// MediaDurations are the media lengths timing needs, in seconds.
type MediaDurations struct {
	// Music is the length of the music files played once, in order.
	Music float64
	// Narration holds each slide's narration length (0: none). It may be
	// shorter than the slide list.
	Narration []float64
	// Beats are the music's beat times in seconds from the start of the
	// video, ascending (empty: unknown or no clear beat). Snap uses them.
	Beats []float64
}

// Span is one slide's place on the timeline, in frames.
type Span struct {
	Start, End int // visible frames [Start, End), transitions included
	// TransitionOut is the effective transition into the next slide;
	// its frames are [next.Start, End).
	TransitionOut Transition
	// Seconds is the slide's effective duration before rounding.
	Seconds float64
}

// Frames returns the number of frames the slide is visible.
func (s Span) Frames() int { return s.End - s.Start }

// Timeline is the project laid out on the frame grid.
type Timeline struct {
	FPS    FPS
	Frames int // total length in frames
	Spans  []Span
	// Mode is the timing mode actually applied: fit-audio falls back to
	// fixed when the music length is unknown or zero.
	Mode TimingMode
}

// Seconds returns the total length in seconds.
func (t *Timeline) Seconds() float64 { return t.FPS.Seconds(t.Frames) }

// Samples returns the total length in audio samples at rate.
func (t *Timeline) Samples(rate int) int { return t.FPS.SampleOf(t.Frames, rate) }

// FrameState says what is on screen at one frame.
type FrameState struct {
	Frame int
	// Slide is the slide on screen (the outgoing one during a transition),
	// or -1 for a project without slides.
	Slide int
	// Progress is Slide's motion progress in [0,1].
	Progress float64
	// Next is the incoming slide during a transition, else -1.
	Next int
	// NextProgress is Next's motion progress.
	NextProgress float64
	// Transition is the kind of the transition in progress (empty if none).
	Transition TransitionKind
	// TransitionProgress is in (0,1) during a transition, else 0.
	TransitionProgress float64
}

// InTransition reports whether two slides are on screen.
func (f FrameState) InTransition() bool { return f.Next >= 0 }

// Timeline lays the project out on its frame grid using the durations of
// its media (needed by the fit-audio and story modes).
func (p *Project) Timeline(m MediaDurations) *Timeline {
	fps := p.Output.FPS
	if fps <= 0 {
		fps = DefaultFPS
	}
	n := len(p.Slides)
	tl := &Timeline{FPS: fps, Mode: p.Timing, Spans: make([]Span, n)}
	if !tl.Mode.Valid() {
		tl.Mode = TimingFixed
	}
	if n == 0 {
		return tl
	}
	d, t, kinds := p.slideTimes()
	target := math.Round(finitePos(m.Music) * float64(fps))
	if tl.Mode == TimingFitAudio && (target < 1 || target > math.MaxInt32) {
		tl.Mode = TimingFixed
	}
	eff := make([]float64, n)
	minDur := 1 / float64(fps)
	switch tl.Mode {
	case TimingStory:
		storyDurations(d, t, eff, m.Narration, finitePos(p.Soundtrack.NarrationGap), minDur)
	case TimingFitAudio:
		fitDurations(d, t, target/float64(fps))
		clampTransitions(d, t, eff)
	default:
		for i := range d {
			d[i] = math.Max(d[i], minDur)
		}
		clampTransitions(d, t, eff)
	}
	if g := newGrid(m.Beats, p.Snap.Step()); g != nil && tl.Mode != TimingStory {
		end := 0.0
		if tl.Mode == TimingFitAudio {
			end = target / float64(fps)
		}
		snapDurations(d, eff, g, end, minDur)
	}
	tl.placeSpans(d, eff, kinds)
	if tl.Mode == TimingFitAudio {
		tl.Spans[n-1].End = int(target) // exact by construction; never off by float error
	}
	tl.dropEmptyTransitions()
	tl.Frames = tl.Spans[n-1].End
	return tl
}

// slideTimes returns each slide's asked duration d, the length t of its
// transition out (0 for the last slide) and the transition itself.
func (p *Project) slideTimes() (d, t []float64, kinds []Transition) {
	n := len(p.Slides)
	d, t, kinds = make([]float64, n), make([]float64, n), make([]Transition, n)
	for i := range p.Slides {
		r := p.Resolve(i)
		d[i] = finitePos(r.Duration)
		kinds[i] = r.Transition
		if i < n-1 {
			t[i] = finitePos(r.Transition.Duration)
		}
	}
	return d, t, kinds
}

// placeSpans lays the slides of durations d, overlapping by eff, on the
// frame grid: exact cumulative times (double-double sums: every
// addition's rounding error is kept), rounded once to the grid.
func (tl *Timeline) placeSpans(d, eff []float64, kinds []Transition) {
	var s exactSum
	f := float64(tl.FPS)
	for i := range d {
		end := s
		end.add(d[i])
		tl.Spans[i] = Span{
			Start:         s.frames(f),
			End:           end.frames(f),
			TransitionOut: Transition{Kind: kinds[i].Kind, Duration: eff[i]},
			Seconds:       d[i],
		}
		s.add(d[i])
		s.add(-eff[i])
	}
}

// dropEmptyTransitions makes every transition that got no frames a cut.
func (tl *Timeline) dropEmptyTransitions() {
	n := len(tl.Spans)
	for i := range tl.Spans {
		sp := &tl.Spans[i]
		if sp.End < sp.Start {
			sp.End = sp.Start
		}
		if i == n-1 || sp.End <= tl.Spans[i+1].Start {
			// No transition frames: a cut, whatever was asked for.
			sp.TransitionOut = Transition{Kind: Cut}
		}
	}
}

// storyDurations sets the durations of story mode. A slide with narration
// lasts L = narration + gap from its start to the next slide's start (its
// narration starts with the slide); a slide without narration keeps d[i]
// as its visible duration. Transitions are clamped to half of each
// neighbour's length, where a narrated slide's length is L, so the
// start-to-start time of a narrated slide is exactly L; then a narrated
// slide's visible duration is L plus its outgoing transition.
func storyDurations(d, t, eff, narration []float64, gap, minDur float64) {
	narrated := make([]bool, len(d))
	for i := range d {
		if i < len(narration) && finitePos(narration[i]) > 0 {
			narrated[i] = true
			d[i] = narration[i] + gap
		}
		d[i] = math.Max(d[i], minDur)
	}
	clampTransitions(d, t, eff)
	for i := range d {
		if narrated[i] {
			d[i] += eff[i]
		}
	}
}

// exactSum is a double-double accumulator: hi+lo holds the sum of the added
// values with about 106 bits, so a sum of thousands of durations is exact to
// far below a frame and a boundary is rounded from the true cumulative time.
type exactSum struct{ hi, lo float64 }

func (s *exactSum) add(x float64) {
	// Knuth's TwoSum: hi+x == sum+err exactly.
	sum := s.hi + x
	bb := sum - s.hi
	err := (s.hi - (sum - bb)) + (x - bb)
	s.hi = sum
	s.lo += err
	// Renormalise so hi carries the leading bits.
	h := s.hi + s.lo
	s.lo = s.lo - (h - s.hi)
	s.hi = h
}

// frames returns round((hi+lo)*fps), rounding halves away from zero as
// math.Round does, computed without losing lo.
func (s exactSum) frames(fps float64) int {
	p := s.hi * fps
	e := math.FMA(s.hi, fps, -p) // exact error of the product
	r := math.Round(p)
	x := (p - r) + (e + s.lo*fps) // true value = r + x, |x| small
	switch {
	case x > 0.5 || (x == 0.5 && r >= 0):
		r++
	case x < -0.5 || (x == -0.5 && r <= 0):
		r--
	}
	return int(r)
}

func finitePos(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// clampTransitions writes into eff each transition clamped to half of its
// neighbours' durations.
func clampTransitions(d, t, eff []float64) {
	for i := range t {
		eff[i] = 0
		if i+1 < len(d) {
			eff[i] = math.Min(t[i], math.Min(d[i], d[i+1])/2)
		}
	}
}

// fitDurations scales the slide durations in place so that the total
// (sum d - sum of clamped t) equals target seconds. Transitions keep their
// length where they can; if clamping still binds after a few rounds, the
// last step scales durations and transitions together, which is exact
// because clamping is scale-invariant.
func fitDurations(d, t []float64, target float64) {
	n := len(d)
	eff := make([]float64, n)
	for i := range d {
		if d[i] <= 0 {
			d[i] = 1
		}
	}
	for range 8 {
		clampTransitions(d, t, eff)
		sd, st := sum(d), sum(eff)
		if math.Abs(sd-st-target) < 1e-12*math.Max(1, target) {
			break
		}
		k := (target + st) / sd
		for i := range d {
			d[i] *= k
		}
	}
	clampTransitions(d, t, eff)
	total := sum(d) - sum(eff)
	if total > 0 {
		f := target / total
		for i := range d {
			d[i] *= f
			t[i] = eff[i] * f
		}
	}
}

func sum(v []float64) float64 {
	var s exactSum
	for _, x := range v {
		s.add(x)
	}
	return s.hi + s.lo
}

// At returns what is on screen at frame. Frames outside [0, Frames) are
// clamped to the first or last frame.
func (t *Timeline) At(frame int) FrameState {
	n := len(t.Spans)
	if n == 0 {
		return FrameState{Frame: frame, Slide: -1, Next: -1}
	}
	if frame >= t.Frames {
		frame = t.Frames - 1
	}
	if frame < 0 {
		frame = 0
	}
	// j: the last slide that has started by frame.
	j := max(sort.Search(n, func(i int) bool { return t.Spans[i].Start > frame })-1, 0)
	fs := FrameState{Frame: frame, Slide: j, Next: -1}
	if j > 0 && frame < t.Spans[j-1].End {
		prev := t.Spans[j-1]
		k := frame - t.Spans[j].Start + 1
		nt := prev.End - t.Spans[j].Start
		fs.Slide, fs.Next = j-1, j
		fs.Transition = prev.TransitionOut.Kind
		fs.TransitionProgress = float64(k) / float64(nt+1)
		fs.NextProgress = progress(t.Spans[j], frame)
	}
	fs.Progress = progress(t.Spans[fs.Slide], frame)
	return fs
}

func progress(s Span, frame int) float64 {
	if s.End-s.Start <= 1 {
		return 0
	}
	return clamp(float64(frame-s.Start)/float64(s.End-s.Start-1), 0, 1)
}

// FrameOf returns the frame on screen at time seconds, clamped to the
// timeline.
func (t *Timeline) FrameOf(seconds float64) int {
	f := t.FPS.FrameAt(seconds)
	if f >= t.Frames {
		f = t.Frames - 1
	}
	if f < 0 {
		f = 0
	}
	return f
}
