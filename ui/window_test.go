package ui

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// menuShortcuts triggers a shortcut the way the desktop driver does: the
// main menu item bound to it runs.
type menuShortcuts struct{ m *fyne.MainMenu }

func (ms menuShortcuts) TypedShortcut(s fyne.Shortcut) {
	var find func(items []*fyne.MenuItem) bool
	find = func(items []*fyne.MenuItem) bool {
		for _, it := range items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && find(it.ChildMenu.Items) {
				return true
			}
		}
		return false
	}
	for _, m := range ms.m.Items {
		if find(m.Items) {
			return
		}
	}
	panic("no menu item for " + s.ShortcutName())
}

// dropPhotos drops files on the window as the file manager would.
func dropPhotos(w *editorWindow, paths ...string) {
	var uris []fyne.URI
	for _, p := range paths {
		uris = append(uris, storage.NewFileURI(p))
	}
	w.dropped(fyne.NewPos(10, 10), uris)
}

func TestAddReorderDeleteSlides(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dir := t.TempDir()
	photos := writePhotos(t, dir, 3)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)

	// Drop a folder: its photos are added in name order, other files skipped.
	dropPhotos(w, dir)
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png", "c.png"}) {
		t.Fatalf("after drop: %v", got)
	}
	if w.strip.n != 3 {
		t.Fatalf("filmstrip has %d cells", w.strip.n)
	}
	// Thumbnails arrive in the background.
	pump(t, "thumbnails", func() bool {
		for _, c := range w.strip.cells {
			if c.index >= 0 && c.img.Image == nil {
				return false
			}
		}
		return true
	})

	// Drag the first thumbnail two places to the right.
	w.ed.Select()
	c0 := w.strip.cell(0)
	start := fyne.CurrentApp().Driver().AbsolutePositionForObject(c0).AddXY(cellW/2, cellH/2)
	test.Drag(w.win.Canvas(), start, 2*cellPitch, 0)
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"b.png", "c.png", "a.png"}) {
		t.Fatalf("after drag: %v", got)
	}
	if got := w.ed.Selection(); !slices.Equal(got, []int{2}) {
		t.Fatalf("dragged slide not selected: %v", got)
	}

	// Ctrl+Left twice moves it back to the front.
	sc := menuShortcuts{w.win.MainMenu()}
	for range 2 {
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault})
	}
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png", "c.png"}) {
		t.Fatalf("after Ctrl+Left x2: %v", got)
	}

	// Tap the second thumbnail and press Delete.
	test.Tap(w.strip.cell(1))
	if w.ed.Current() != 1 {
		t.Fatalf("tap selected %v", w.ed.Selection())
	}
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "c.png"}) {
		t.Fatalf("after delete: %v", got)
	}
	if w.strip.n != 2 {
		t.Fatalf("filmstrip has %d cells after delete", w.strip.n)
	}
	if w.win.Title() != "• Untitled — Slidereel" {
		t.Fatalf("title %q", w.win.Title())
	}

	// Undo (Ctrl+Z) brings it back; redo (Ctrl+Shift+Z) deletes it again.
	sc.TypedShortcut(&fyne.ShortcutUndo{})
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png", "c.png"}) {
		t.Fatalf("after undo: %v", got)
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "c.png"}) {
		t.Fatalf("after redo: %v", got)
	}
	_ = photos
}

