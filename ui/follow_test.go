package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// Wherever the playhead goes, paused, the slide under it becomes the
// current slide in the filmstrip and the inspector; selecting a slide
// moves the playhead to it.
func TestSelectionFollowsThePlayhead(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 6)...) // slides start every 2.5 s
	w.ed.Select(0)
	w.seek(0)
	tl := w.ed.Timeline()
	key := func(k fyne.KeyName) { w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }

	// A click on the waveform inside slide 5.
	w.wave.Resize(fyne.NewSize(600, waveHeight))
	mid := (tl.Spans[4].Start + tl.Spans[4].End) / 2
	test.TapAt(w.wave, fyne.NewPos(w.wave.xOf(mid, 600), 10))
	if w.ed.Current() != 4 || len(w.ed.Selection()) != 1 {
		t.Fatalf("click in slide 5 selected %v", w.ed.Selection())
	}
	if !strings.HasPrefix(w.insp.head.Text, "Slide 5 of 6") {
		t.Fatalf("the inspector shows %q", w.insp.head.Text)
	}
	// Right goes on from slide 5 to slide 6.
	key(fyne.KeyRight)
	if w.ed.Current() != 5 {
		t.Fatalf("Right after slide 5 selected %v", w.ed.Selection())
	}
	// Home and End.
	key(fyne.KeyHome)
	if w.ed.Current() != 0 || w.prev.Frame() != 0 {
		t.Fatalf("Home: slide %v at frame %d", w.ed.Selection(), w.prev.Frame())
	}
	key(fyne.KeyEnd)
	if w.ed.Current() != 5 {
		t.Fatalf("End selected %v", w.ed.Selection())
	}
	// Selecting a slide moves the playhead into it.
	test.Tap(w.strip.cell(2))
	if f := w.prev.Frame(); w.ed.Timeline().At(f).Slide != 2 {
		t.Fatalf("tapping slide 3 left the playhead at frame %d", f)
	}
	// Select all keeps the playhead where it is.
	f := w.prev.Frame()
	w.selectAll()
	if w.prev.Frame() != f || len(w.ed.Selection()) != 6 {
		t.Fatalf("select all moved the playhead to %d or selected %v", w.prev.Frame(), w.ed.Selection())
	}
}

// When the media durations arrive (a new timeline for the same project) the
// preview renders with the new timeline, not the old one.
func TestPreviewFollowsANewTimeline(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	fitToSong(t, w)
	pump(t, "the edit rendered", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.last != nil && r.last.Timing == project.TimingFitAudio && r.lastTL == w.ed.Timeline()
	})
	w.ed.SetDurations(project.MediaDurations{Music: 30})
	tl := w.ed.Timeline()
	pump(t, "the renderer to get the new timeline", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.lastTL == tl
	})
}
