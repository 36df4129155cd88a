package project

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// roundRat rounds x to the nearest integer, halves away from zero (as
// math.Round does), exactly.
func roundRat(x *big.Rat) int {
	neg := x.Sign() < 0
	a := new(big.Rat).Abs(x)
	a.Add(a, big.NewRat(1, 2))
	q := new(big.Int).Quo(a.Num(), a.Denom()) // floor for positive values
	if neg {
		q.Neg(q)
	}
	return int(q.Int64())
}

// ratBoundaries computes the expected fixed-mode spans independently of
// Timeline: exact rational cumulative sums of the float durations.
func ratBoundaries(d []float64, t []float64, fps int) (starts, ends []int) {
	n := len(d)
	s := new(big.Rat)
	f := new(big.Rat).SetInt64(int64(fps))
	for i := range d {
		eff := 0.0
		if i+1 < n {
			eff = math.Min(t[i], math.Min(d[i], d[i+1])/2)
		}
		st := new(big.Rat).Mul(s, f)
		end := new(big.Rat).Add(s, new(big.Rat).SetFloat64(d[i]))
		end.Mul(end, f)
		starts = append(starts, roundRat(st))
		ends = append(ends, roundRat(end))
		s.Add(s, new(big.Rat).SetFloat64(d[i]))
		s.Sub(s, new(big.Rat).SetFloat64(eff))
	}
	return starts, ends
}

func slideshow(n int, dur float64, tr Transition, fps FPS) *Project {
	p := New()
	p.Output.FPS = fps
	p.Defaults.Duration = dur
	p.Defaults.Transition = tr
	for i := range n {
		p.AddImages(fmt.Sprintf("/photos/%d.jpg", i))
	}
	return p
}

func TestTimelineThousandThirdsDoNotDrift(t *testing.T) {
	// 1000 slides of 1/3 s at 30 fps: slide k starts at exactly 10k.
	tl := slideshow(1000, 1.0/3, Transition{Kind: Cut}, 30).Timeline(MediaDurations{})
	for k, sp := range tl.Spans {
		if sp.Start != 10*k || sp.End != 10*k+10 {
			t.Fatalf("slide %d: [%d,%d), want [%d,%d)", k, sp.Start, sp.End, 10*k, 10*k+10)
		}
	}
	if tl.Frames != 10000 {
		t.Fatalf("Frames = %d, want 10000", tl.Frames)
	}
	// With 0.5 s crossfades clamped to 1/6 s: start-to-start is 1/6 s.
	tl = slideshow(1000, 1.0/3, Transition{Kind: Crossfade, Duration: 0.5}, 30).Timeline(MediaDurations{})
	for k, sp := range tl.Spans {
		if sp.Start != 5*k || sp.End != 5*k+10 {
			t.Fatalf("crossfade slide %d: [%d,%d), want [%d,%d)", k, sp.Start, sp.End, 5*k, 5*k+10)
		}
		if k < 999 && (sp.TransitionOut.Kind != Crossfade || !near(sp.TransitionOut.Duration, 1.0/6, 1e-15)) {
			t.Fatalf("slide %d: transition %+v, want a crossfade clamped to 1/6 s", k, sp.TransitionOut)
		}
	}
}

