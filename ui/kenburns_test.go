package ui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// near compares view-derived coordinates (float32 pixels).
func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

// kenBurnsTab opens a window with n photos, the first selected and the
// Ken Burns tab shown, once the editor knows the photo's size.
func kenBurnsTab(t *testing.T, n int) (*editorWindow, *rectEditor) {
	t.Helper()
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), n)...)
	w.ed.Select(0)
	w.tabs.SelectIndex(1)
	e := w.kb.editor
	pump(t, "the photo's size", func() bool { return e.ok })
	return w, e
}

func TestKenBurnsRectEditing(t *testing.T) {
	w, e := kenBurnsTab(t, 2)
	if e.srcW != 64 || e.srcH != 48 {
		t.Fatalf("size %dx%d", e.srcW, e.srcH)
	}
	auto := w.ed.Project().MotionFor(w.ed.Project().Resolve(0), 64, 48)
	if e.motion != auto {
		t.Fatalf("shows %+v, want the automatic motion %+v", e.motion, auto)
	}

	// Drag the end rectangle 5% of the photo to the right (it stays over
	// the photo): only it moves.
	pos, sz := e.toView(auto.End)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	dx := 0.05 * e.sw
	test.Drag(w.win.Canvas(), abs.Add(pos).AddXY(sz.Width/2, sz.Height/2), dx, 0)
	m := w.ed.Project().Slides[0].Motion
	if m == nil {
		t.Fatal("dragging did not set the slide's motion")
	}
	if m.Start != auto.Start || !near(m.End.X, auto.End.X+float64(dx/e.sw)) || !near(m.End.Y, auto.End.Y) || !near(m.End.W, auto.End.W) {
		t.Fatalf("after the drag: %+v (from %+v)", *m, auto)
	}
	moved := *m

	// Swap, then Reset, each one undo step.
	test.Tap(w.insp.swap)
	if got := *w.ed.Project().Slides[0].Motion; got != moved.Swapped() {
		t.Fatalf("swap: %+v", got)
	}
	test.Tap(w.insp.resetMotion)
	if w.ed.Project().Slides[0].Motion != nil {
		t.Fatal("reset kept the motion")
	}
	w.ed.Undo()
	w.ed.Undo()
	if got := *w.ed.Project().Slides[0].Motion; got != moved {
		t.Fatalf("undo twice: %+v", got)
	}
	w.ed.Undo()
	if w.ed.Project().Slides[0].Motion != nil {
		t.Fatal("undoing the drag kept a motion")
	}

	// Resize the start rectangle by its bottom-right corner: the aspect stays.
	pos, sz = e.toView(auto.Start)
	test.Drag(w.win.Canvas(), abs.Add(pos).AddXY(sz.Width, sz.Height), -30, 0)
	m = w.ed.Project().Slides[0].Motion
	if m == nil || m.Start.W >= auto.Start.W || !near(m.Start.X, auto.Start.X) || !near(m.Start.Y, auto.Start.Y) {
		t.Fatalf("corner resize: %+v", m)
	}
	if a := m.Start.W * 64 / (m.Start.H * 48); math.Abs(a-16.0/9) > 1e-3 {
		t.Fatalf("resized rect aspect %v, want 16:9", a)
	}
}