func TestSliderUpdatesModelAndPreview(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dropPhotos(w, writePhotos(t, t.TempDir(), 2)...)
	w.ed.Select(0)
	pump(t, "first frame", func() bool { _, n, _ := r.state(); return n > 0 })

	updates, renders, _ := r.state()
	// Drag the duration slider: several changes, one undo step.
	s := w.insp.slide.dur.slider
	if s.Size().Width < 50 {
		t.Fatalf("slider not laid out: %v", s.Size())
	}
	for _, x := range []float32{0.3, 0.4, 0.5} {
		s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x*s.Size().Width, 5)}})
	}
	s.DragEnd()
	dragged := w.ed.Project().Resolve(0).Duration
	if dragged < 5 || dragged > 10 {
		t.Fatalf("slide duration %v after dragging to the middle of 0.5..15", dragged)
	}
	if got := w.insp.slide.dur.entry.Text; got != strconv.FormatFloat(dragged, 'f', 1, 64) {
		t.Fatalf("entry shows %q, slider %v", got, dragged)
	}
	if w.ed.Project().Resolve(1).Duration != project.DefaultDuration {
		t.Fatal("the unselected slide changed")
	}
	pump(t, "the renderer to get the new project", func() bool {
		u, n, last := r.state()
		return u > updates && n > renders && last != nil && last.Resolve(0).Duration == dragged
	})

	// Typing in the entry applies on Enter; bad input is refused.
	e := w.insp.slide.dur.entry
	e.SetText("2.4")
	e.OnSubmitted(e.Text)
	if got := w.ed.Project().Resolve(0).Duration; got != 2.4 {
		t.Fatalf("after typing: %v", got)
	}
	if v := w.insp.slide.dur.slider.Value; math.Abs(v-2.4) > 1e-9 {
		t.Fatalf("slider not in sync: %v", v)
	}
	e.SetText("fast")
	e.OnSubmitted(e.Text)
	if got := w.ed.Project().Resolve(0).Duration; got != 2.4 || e.Text != "2.4" {
		t.Fatalf("bad input: duration %v, entry %q", got, e.Text)
	}
	// The slider's three changes were one step, the entry another.
	w.ed.Undo()
	if got := w.ed.Project().Resolve(0).Duration; got != dragged {
		t.Fatalf("undo entry: %v", got)
	}
	w.ed.Undo()
	if got := w.ed.Project().Resolve(0).Duration; got != project.DefaultDuration {
		t.Fatalf("undo slider drag: %v", got)
	}

	// The defaults' slider with "All" resets every slide's override.
	w.ed.Redo()
	w.insp.def.dur.slider.SetValue(4)
	if got := w.ed.Project().Resolve(1).Duration; got != 4 {
		t.Fatalf("default did not reach slide 2: %v", got)
	}
	if got := w.ed.Project().Resolve(0).Duration; got != dragged {
		t.Fatalf("default overrode slide 1's own duration: %v", got)
	}
	test.Tap(w.insp.def.resets[project.FieldDuration])
	if got := w.ed.Project().Resolve(0).Duration; got != 4 {
		t.Fatalf("apply to all: slide 1 has %v", got)
	}
}

func TestSaveOpenRoundTrip(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dir := t.TempDir()
	dropPhotos(w, writePhotos(t, dir, 3)...)
	w.ed.Select(1)
	w.insp.slide.zoom.slider.SetValue(1.5)
	w.insp.timing.SetSelected(timingNames[project.TimingStory])
	path := filepath.Join(dir, "trip.project")
	if !w.files.saveTo(path) {
		t.Fatal("save failed")
	}
	if w.ed.Dirty() || w.win.Title() != "trip — Slidereel" {
		t.Fatalf("after save: dirty %v, title %q", w.ed.Dirty(), w.win.Title())
	}
	if r := w.files.recent(); len(r) == 0 || r[0] != path {
		t.Fatalf("recent files: %v", r)
	}
	want := w.ed.Project().Clone()

	w.files.newProject()
	if len(w.ed.Project().Slides) != 0 || w.ed.Path() != "" {
		t.Fatal("New kept the old project")
	}
	if !w.files.openPath(path) {
		t.Fatal("open failed")
	}
	got := w.ed.Project()
	if !slices.Equal(imagesOf(got), imagesOf(want)) || got.Timing != project.TimingStory ||
		got.Resolve(1).Zoom != 1.5 || got.Resolve(0).Zoom != project.DefaultZoom {
		t.Fatalf("round trip: %v timing %v zoom %v/%v", imagesOf(got), got.Timing, got.Resolve(1).Zoom, got.Resolve(0).Zoom)
	}
	if w.ed.Dirty() || w.ed.CanUndo() {
		t.Fatal("a freshly opened project is dirty or has history")
	}
}

func TestAutosaveAndRecovery(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dir := t.TempDir()
	dropPhotos(w, writePhotos(t, dir, 2)...)
	path := filepath.Join(dir, "show.project")
	w.files.saveTo(path)
	w.ed.Select(0)
	w.ed.DeleteSelection()
	if err := w.files.autosave(); err != nil {
		t.Fatal(err)
	}
	side, _, ok := w.files.recoverable(path)
	if !ok {
		t.Fatal("no recoverable autosave after an unsaved edit")
	}
	// "Crash": a new window opens the file and recovers the sidecar.
	w2 := newFakeWindow(t)
	w2.files.openPath(path)
	if n := len(w2.ed.Project().Slides); n != 2 {
		t.Fatalf("the file has %d slides", n)
	}
	if err := w2.files.recoverFrom(side, path); err != nil {
		t.Fatal(err)
	}
	if n := len(w2.ed.Project().Slides); n != 1 || !w2.ed.Dirty() || w2.ed.Path() != path {
		t.Fatalf("recovered: %d slides, dirty %v, path %q", n, w2.ed.Dirty(), w2.ed.Path())
	}
	// Saving removes the sidecar.
	w2.files.save(nil)
	if _, err := os.Stat(side); !os.IsNotExist(err) {
		t.Fatalf("sidecar left after save: %v", err)
	}
}