// TestTimelineBoundariesAreExact compares every boundary with exact
// rational arithmetic, including durations that put boundaries on exact
// half frames (where float drift would flip the rounding).
func TestTimelineBoundariesAreExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for iter := range 150 {
		fps := []FPS{1, 2, 10, 24, 25, 30, 60, 120}[rng.IntN(8)]
		n := 1 + rng.IntN(400)
		p := slideshow(n, 1, Transition{Kind: Crossfade, Duration: 0.5}, fps)
		d := make([]float64, n)
		tr := make([]float64, n)
		for i := range d {
			switch rng.IntN(4) {
			case 0: // half frames: boundaries on exact ties
				d[i] = (float64(1+rng.IntN(40)) + 0.5) / float64(fps)
			case 1:
				d[i] = 0.1 * float64(1+rng.IntN(50))
			default:
				d[i] = 1.0/float64(fps) + rng.Float64()*5
			}
			d[i] = math.Max(d[i], 1/float64(fps)) // the one-frame minimum
			tr[i] = []float64{0, 0.1, 0.25, 0.5, 1.0 / 3, 7}[rng.IntN(6)]
			dd, tt := d[i], Transition{Kind: Crossfade, Duration: tr[i]}
			p.Slides[i].Duration, p.Slides[i].Transition = &dd, &tt
		}
		for i := range tr {
			if i == n-1 {
				tr[i] = 0
			}
		}
		starts, ends := ratBoundaries(d, tr, int(fps))
		tl := p.Timeline(MediaDurations{})
		if iter%10 == 0 {
			checkSpans(t, "fixed", tl)
			checkAt(t, "fixed", tl)
		}
		for i, sp := range tl.Spans {
			if sp.Start != starts[i] || sp.End != ends[i] {
				t.Fatalf("iter %d (fps %d, %d slides) slide %d: [%d,%d), exact [%d,%d)", iter, fps, n, i, sp.Start, sp.End, starts[i], ends[i])
			}
		}
		cases++
	}
	// Ties: 0.25 s at 2 fps puts every other boundary on a half frame.
	tl := slideshow(5, 0.75, Transition{Kind: Cut}, 2).Timeline(MediaDurations{})
	want := []int{0, 2, 3, 5, 6} // round(1.5k) with halves up
	for i, sp := range tl.Spans {
		if sp.Start != want[i] {
			t.Errorf("tie slide %d starts at %d, want %d", i, sp.Start, want[i])
		}
	}
}

func TestTimelineFixedBasics(t *testing.T) {
	p := slideshow(3, 3, Transition{Kind: Crossfade, Duration: 0.5}, 24)
	tl := p.Timeline(MediaDurations{Music: 100}) // music ignored in fixed mode
	if tl.Mode != TimingFixed || tl.Frames != 3*72-2*12 {
		t.Fatalf("Frames = %d mode %s, want %d fixed", tl.Frames, tl.Mode, 3*72-2*12)
	}
	if tl.Seconds() != 8 || tl.Samples(48000) != 8*48000 {
		t.Errorf("Seconds %v Samples %d", tl.Seconds(), tl.Samples(48000))
	}
	if tl.Spans[2].TransitionOut.Kind != Cut {
		t.Errorf("last slide's transition should be a cut, got %+v", tl.Spans[2].TransitionOut)
	}
	// A slide override changes only that slide.
	d := 1.0
	p.Slides[1].Duration = &d
	tl = p.Timeline(MediaDurations{})
	if got := tl.Spans[1].Frames(); got != 24 {
		t.Errorf("overridden slide lasts %d frames, want 24", got)
	}
	// A too-short slide still gets one frame; zero fps falls back to the default.
	tiny := 1e-9
	p.Slides[1].Duration = &tiny
	if tl = p.Timeline(MediaDurations{}); tl.Spans[1].Frames() != 1 {
		t.Errorf("tiny slide lasts %d frames, want 1", tl.Spans[1].Frames())
	}
	p.Output.FPS = 0
	if tl = p.Timeline(MediaDurations{}); tl.FPS != DefaultFPS {
		t.Errorf("fps 0: timeline fps %d", tl.FPS)
	}
	p.Timing = "bogus"
	if tl = p.Timeline(MediaDurations{}); tl.Mode != TimingFixed {
		t.Errorf("unknown mode: %s", tl.Mode)
	}
}

func checkSpans(t *testing.T, label string, tl *Timeline) {
	t.Helper()
	for i, sp := range tl.Spans {
		if sp.End < sp.Start {
			t.Fatalf("%s: slide %d ends before it starts: %+v", label, i, sp)
		}
		if i > 0 {
			prev := tl.Spans[i-1]
			if sp.Start < prev.Start || prev.End < sp.Start {
				t.Fatalf("%s: slide %d [%d,%d) does not follow [%d,%d)", label, i, sp.Start, sp.End, prev.Start, prev.End)
			}
			if i > 1 && tl.Spans[i-2].End > sp.Start {
				t.Fatalf("%s: three slides on screen at frame %d", label, sp.Start)
			}
		}
	}
	if n := len(tl.Spans); n > 0 && tl.Spans[n-1].End != tl.Frames {
		t.Fatalf("%s: last slide ends at %d, Frames %d", label, tl.Spans[n-1].End, tl.Frames)
	}
}

