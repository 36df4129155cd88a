package ui

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// Unreadable files are offered unticked, with the reason, and skipped
// (named) when dropped.
func TestUnreadablePhotosAreCheckedWhenAdded(t *testing.T) {
	w := newFakeWindow(t)
	dir := t.TempDir()
	writePhotos(t, dir, 2)
	os.WriteFile(filepath.Join(dir, "empty.png"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.png"), []byte("not a picture"), 0o644)
	pk := w.files.pickPhotosIn(dir)
	if pk == nil || len(pk.checks) != 4 {
		t.Fatal("the picker does not list the 4 files")
	}
	if pk.add.Text != "Add 2 photo(s)" {
		t.Fatalf("button %q: unreadable files are ticked", pk.add.Text)
	}
	for i, p := range pk.paths {
		bad := strings.HasPrefix(filepath.Base(p), "empty") || strings.HasPrefix(filepath.Base(p), "notes")
		if bad != pk.checks[i].Disabled() {
			t.Fatalf("%s: disabled=%v", p, pk.checks[i].Disabled())
		}
	}
	dropPhotos(w, dir)
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png"}) {
		t.Fatalf("dropping the folder added %v", got)
	}
	if s := w.status.Text; !strings.Contains(s, "empty.png (empty file)") || !strings.Contains(s, "notes.png (not a readable image)") {
		t.Fatalf("status %q", s)
	}
}

// `slidereel a.jpg b.jpg` starts a new project with those photos.
func TestPhotosOnTheCommandLine(t *testing.T) {
	w := newFakeWindow(t)
	photos := writePhotos(t, t.TempDir(), 2)
	w.start(photos, "")
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png"}) {
		t.Fatalf("started with %v", got)
	}
	if w.ed.Path() != "" {
		t.Fatalf("the project is %q, want a new untitled one", w.ed.Path())
	}
}

// Export asks before replacing an existing video.
func TestExportAsksBeforeReplacing(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	var mu sync.Mutex
	var exported []string
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(exported) }
	svc.Export = func(ctx context.Context, p *project.Project, opt ExportOptions, progress func(ExportProgress)) error {
		mu.Lock()
		defer mu.Unlock()
		exported = append(exported, opt.Output)
		return nil
	}
	w := newTestWindow(t, svc)
	dir := t.TempDir()
	dropPhotos(w, writePhotos(t, dir, 1)...)
	out := filepath.Join(dir, "show.mp4")
	os.WriteFile(out, []byte("old video"), 0o644)
	w.exp.start(exportChoice{output: out, preset: preset{w: 320, h: 180}})
	drain()
	if count() != 0 {
		t.Fatal("the export replaced an existing file without asking")
	}
	yes := findButton(w.win.Canvas(), "Yes")
	if yes == nil {
		t.Fatal("no question about replacing the file")
	}
	test.Tap(yes)
	pump(t, "the export", func() bool { return count() == 1 })
}

// Too many photos for the song: the editor says so and offers the fixes.
func TestTooShortSlidesWarning(t *testing.T) {
	w := newFakeWindow(t)
	manySlides(t, w, 200)
	if w.warn.root.Visible() {
		t.Fatal("3 s slides: a warning")
	}
	fitToSong(t, w)
	w.ed.SetDurations(project.MediaDurations{Music: 40})
	if !w.warn.root.Visible() || !strings.Contains(w.warn.label.Text, "200 of 200 slides") {
		t.Fatalf("no warning for 0.2 s slides: %q", w.warn.label.Text)
	}
	fix := findButtonIn(w.warn.fixes, project.FixFixedDurations.Label())
	if fix == nil {
		t.Fatal("no fix offered")
	}
	test.Tap(fix)
	if w.ed.Project().Timing != project.TimingFixed || w.warn.root.Visible() {
		t.Fatal("the fix did not apply or the warning stayed")
	}
	w.ed.Undo()
	if !w.warn.root.Visible() {
		t.Fatal("undoing the fix did not bring the warning back")
	}
}

// Typed values out of range are clamped with a note; text that is not a
// number is refused with a note; a good value clears the note.
func TestTypedValuesExplainThemselves(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 2)...)
	w.ed.Select(0)
	f := w.insp.slide.dur
	typeIn := func(s string) {
		f.entry.SetText(s)
		f.entry.OnSubmitted(s)
	}
	dur := func() float64 { return w.ed.Project().Resolve(0).Duration }
	cases := []struct {
		in, note string
		want     float64
	}{
		{"99999", "600.0 s: 99999 is above the greatest value; it must be from 0.1 to 600 s.", 600},
		{"-5", "0.1 s: -5 is below the least value", 0.1},
		{"abc", `Kept 0.1 s: "abc" is not a number`, 0.1},
		{"", "a value is needed", 0.1},
		{"4.5", "", 4.5},
	}
	for _, c := range cases {
		typeIn(c.in)
		if math.Abs(dur()-c.want) > 1e-9 {
			t.Errorf("typed %q: duration %.2f, want %.2f", c.in, dur(), c.want)
		}
		if c.note == "" {
			if f.note.Visible() {
				t.Errorf("typed %q: note %q stays", c.in, f.note.Text)
			}
			continue
		}
		if !f.note.Visible() || !strings.Contains(f.note.Text, c.note) {
			t.Errorf("typed %q: note %q (visible %v), want %q", c.in, f.note.Text, f.note.Visible(), c.note)
		}
	}
}

type silentFakePlayer struct{ fakePlayer }

func (*silentFakePlayer) Silent() bool { return true }

// Without an audio device the window says so, once.
func TestNoAudioDeviceNotice(t *testing.T) {
	w := newFakeWindow(t)
	s := w.sound
	s.player = &silentFakePlayer{}
	s.playedSince = time.Now().Add(-2 * time.Second)
	s.checkSilent()
	if w.status.Text != noDeviceNote {
		t.Fatalf("status %q", w.status.Text)
	}
	w.setStatus("something else")
	s.checkSilent()
	if w.status.Text != "something else" {
		t.Fatal("the notice came twice")
	}
}