func TestMissingFileRelink(t *testing.T) {
	w := newFakeWindow(t)
	dir := t.TempDir()
	photos := writePhotos(t, dir, 2)
	dropPhotos(w, photos...)
	moved := t.TempDir()
	os.Rename(photos[1], filepath.Join(moved, "b.png"))
	w.strip.Refresh()
	if !w.strip.cell(1).warn.Visible() || w.strip.cell(0).warn.Visible() {
		t.Fatal("the missing file is not marked (or the present one is)")
	}
	w.files.relinkDir(moved)
	if got := w.ed.Project().Slides[1].Image.Path; got != filepath.Join(moved, "b.png") {
		t.Fatalf("relinked to %q", got)
	}
	// The files are checked in the background after an edit.
	pump(t, "the relinked file unmarked", func() bool { return !w.strip.cell(1).warn.Visible() })
	if w.strip.cell(0).warn.Visible() {
		t.Fatal("the present file is marked missing after relink")
	}
}

// A photo deleted and restored on disk, with no edit in between, is
// marked and unmarked by the periodic check (checkMissing, run here at
// once instead of after diskCheckEvery).
func TestMissingFilesNoticedWithoutAnEdit(t *testing.T) {
	w := newFakeWindow(t)
	photos := writePhotos(t, t.TempDir(), 3)
	dropPhotos(w, photos...)
	pump(t, "the first check", func() bool { return w.missGen > 0 })
	aside := photos[2] + ".moved"
	if err := os.Rename(photos[2], aside); err != nil {
		t.Fatal(err)
	}
	w.checkMissing()
	pump(t, "the deleted photo marked", func() bool { return len(w.missing) == 1 && strings.Contains(w.status.Text, "1 missing") })
	if w.missing[0].Path != photos[2] || !w.strip.cell(2).warn.Visible() {
		t.Fatalf("missing %v, cell 3 marked %v", w.missing, w.strip.cell(2).warn.Visible())
	}
	if err := os.Rename(aside, photos[2]); err != nil {
		t.Fatal(err)
	}
	w.checkMissing()
	pump(t, "the restored photo unmarked", func() bool { return len(w.missing) == 0 && !w.strip.cell(2).warn.Visible() })
}

func TestDragMovesTheSelectedBlock(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 4)...)
	w.ed.Select(0, 1)
	c1 := w.strip.cell(1)
	start := fyne.CurrentApp().Driver().AbsolutePositionForObject(c1).AddXY(cellW/2, cellH/2)
	test.Drag(w.win.Canvas(), start, 2*cellPitch, 0)
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"c.png", "d.png", "a.png", "b.png"}) {
		t.Fatalf("after dragging the block: %v", got)
	}
	if got := w.ed.Selection(); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("selection %v", got)
	}
	// A short drag (under half a thumbnail) moves nothing.
	test.Drag(w.win.Canvas(), start, cellPitch/3, 0)
	if w.ed.Undo(); !slices.Equal(imagesOf(w.ed.Project()), []string{"a.png", "b.png", "c.png", "d.png"}) {
		t.Fatalf("the short drag made an edit: %v", imagesOf(w.ed.Project()))
	}
	// Ctrl+D duplicates the selection.
	w.ed.Select(3)
	menuShortcuts{w.win.MainMenu()}.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault})
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png", "c.png", "d.png", "d.png"}) {
		t.Fatalf("after Ctrl+D: %v", got)
	}
}

func TestDroppedSoundBecomesTheMusic(t *testing.T) {
	w := newFakeWindow(t)
	dir := t.TempDir()
	song := filepath.Join(dir, "song.wav")
	os.WriteFile(song, []byte("RIFF"), 0o644)
	dropPhotos(w, append(writePhotos(t, dir, 1), song)...)
	p := w.ed.Project()
	if len(p.Soundtrack.Music) != 1 || p.Soundtrack.Music[0].Path != song || len(p.Slides) != 1 {
		t.Fatalf("music %v, %d slides", p.Soundtrack.Music, len(p.Slides))
	}
	if w.insp.music.Text != "♪ song.wav" {
		t.Fatalf("sound tab shows %q", w.insp.music.Text)
	}
}

