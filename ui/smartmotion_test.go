package ui

import (
	"context"
	"image"
	"math"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/slidereel/slidereel/project"
)

// TestFrameTheSubject: "Frame the Subject" writes the subject motion as
// explicit rectangles on every selected slide, in one undo step, and the
// Ken Burns view outlines the subject.
func TestFrameTheSubject(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	subj := project.Rect{X: 0.2, Y: 0.2, W: 0.15, H: 0.2}
	var mu sync.Mutex
	calls := 0
	svc.Subject = func(ctx context.Context, path string) (project.Rect, bool, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		return subj, true, nil
	}
	w := newTestWindow(t, svc)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	w.ed.Select(0, 2)
	w.smart.frameSubject()
	pump(t, "the framing", func() bool { return w.ed.Project().Slides[2].Motion != nil })
	p := w.ed.Project()
	if p.Slides[1].Motion != nil {
		t.Error("an unselected slide was framed")
	}
	for _, i := range []int{0, 2} {
		m := *p.Slides[i].Motion
		r := p.Resolve(i)
		r.Direction, r.Motion = project.DirSubject, nil
		if want := p.MotionForSubject(r, 64, 48, &subj); m != want {
			t.Errorf("slide %d: %+v, want %+v", i, m, want)
		}
		tight := m.End
		if i%2 == 1 {
			tight = m.Start
		}
		if !tight.Contains(subj) {
			t.Errorf("slide %d cuts the subject: %+v", i, tight)
		}
	}
	w.ed.Undo()
	if p := w.ed.Project(); p.Slides[0].Motion != nil || p.Slides[2].Motion != nil {
		t.Error("one undo did not remove the framing")
	}

	// The Ken Burns view outlines the subject.
	w.ed.Select(0)
	w.tabs.SelectIndex(1)
	pump(t, "the outline", func() bool { return w.kb.editor.subject.Visible() })
}

// TestTapAlong: T while playing ends the slide on screen at that moment.
func TestTapAlong(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	svc.NewMix = func(ctx context.Context, p *project.Project, tl *project.Timeline) (Mix, error) {
		return &fakeMix{}, nil
	}
	w := newTestWindow(t, svc)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	w.seek(0)
	w.togglePlay()
	pump(t, "the player", func() bool { return w.sound.player != nil })
	pl := w.sound.player.(*fakePlayer)
	pl.Seek(48000 * 2) // 2.0 s: slide 1 on screen
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyT})
	tl := w.ed.Timeline()
	if got := tl.FPS.Seconds(tl.Spans[1].Start); math.Abs(got-2) > 1.0/24 {
		t.Errorf("slide 2 starts at %.3f s, want 2", got)
	}
	w.ed.Undo()
	if w.ed.Project().Slides[0].Duration != nil {
		t.Error("undo kept the tapped duration")
	}
	w.togglePlay()
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyT})
	if w.ed.Project().Slides[0].Duration != nil {
		t.Error("T while paused changed a duration")
	}
}

// TestBeatTicksAndSnapChoice: the snap choice edits the project; beats
// draw ticks on the waveform; SnapTime snaps a time to them.
func TestBeatTicksAndSnapChoice(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	w.smart.snap.SetSelected(snapNames[project.SnapBars])
	if w.ed.Project().Snap != project.SnapBars {
		t.Fatalf("snap %q", w.ed.Project().Snap)
	}
	w.ed.Undo()
	var beats []float64
	for b := 0.25; b < 8; b += 0.5 {
		beats = append(beats, b)
	}
	tl := w.ed.Timeline()
	img := image.NewRGBA(image.Rect(0, 0, 400, 40))
	xAt := func(f float64) int { return int(f / float64(tl.Frames) * 400) }
	drawBeatTicks(img, beats, tl.FPS, xAt)
	x := xAt(0.25 * 24)
	if img.RGBAAt(x, 39).A == 0 || img.RGBAAt(x+3, 39).A != 0 {
		t.Error("no tick at the first beat, or one beside it")
	}
	w.ed.SetDurations(project.MediaDurations{Beats: beats})
	w.smart.snap.SetSelected(snapNames[project.SnapBeats])
	if got := w.smart.snapTo(1.1); got != 1.25 {
		t.Errorf("snapTo(1.1) = %v, want 1.25", got)
	}
	tl = w.ed.Timeline()
	for i := 1; i < len(tl.Spans); i++ {
		at := tl.FPS.Seconds(tl.Spans[i].Start)
		if d := math.Mod(at-0.25+10, 0.5); math.Min(d, 0.5-d) > 1.0/48+1e-9 {
			t.Errorf("slide %d starts at %.3f s, off the beat", i+1, at)
		}
	}
}