func TestKenBurnsDirection(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	w.ed.Select(0)
	w.insp.refresh()
	sd, dd := w.insp.slide.dir, w.insp.def.dir
	if sd.Selected != directionNames[project.DirAuto] || dd.Selected != directionNames[project.DirAuto] {
		t.Fatalf("directions shown %q / %q, want automatic", sd.Selected, dd.Selected)
	}
	// The selected slide zooms out; the others still follow the default.
	sd.SetSelected(directionNames[project.DirOut])
	p := w.ed.Project()
	if d := p.Slides[0].Direction; d == nil || *d != project.DirOut {
		t.Fatalf("slide 1 direction %v, want out", d)
	}
	if p.Slides[1].Direction != nil || p.Defaults.Direction != project.DirAuto {
		t.Fatal("a slide's direction leaked to the others or the default")
	}
	// A new zoom keeps the direction: the motion is derived, not stored.
	w.insp.slide.zoom.slider.SetValue(1.5)
	p = w.ed.Project()
	if r := p.Resolve(0); r.Direction != project.DirOut || r.Zoom != 1.5 || p.Slides[0].Motion != nil {
		t.Fatalf("after a zoom change: %+v", r)
	}
	m := p.MotionFor(p.Resolve(0), 64, 48)
	if !(m.End.W > m.Start.W) {
		t.Fatalf("slide 1 should zoom out: %+v", m)
	}
	// The project default, with "All", reaches every slide.
	dd.SetSelected(directionNames[project.DirIn])
	if got := w.ed.Project().Defaults.Direction; got != project.DirIn {
		t.Fatalf("default direction %q", got)
	}
	if w.ed.Project().Resolve(0).Direction != project.DirOut {
		t.Fatal("the default overrode slide 1's own direction")
	}
	test.Tap(w.insp.def.resets[project.FieldDirection])
	if got := w.ed.Project().Resolve(0).Direction; got != project.DirIn {
		t.Fatalf("apply to all: slide 1 is %q", got)
	}
	// Hand-drawn rectangles show as custom; choosing a direction drops them.
	if err := w.ed.Edit(func(p *project.Project) error {
		return p.SetOverride(project.FieldMotion, project.Motion{Start: project.Rect{W: 1, H: 1}, End: project.Rect{X: 0.1, Y: 0.1, W: 0.5, H: 0.5}}, 0)
	}); err != nil {
		t.Fatal(err)
	}
	w.insp.refresh()
	if sd.Selected != dirCustom {
		t.Fatalf("hand-drawn motion shown as %q", sd.Selected)
	}
	sd.SetSelected(directionNames[project.DirAuto])
	if w.ed.Project().Slides[0].Motion != nil {
		t.Fatal("choosing a direction kept the hand-drawn rectangles")
	}
	w.ed.Undo()
	if w.ed.Project().Slides[0].Motion == nil {
		t.Fatal("undo did not bring the rectangles back")
	}
}

func TestCloseAsksToSaveChanges(t *testing.T) {
	w := newFakeWindow(t)
	closed := false
	w.files.confirmDiscard(func() { closed = true })
	if !closed {
		t.Fatal("a clean project asked before closing")
	}
	closed = false
	dropPhotos(w, writePhotos(t, t.TempDir(), 1)...)
	w.files.confirmDiscard(func() { closed = true })
	if closed {
		t.Fatal("closed with unsaved changes without asking")
	}
	cancel := findButton(w.win.Canvas(), "Cancel")
	if cancel == nil || findButton(w.win.Canvas(), "Don't Save") == nil || findButton(w.win.Canvas(), "Save") == nil {
		t.Fatal("the unsaved-changes dialog lacks Save / Don't Save / Cancel")
	}
	test.Tap(cancel)
	if closed {
		t.Fatal("Cancel closed")
	}
	w.files.confirmDiscard(func() { closed = true })
	test.Tap(findButton(w.win.Canvas(), "Don't Save"))
	if !closed {
		t.Fatal("Don't Save did not close")
	}
}

// A start rect inside the end rect is the one grabbed when pressed inside
// it, and a dragged rect stays on the photo.
func TestKenBurnsGrabsTheInnerRectAndKeepsItOnThePhoto(t *testing.T) {
	w, e := kenBurnsTab(t, 1)
	inner := project.Motion{
		Start: project.Rect{X: 0.3, Y: 0.3, W: 0.4, H: 0.4},
		End:   project.Rect{X: 0.1, Y: 0.1, W: 0.8, H: 0.8},
	}
	_ = w.ed.Edit(func(p *project.Project) error { return p.SetOverride(project.FieldMotion, inner, 0) })
	w.kb.refresh()
	pos, sz := e.toView(inner.Start)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	// Drag the start rect far to the right: it moves, the end one does not,
	// and it stops at the photo's edge.
	test.Drag(w.win.Canvas(), abs.Add(pos).AddXY(sz.Width/2, sz.Height/2), 2000, 0)
	m := *w.ed.Project().Slides[0].Motion
	if m.End != inner.End {
		t.Fatalf("the end rect moved: %+v", m.End)
	}
	if !near(m.Start.X, 1-inner.Start.W) || !near(m.Start.Y, inner.Start.Y) {
		t.Fatalf("the start rect is at %+v, want at the photo's right edge", m.Start)
	}
}