func TestParseHexColor(t *testing.T) {
	if c, ok := parseHexColor("#1a2B3c"); !ok || c.R != 0x1a || c.G != 0x2b || c.B != 0x3c {
		t.Fatalf("%v %v", c, ok)
	}
	for _, bad := range []string{"", "#12345", "123456#", "#12345g"} {
		if _, ok := parseHexColor(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAddPhotosPicker(t *testing.T) {
	w := newFakeWindow(t)
	dir := t.TempDir()
	writePhotos(t, dir, 3)
	pk := w.files.pickPhotosIn(dir)
	if pk == nil || len(pk.checks) != 3 {
		t.Fatal("the picker does not list the 3 photos")
	}
	if pk.add.Text != "Add 3 photo(s)" {
		t.Fatalf("button %q", pk.add.Text)
	}
	test.Tap(pk.checks[1]) // untick b.png
	if pk.add.Text != "Add 2 photo(s)" {
		t.Fatalf("button %q after unticking one", pk.add.Text)
	}
	test.Tap(pk.add)
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "c.png"}) {
		t.Fatalf("added %v", got)
	}
	pk = w.files.pickPhotosIn(dir)
	pk.setAll(false)
	if !pk.add.Disabled() {
		t.Fatal("Add is enabled with nothing ticked")
	}
}

func TestPreviewFollowsTheOutputAspect(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dropPhotos(w, writePhotos(t, t.TempDir(), 1)...)
	w.insp.preset.SetSelected("9:16 · 1080×1920")
	if p := w.ed.Project(); p.Output.Width != 1080 || p.Output.Height != 1920 {
		t.Fatalf("output %dx%d", p.Output.Width, p.Output.Height)
	}
	pump(t, "a portrait frame", func() bool {
		img, ok := w.prev.img.Image.(*image.RGBA)
		return ok && img.Rect.Dy() > img.Rect.Dx()
	})
	if s := w.prev.img.Size(); s.Height <= s.Width {
		t.Fatalf("the frame is laid out %v for a 9:16 output", s)
	}
}

func TestWaveformSeeks(t *testing.T) {
	r := &fakeRenderer{}
	w := newTestWindow(t, fakeServices(r))
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...) // 192 frames
	wf := w.wave
	if wf.Size().Width < 100 {
		t.Fatalf("waveform not laid out: %v", wf.Size())
	}
	test.TapAt(wf, fyne.NewPos(wf.Size().Width/2, 10))
	if f := w.prev.Frame(); f < 94 || f > 98 {
		t.Fatalf("tap in the middle seeks to frame %d of 192", f)
	}
	if w.timeLbl.Text != "0:04.0" {
		t.Fatalf("time shows %q", w.timeLbl.Text)
	}
	pump(t, "the frame to render", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.renders) > 0 && r.renders[len(r.renders)-1] == w.prev.Frame()
	})
	// Dragging scrubs: the playhead follows the pointer.
	wf.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(wf.Size().Width/4, 10)}})
	if f := w.prev.Frame(); f < 46 || f > 50 {
		t.Fatalf("drag to a quarter: frame %d", f)
	}
	if x := wf.head.Position().X; math.Abs(float64(x-wf.Size().Width/4)) > 3 {
		t.Fatalf("playhead at x=%v, want about %v", x, wf.Size().Width/4)
	}
}

func TestCaptionStyleControls(t *testing.T) {
	w := newFakeWindow(t)
	w.insp.capPos.SetSelected("Top")
	w.insp.capSize.slider.SetValue(10)
	c := w.ed.Project().Caption
	if c.Position != project.CaptionTop || math.Abs(c.Size-0.10) > 1e-9 {
		t.Fatalf("caption style %+v", c)
	}
	if probs := w.ed.Project().Validate(); len(probs) != 0 {
		t.Fatalf("the edited project does not validate: %v", probs)
	}
	w.ed.Undo()
	w.ed.Undo()
	if w.ed.Project().Caption != project.New().Caption {
		t.Fatalf("undo left %+v", w.ed.Project().Caption)
	}
}

// TestRefusedDefaultIsShownAndChangesNothing: a default the model refuses
// (here a zero duration that reached the callback past the entry's bounds)
// leaves the project as it was and tells the user why.
func TestRefusedDefaultIsShownAndChangesNothing(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 2)...)
	before := w.ed.Project().Clone()
	dirty := w.ed.Dirty()
	w.insp.def.dur.set(0)
	w.ed.EndMerge()
	if got := w.ed.Project().Defaults.Duration; got != before.Defaults.Duration {
		t.Fatalf("refused default applied: duration %v", got)
	}
	if w.ed.Dirty() != dirty {
		t.Fatal("a refused edit marked the project changed")
	}
	if n := len(w.win.Canvas().Overlays().List()); n == 0 {
		t.Fatal("no error dialog for a refused default")
	}
}