func TestTimelineFitAudioEndsOnTheAudio(t *testing.T) {
	for _, fps := range []FPS{1, 12, 24, 25, 30, 60} {
		for _, n := range []int{1, 2, 3, 7, 100, 1000} {
			for _, dur := range []float64{0.04, 1, 3, 10} {
				for _, tr := range []float64{0, 0.5, 5} {
					for _, music := range []float64{0.1, 1, 3.7, 60, 601.3} {
						p := slideshow(n, dur, Transition{Kind: Crossfade, Duration: tr}, fps)
						p.Timing = TimingFitAudio
						tl := p.Timeline(MediaDurations{Music: music})
						want := int(math.Round(music * float64(fps)))
						label := fmt.Sprintf("fps %d, %d slides of %v s, transition %v, music %v", fps, n, dur, tr, music)
						if want < 1 {
							if tl.Mode != TimingFixed {
								t.Errorf("%s: shorter than a frame should fall back to fixed, got %s", label, tl.Mode)
							}
							continue
						}
						if tl.Frames != want || tl.Mode != TimingFitAudio {
							t.Fatalf("%s: %d frames (%s), want %d", label, tl.Frames, tl.Mode, want)
						}
						checkSpans(t, label, tl)
					}
				}
			}
		}
	}
}

func TestTimelineFitAudioProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := range 500 {
		fps := FPS(1 + rng.IntN(120))
		n := 1 + rng.IntN(60)
		p := slideshow(n, 0.01+rng.Float64()*20, Transition{Kind: TransitionKinds[rng.IntN(len(TransitionKinds))], Duration: rng.Float64() * 10}, fps)
		for i := range p.Slides {
			if rng.IntN(3) == 0 {
				d := 0.001 + rng.Float64()*30
				p.Slides[i].Duration = &d
			}
		}
		p.Timing = TimingFitAudio
		music := rng.Float64() * 120
		tl := p.Timeline(MediaDurations{Music: music})
		want := int(math.Round(music * float64(fps)))
		label := fmt.Sprintf("iter %d: fps %d, %d slides, music %v", iter, fps, n, music)
		if want >= 1 && tl.Frames != want {
			t.Fatalf("%s: %d frames, want %d", label, tl.Frames, want)
		}
		checkSpans(t, label, tl)
		checkAt(t, label, tl)
	}
	// Unknown music length: fixed timing.
	p := slideshow(3, 2, Transition{Kind: Cut}, 24)
	p.Timing = TimingFitAudio
	for _, m := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if tl := p.Timeline(MediaDurations{Music: m}); tl.Mode != TimingFixed || tl.Frames != 144 {
			t.Errorf("music %v: mode %s frames %d, want fixed 144", m, tl.Mode, tl.Frames)
		}
	}
}

func TestTimelineStory(t *testing.T) {
	// Narrations and gap of whole seconds so start-to-start is exact in frames.
	for _, fps := range []FPS{24, 25, 30} {
		for _, tr := range []Transition{{Kind: Cut}, {Kind: Crossfade, Duration: 0.5}, {Kind: Crossfade, Duration: 5}} {
			p := slideshow(5, 2, tr, fps)
			p.Timing = TimingStory
			p.Soundtrack.NarrationGap = 1
			narr := []float64{2, 0, 1, 4} // slide 4 has none (list is shorter)
			tl := p.Timeline(MediaDurations{Narration: narr})
			label := fmt.Sprintf("fps %d, %+v", fps, tr)
			if tl.Mode != TimingStory {
				t.Fatalf("%s: mode %s", label, tl.Mode)
			}
			checkSpans(t, label, tl)
			checkAt(t, label, tl)
			f := float64(fps)
			for i, nr := range narr {
				if nr == 0 {
					continue
				}
				want := int((nr + 1) * f)
				if got := tl.Spans[i+1].Start - tl.Spans[i].Start; got != want {
					t.Errorf("%s: slide %d start-to-start %d frames, want narration+gap %d", label, i, got, want)
				}
			}
			// Narration start frames (= slide starts), computed by hand:
			// slide 1 has no narration and shows for 2 s including its
			// transition out, clamped to half of min(2, slide 2's 1+1 s).
			eff1 := math.Min(tr.Duration, 1)
			if tr.Kind == Cut {
				eff1 = 0
			}
			wantStart := []float64{0, 3, 0, 0, 0}
			wantStart[2] = wantStart[1] + 2 - eff1
			wantStart[3] = wantStart[2] + 2
			wantStart[4] = wantStart[3] + 5
			for i, ws := range wantStart {
				if got := tl.Spans[i].Start; got != int(math.Round(ws*f)) {
					t.Errorf("%s: slide %d starts at frame %d, want %d", label, i, got, int(math.Round(ws*f)))
				}
			}
			// A slide without narration is visible for its duration.
			if got := tl.Spans[1].Frames(); got != int(2*f) {
				t.Errorf("%s: slide without narration lasts %d frames, want %d", label, got, int(2*f))
			}
			// The last slide (no narration) keeps the default duration.
			if got := tl.Spans[4].Frames(); got != int(2*f) {
				t.Errorf("%s: last slide lasts %d frames", label, got)
			}
		}
	}
}

func TestTimelineStoryNarrationsNeverOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := range 500 {
		fps := []FPS{24, 25, 30, 60}[rng.IntN(4)]
		n := 1 + rng.IntN(30)
		p := slideshow(n, 0.1+rng.Float64()*5, Transition{Kind: Crossfade, Duration: rng.Float64() * 4}, fps)
		p.Timing = TimingStory
		p.Soundtrack.NarrationGap = rng.Float64()
		narr := make([]float64, n)
		for i := range narr {
			if rng.IntN(4) > 0 {
				narr[i] = 0.05 + rng.Float64()*10
			}
		}
		tl := p.Timeline(MediaDurations{Narration: narr})
		label := fmt.Sprintf("iter %d", iter)
		checkSpans(t, label, tl)
		checkAt(t, label, tl)
		for i := 0; i+1 < n; i++ {
			if narr[i] == 0 {
				continue
			}
			want := (narr[i] + p.Soundtrack.NarrationGap) * float64(fps)
			got := tl.Spans[i+1].Start - tl.Spans[i].Start
			if math.Abs(float64(got)-want) > 1 {
				t.Fatalf("%s slide %d: start-to-start %d frames, want %v", label, i, got, want)
			}
			if float64(tl.Spans[i].Start)+narr[i]*float64(fps) > float64(tl.Spans[i+1].Start)+1 {
				t.Fatalf("%s slide %d: narration runs into the next slide", label, i)
			}
		}
	}
}

// checkAt verifies that At agrees with the spans at every frame.
func checkAt(t *testing.T, label string, tl *Timeline) {
	t.Helper()
	lo := 0 // the first slide still on screen; ends never decrease
	for i := 1; i < len(tl.Spans); i++ {
		if tl.Spans[i].End < tl.Spans[i-1].End {
			t.Fatalf("%s: slide %d ends before slide %d", label, i, i-1)
		}
	}
	for f := 0; f < tl.Frames; f++ {
		for lo < len(tl.Spans) && tl.Spans[lo].End <= f {
			lo++
		}
		var on []int
		for i := lo; i < len(tl.Spans) && tl.Spans[i].Start <= f; i++ {
			on = append(on, i)
		}
		fs := tl.At(f)
		if len(on) == 0 || len(on) > 2 {
			t.Fatalf("%s frame %d: %d slides on screen", label, f, len(on))
		}
		if fs.Frame != f || fs.Slide != on[0] {
			t.Fatalf("%s frame %d: At = %+v, spans say %v", label, f, fs, on)
		}
		wantProgress := func(i int) float64 {
			sp := tl.Spans[i]
			if sp.Frames() <= 1 {
				return 0
			}
			return float64(f-sp.Start) / float64(sp.Frames()-1)
		}
		if !near(fs.Progress, wantProgress(on[0]), 1e-12) {
			t.Fatalf("%s frame %d: progress %v, want %v", label, f, fs.Progress, wantProgress(on[0]))
		}
		if len(on) == 1 {
			if fs.Next != -1 || fs.InTransition() || fs.Transition != "" || fs.TransitionProgress != 0 {
				t.Fatalf("%s frame %d: unexpected transition %+v", label, f, fs)
			}
			continue
		}
		prev, next := tl.Spans[on[0]], tl.Spans[on[1]]
		k, nt := f-next.Start+1, prev.End-next.Start
		if fs.Next != on[1] || fs.Transition != prev.TransitionOut.Kind || fs.Transition == Cut ||
			!near(fs.TransitionProgress, float64(k)/float64(nt+1), 1e-12) || !near(fs.NextProgress, wantProgress(on[1]), 1e-12) {
			t.Fatalf("%s frame %d: At = %+v, want next %d progress %d/%d", label, f, fs, on[1], k, nt+1)
		}
	}
}

