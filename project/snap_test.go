package project

import (
	"math"
	"testing"
)

func beatGrid(bpm, first, length float64) []float64 {
	var b []float64
	for t := first; t < length; t += 60 / bpm {
		b = append(b, t)
	}
	return b
}

func checkOnBeats(t *testing.T, tl *Timeline, beats []float64, step int) {
	t.Helper()
	for i := 1; i < len(tl.Spans); i++ {
		at := tl.FPS.Seconds(tl.Spans[i].Start)
		best := math.Inf(1)
		for k := 0; k < len(beats); k += step {
			best = math.Min(best, math.Abs(beats[k]-at))
		}
		if best*float64(tl.FPS) > 1 {
			t.Errorf("slide %d starts %.2f frames from a beat", i, best*float64(tl.FPS))
		}
	}
}

func TestSnapFitAudio(t *testing.T) {
	for _, bpm := range []float64{70, 97, 126, 180} {
		for _, snap := range []Snap{SnapBeats, SnapBars} {
			p := New()
			p.Timing = TimingFitAudio
			p.Snap = snap
			for range 12 {
				p.AddImages("x.jpg")
			}
			music := 41.3
			beats := beatGrid(bpm, 0.37, music)
			tl := p.Timeline(MediaDurations{Music: music, Beats: beats})
			if tl.Frames != int(math.Round(music*24)) {
				t.Errorf("%v %s: %d frames, want the music's %v", bpm, snap, tl.Frames, math.Round(music*24))
			}
			checkOnBeats(t, tl, beats, snap.Step())
			for i, sp := range tl.Spans {
				if i+1 < len(tl.Spans) && sp.End < tl.Spans[i+1].Start {
					t.Errorf("gap after slide %d", i)
				}
			}
		}
	}
}

func TestSnapFixedAndOff(t *testing.T) {
	p := New()
	p.AddImages("a", "b", "c", "d")
	beats := beatGrid(126, 0.2, 8) // shorter than the show: extended
	off := p.Timeline(MediaDurations{Beats: beats})
	p.Snap = SnapBeats
	on := p.Timeline(MediaDurations{Beats: beats})
	checkOnBeats(t, on, beatGrid(126, 0.2, 30), 1)
	if off.Spans[1].Start == on.Spans[1].Start && off.Spans[2].Start == on.Spans[2].Start {
		t.Errorf("snap changed nothing: %+v", on.Spans)
	}
	p.Snap = SnapOff
	if got := p.Timeline(MediaDurations{Beats: beats}); got.Frames != off.Frames {
		t.Errorf("snap off changed the length")
	}
	if _, ok := SnapTime(1, nil, 1); ok {
		t.Error("SnapTime without beats snapped")
	}
	if v, ok := SnapTime(1.0, beats, 1); !ok || math.Abs(v-(0.2+60.0/126*2)) > 1e-9 {
		t.Errorf("SnapTime = %v %v", v, ok)
	}
}

func TestSnapTooManySlides(t *testing.T) {
	p := New()
	p.Timing = TimingFitAudio
	p.Snap = SnapBars
	for range 30 {
		p.AddImages("x")
	}
	beats := beatGrid(120, 0.1, 10)
	tl := p.Timeline(MediaDurations{Music: 10, Beats: beats})
	if tl.Frames != 240 {
		t.Errorf("frames %d", tl.Frames)
	}
}

func TestSnapValidate(t *testing.T) {
	p := New()
	p.Snap = "sometimes"
	if err := p.Validate(); err == nil {
		t.Error("unknown snap accepted")
	}
}
