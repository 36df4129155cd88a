package ui

import (
	"context"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// fakeMix and fakePlayer stand in for the sound package: the test moves
// the player's clock by hand.
type fakeMix struct{ id int }

func (m *fakeMix) Peaks(n int) []Peak {
	p := make([]Peak, n)
	for i := range p {
		p[i] = Peak{Min: -0.5, Max: 0.5}
	}
	return p
}

func (m *fakeMix) NewPlayer() Player { return &fakePlayer{mix: m} }

type fakePlayer struct {
	mu      sync.Mutex
	mix     Mix
	pos     int
	playing bool
	closed  bool
}

func (p *fakePlayer) Play()           { p.mu.Lock(); p.playing = true; p.mu.Unlock() }
func (p *fakePlayer) Pause()          { p.mu.Lock(); p.playing = false; p.mu.Unlock() }
func (p *fakePlayer) Seek(sample int) { p.mu.Lock(); p.pos = sample; p.mu.Unlock() }
func (p *fakePlayer) Position() int   { p.mu.Lock(); defer p.mu.Unlock(); return p.pos }
func (p *fakePlayer) Playing() bool   { p.mu.Lock(); defer p.mu.Unlock(); return p.playing }
func (p *fakePlayer) SetMix(m Mix)    { p.mu.Lock(); p.mix = m; p.mu.Unlock() }
func (p *fakePlayer) Close()          { p.mu.Lock(); p.closed = true; p.mu.Unlock() }

func TestPlaybackFollowsThePlayerClock(t *testing.T) {
	r := &fakeRenderer{}
	svc := fakeServices(r)
	var mixes []*fakeMix
	var mu sync.Mutex
	svc.NewMix = func(ctx context.Context, p *project.Project, tl *project.Timeline) (Mix, error) {
		mu.Lock()
		defer mu.Unlock()
		m := &fakeMix{id: len(mixes)}
		mixes = append(mixes, m)
		return m, nil
	}
	w := newTestWindow(t, svc)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...) // 3 x 3 s - 2 x 0.5 s = 8 s at 24 fps
	if got := w.ed.Timeline().Frames; got != 192 {
		t.Fatalf("timeline has %d frames", got)
	}
	w.ed.Select(0)
	w.seek(0)

	test.Tap(w.playBtn)
	if !w.sound.playing() {
		t.Fatal("Play did not start")
	}
	pump(t, "the mix and the player", func() bool { return w.sound.player != nil })
	pl := w.sound.player.(*fakePlayer)
	if !pl.Playing() {
		t.Fatal("the player is not playing")
	}
	// The sound clock says 2.5 s: the picture follows to frame 60.
	pl.Seek(2*48000 + 24000)
	pump(t, "the picture to follow the clock", func() bool { return w.prev.Frame() == 60 })
	pump(t, "frame 60 rendered", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.renders) > 0 && r.renders[len(r.renders)-1] == 60
	})
	if w.timeLbl.Text != "0:02.5" {
		t.Fatalf("time shows %q", w.timeLbl.Text)
	}
	// Slide 1 (index 0) ends at 3 s; at 4 s slide 2 is selected.
	pl.Seek(4 * 48000)
	pump(t, "the selection to follow", func() bool { return w.ed.Current() == 1 })

	// An edit during playback swaps the mix under the same player.
	w.insp.gain.slider.SetValue(-6)
	pump(t, "a new mix", func() bool {
		mu.Lock()
		defer mu.Unlock()
		pl.mu.Lock()
		defer pl.mu.Unlock()
		return len(mixes) >= 2 && pl.mix == Mix(mixes[len(mixes)-1])
	})
	if w.sound.player != Player(pl) {
		t.Fatal("the edit replaced the player")
	}

	// Space pauses.
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeySpace})
	if w.sound.playing() || pl.Playing() {
		t.Fatal("Space did not pause")
	}
	// A picture-only edit does not even ask for a mix: the request count
	// is decided when the edit is made, so no waiting out mixDelay.
	req := w.sound.mixReq
	w.insp.slide.zoom.slider.SetValue(1.4)
	drain()
	if w.sound.mixReq != req {
		t.Errorf("a zoom change asked for a new mix (request %d, was %d)", w.sound.mixReq, req)
	}
	// At the end the playback stops by itself.
	w.togglePlay()
	pl.Seek(w.ed.Timeline().Samples(48000))
	pump(t, "the end", func() bool { return !w.sound.playing() })
	if w.prev.Frame() != 191 {
		t.Fatalf("stopped at frame %d", w.prev.Frame())
	}
}