func TestTimelineAt(t *testing.T) {
	// 3 slides of 1 s at 10 fps with 0.3 s crossfades:
	// [0,10) [7,17) [14,24); transitions on frames 7-9 and 14-16.
	p := slideshow(3, 1, Transition{Kind: Crossfade, Duration: 0.3}, 10)
	tl := p.Timeline(MediaDurations{})
	if tl.Frames != 24 {
		t.Fatalf("Frames = %d, want 24", tl.Frames)
	}
	type st = FrameState
	x := Crossfade
	cases := []struct {
		frame int
		want  FrameState
	}{
		{0, st{Frame: 0, Slide: 0, Progress: 0, Next: -1}},
		{6, st{Frame: 6, Slide: 0, Progress: 6.0 / 9, Next: -1}},
		{7, st{Frame: 7, Slide: 0, Progress: 7.0 / 9, Next: 1, NextProgress: 0, Transition: x, TransitionProgress: 0.25}},
		{8, st{Frame: 8, Slide: 0, Progress: 8.0 / 9, Next: 1, NextProgress: 1.0 / 9, Transition: x, TransitionProgress: 0.5}},
		{9, st{Frame: 9, Slide: 0, Progress: 1, Next: 1, NextProgress: 2.0 / 9, Transition: x, TransitionProgress: 0.75}},
		{10, st{Frame: 10, Slide: 1, Progress: 3.0 / 9, Next: -1}},
		{13, st{Frame: 13, Slide: 1, Progress: 6.0 / 9, Next: -1}},
		{14, st{Frame: 14, Slide: 1, Progress: 7.0 / 9, Next: 2, NextProgress: 0, Transition: x, TransitionProgress: 0.25}},
		{16, st{Frame: 16, Slide: 1, Progress: 1, Next: 2, NextProgress: 2.0 / 9, Transition: x, TransitionProgress: 0.75}},
		{17, st{Frame: 17, Slide: 2, Progress: 3.0 / 9, Next: -1}},
		{23, st{Frame: 23, Slide: 2, Progress: 1, Next: -1}},
		{24, st{Frame: 23, Slide: 2, Progress: 1, Next: -1}},   // past the end: last frame
		{1000, st{Frame: 23, Slide: 2, Progress: 1, Next: -1}}, // far past
		{-5, st{Frame: 0, Slide: 0, Progress: 0, Next: -1}},    // before the start: first frame
	}
	for _, c := range cases {
		got := tl.At(c.frame)
		if got.Frame != c.want.Frame || got.Slide != c.want.Slide || got.Next != c.want.Next ||
			got.Transition != c.want.Transition || !near(got.Progress, c.want.Progress, 1e-12) ||
			!near(got.NextProgress, c.want.NextProgress, 1e-12) || !near(got.TransitionProgress, c.want.TransitionProgress, 1e-12) {
			t.Errorf("At(%d) = %+v, want %+v", c.frame, got, c.want)
		}
	}
	checkAt(t, "three slides", tl)
}

