package project

import (
	"strings"
	"testing"
)

func TestTimingWarnings(t *testing.T) {
	p := New()
	for range 200 {
		p.AddImages("p.jpg")
	}
	p.Timing = TimingFitAudio
	p.Soundtrack.Music = []MediaRef{{Path: "song.mp3"}}
	p.Soundtrack.Loop = false
	tl := p.Timeline(MediaDurations{Music: 40})
	ws := TimingWarnings(p, tl)
	if len(ws) != 1 {
		t.Fatalf("200 photos on a 40 s song: %d warnings", len(ws))
	}
	w := ws[0]
	for _, want := range []string{"200 of 200 slides", "less than 1 s", "shorter than their transitions"} {
		if !strings.Contains(w.Text, want) {
			t.Errorf("warning %q lacks %q", w.Text, want)
		}
	}
	if len(w.Fixes) != 3 {
		t.Fatalf("fixes %v", w.Fixes)
	}
	// Each fix cures it.
	for _, f := range []Fix{FixFixedDurations, FixLoopMusic} {
		q := p.Clone()
		if err := q.ApplyFix(f, tl); err != nil {
			t.Fatal(err)
		}
		if ws := TimingWarnings(q, q.Timeline(MediaDurations{Music: 40})); len(ws) != 0 {
			t.Errorf("%s: still %q", f, ws[0].Text)
		}
	}
	q := p.Clone()
	if err := q.ApplyFix(FixShortenTransitions, tl); err != nil {
		t.Fatal(err)
	}
	ws = TimingWarnings(q, q.Timeline(MediaDurations{Music: 40}))
	if len(ws) != 1 || strings.Contains(ws[0].Text, "shorter than their transitions") {
		t.Errorf("after shortening the transitions: %v", ws)
	}
	// A comfortable show has no warning.
	p.Timing = TimingFixed
	if ws := TimingWarnings(p, p.Timeline(MediaDurations{})); len(ws) != 0 {
		t.Errorf("3 s slides: %v", ws)
	}
}