func TestTimelineAtEdgeCases(t *testing.T) {
	// One slide: no transition, progress 0 to 1.
	one := slideshow(1, 2, Transition{Kind: Crossfade, Duration: 0.5}, 24).Timeline(MediaDurations{})
	if one.Frames != 48 || one.Spans[0].TransitionOut.Kind != Cut {
		t.Fatalf("one slide: %+v", one)
	}
	if a, b := one.At(0), one.At(47); a.Progress != 0 || b.Progress != 1 || a.InTransition() || b.InTransition() {
		t.Errorf("one slide: At(0)=%+v At(47)=%+v", a, b)
	}
	// One slide of one frame: progress 0, no division by zero.
	if fs := slideshow(1, 0.01, Transition{Kind: Cut}, 24).Timeline(MediaDurations{}).At(0); fs.Progress != 0 || fs.Slide != 0 {
		t.Errorf("one-frame slide: %+v", fs)
	}
	// A transition longer than the slides is clamped to half the shorter
	// neighbour: 1 s slides at 10 fps, 5 s crossfade -> 0.5 s = 5 frames.
	long := slideshow(2, 1, Transition{Kind: Crossfade, Duration: 5}, 10)
	d2 := 3.0
	long.Slides[1].Duration = &d2
	tl := long.Timeline(MediaDurations{})
	if tl.Spans[0] != (Span{Start: 0, End: 10, TransitionOut: Transition{Kind: Crossfade, Duration: 0.5}, Seconds: 1}) || tl.Spans[1].Start != 5 || tl.Frames != 35 {
		t.Errorf("long transition: %+v frames %d", tl.Spans, tl.Frames)
	}
	if fs := tl.At(5); fs.Slide != 0 || fs.Next != 1 || !near(fs.TransitionProgress, 1.0/6, 1e-15) {
		t.Errorf("long transition first frame: %+v", fs)
	}
	if fs := tl.At(9); !near(fs.TransitionProgress, 5.0/6, 1e-15) || fs.Progress != 1 {
		t.Errorf("long transition last frame: %+v", fs)
	}
	checkAt(t, "long transition", tl)
	// Zero slides.
	empty := New().Timeline(MediaDurations{Music: 10})
	if empty.Frames != 0 || len(empty.Spans) != 0 {
		t.Fatalf("empty: %+v", empty)
	}
	for _, f := range []int{-1, 0, 5} {
		if fs := empty.At(f); fs.Slide != -1 || fs.Next != -1 || fs.InTransition() {
			t.Errorf("empty At(%d) = %+v", f, fs)
		}
	}
	if f := empty.FrameOf(3); f != 0 {
		t.Errorf("empty FrameOf = %d", f)
	}
	// A cut: no frame has two slides.
	cut := slideshow(4, 1, Transition{Kind: Cut, Duration: 2}, 24).Timeline(MediaDurations{})
	if cut.Frames != 96 {
		t.Errorf("cut frames %d", cut.Frames)
	}
	for f := 0; f < cut.Frames; f++ {
		if cut.At(f).InTransition() {
			t.Fatalf("cut: frame %d in a transition", f)
		}
	}
	checkAt(t, "cut", cut)
	// A crossfade too short for one frame is reported as a cut.
	short := slideshow(2, 1, Transition{Kind: Crossfade, Duration: 0.01}, 10).Timeline(MediaDurations{})
	if short.Spans[0].TransitionOut.Kind != Cut || short.Frames != 20 {
		t.Errorf("sub-frame crossfade: %+v", short.Spans[0])
	}
	// FrameOf clamps and floors.
	if tl.FrameOf(-1) != 0 || tl.FrameOf(1e9) != tl.Frames-1 || tl.FrameOf(0.55) != 5 || tl.FrameOf(0.5) != 5 {
		t.Errorf("FrameOf: %d %d %d %d", tl.FrameOf(-1), tl.FrameOf(1e9), tl.FrameOf(0.55), tl.FrameOf(0.5))
	}
}

func TestFPSConversions(t *testing.T) {
	for _, fps := range []FPS{24, 25, 30, 50, 60} {
		per := 48000 / int(fps)
		for _, n := range []int{0, 1, 7, 1000, 123456} {
			if got := fps.SampleOf(n, 48000); got != n*per {
				t.Errorf("%d fps: SampleOf(%d) = %d, want %d", fps, n, got, n*per)
			}
			if got := fps.N(fps.D(n)); got != n {
				t.Errorf("%d fps: N(D(%d)) = %d", fps, n, got)
			}
			if got := fps.FrameAt(fps.Seconds(n)); got != n {
				t.Errorf("%d fps: FrameAt(Seconds(%d)) = %d", fps, n, got)
			}
		}
	}
	var zero FPS
	if zero.D(5) != 0 || zero.Frames(3) != 0 || zero.SampleOf(3, 48000) != 0 || zero.Seconds(3) != 0 || zero.FrameAt(2) != 0 {
		t.Error("zero fps must give zeros")
	}
	if FPS(24).Frames(math.NaN()) != 0 || FPS(24).Frames(math.Inf(1)) != 0 {
		t.Error("non-finite seconds must give 0 frames")
	}
}

func BenchmarkTimeline1000(b *testing.B) {
	p := slideshow(1000, 1.0/3, Transition{Kind: Crossfade, Duration: 0.5}, 30)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Timeline(MediaDurations{})
	}
}
