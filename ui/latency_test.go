package ui

import (
	"context"
	"fmt"
	"image"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// The export dialog is built once (ahead of time, when the first preview
// frame is up) and shown again at each opening with the project's current
// values; the encoders are probed once.
func TestExportDialogBuiltOnceAndRefilled(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	var mu sync.Mutex
	probes := 0
	svc.Encoders = func(context.Context) []string {
		mu.Lock()
		probes++
		mu.Unlock()
		return []string{"libx264", "h264_vaapi"}
	}
	w := newTestWindow(t, svc)
	dropPhotos(w, writePhotos(t, t.TempDir(), 2)...)
	pump(t, "the dialog built ahead of time", func() bool { return w.exp.dlg != nil })
	built := w.exp.dlg
	pump(t, "the probed encoders", func() bool { return len(built.encoder.Options) == 2 })

	w.exp.dialog()
	if w.exp.dlg != built {
		t.Fatal("the first opening built another dialog")
	}
	if findButton(w.win.Canvas(), "Export") == nil {
		t.Fatal("the dialog is not shown")
	}
	if got := built.fpsSel.Selected; got != fmt.Sprint(int(w.ed.Project().Output.FPS)) {
		t.Fatalf("frame rate %q", got)
	}
	test.Tap(findButton(w.win.Canvas(), "Cancel"))
	if findButton(w.win.Canvas(), "Export") != nil {
		t.Fatal("Cancel left the dialog up")
	}

	// The project changes between openings: the same dialog shows it.
	if err := w.ed.Edit(func(p *project.Project) error {
		p.Output.FPS = 25
		p.Output.Width, p.Output.Height = 1080, 1920
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	w.exp.dialog()
	if w.exp.dlg != built {
		t.Fatal("the second opening built another dialog")
	}
	if findButton(w.win.Canvas(), "Export") == nil {
		t.Fatal("the dialog is not shown again")
	}
	if built.fpsSel.Selected != "25" || built.presetSel.Selected != presetName(1080, 1920) {
		t.Fatalf("the dialog shows %q at %q fps, want the project's %q at 25",
			built.presetSel.Selected, built.fpsSel.Selected, presetName(1080, 1920))
	}
	if built.length.Text != formatTime(w.ed.Timeline().Seconds()) {
		t.Fatalf("length %q", built.length.Text)
	}
	drain()
	mu.Lock()
	defer mu.Unlock()
	if probes != 1 {
		t.Fatalf("the encoders were probed %d times", probes)
	}
}

// Undo after deleting all of a 1000-slide show brings every slide back,
// and the filmstrip shows the ones in view (only those have cells).
func TestUndoDeleteOf1000Slides(t *testing.T) {
	w := newFakeWindow(t)
	photos := writePhotos(t, t.TempDir(), 4)
	if err := w.ed.Edit(func(p *project.Project) error {
		for len(p.Slides) < 1000 {
			p.AddImages(photos...)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	w.selectAll()
	if err := w.ed.DeleteSelection(); err != nil {
		t.Fatal(err)
	}
	if n := len(w.ed.Project().Slides); n != 0 {
		t.Fatalf("%d slides after deleting all", n)
	}
	for _, c := range w.strip.cells {
		if c.Visible() {
			t.Fatalf("a cell (slide %d) still shows after deleting every slide", c.index+1)
		}
	}
	if !w.ed.Undo() {
		t.Fatal("nothing to undo")
	}
	if n := len(w.ed.Project().Slides); n != 1000 {
		t.Fatalf("%d slides after the undo, want 1000", n)
	}
	inView := int(w.strip.view.Size().Width/cellPitch) + 2
	if len(w.strip.cells) > inView {
		t.Fatalf("%d cells for about %d in view", len(w.strip.cells), inView)
	}
	shown := 0
	for i := range inView {
		c := w.strip.cell(i)
		if c == nil {
			continue
		}
		shown++
		if c.num.Text != fmt.Sprint(i+1) {
			t.Errorf("the cell of slide %d reads %q", i+1, c.num.Text)
		}
		if want := w.ed.Selected(i); (c.bg.FillColor == theme.Color(theme.ColorNamePrimary)) != want {
			t.Errorf("slide %d drawn selected=%v, is %v", i+1, !want, want)
		}
	}
	if shown < 3 {
		t.Fatalf("%d cells show after the undo", shown)
	}
	if len(w.wave.tl.Spans) != 1000 {
		t.Fatalf("the timeline has %d slides", len(w.wave.tl.Spans))
	}
}

// A selection change (every seek makes one) redraws the cells whose
// state changed: the newly selected cell turns selected, the old one not.
func TestSelectionRestylesCells(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 4)...)
	primary := theme.Color(theme.ColorNamePrimary)
	for _, sel := range []int{0, 2, 1} {
		w.ed.Select(sel)
		for i := range 4 {
			c := w.strip.cell(i)
			if c == nil {
				t.Fatalf("slide %d has no cell", i+1)
			}
			if (c.bg.FillColor == primary) != (i == sel) || c.shownSel != (i == sel) {
				t.Errorf("selected %d: slide %d drawn as selected=%v", sel+1, i+1, c.bg.FillColor == primary)
			}
		}
	}
}

// Thumbnails are asked for at the cell's box in pixels and shown at one
// pixel per pixel, so Fyne does not scale them on the UI goroutine.
func TestThumbnailsFitTheCellBox(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	var mu sync.Mutex
	var boxes [][2]int
	svc.Thumbnail = func(_ context.Context, _ string, bw, bh int) (image.Image, error) {
		mu.Lock()
		boxes = append(boxes, [2]int{bw, bh})
		mu.Unlock()
		return image.NewRGBA(image.Rect(0, 0, bh*4/3, bh)), nil // a 4:3 photo
	}
	w := newTestWindow(t, svc)
	dropPhotos(w, writePhotos(t, t.TempDir(), 1)...)
	pump(t, "the thumbnail", func() bool {
		c := w.strip.cell(0)
		return c != nil && c.img.Image != nil
	})
	mu.Lock()
	box := boxes[0]
	mu.Unlock()
	if box != [2]int{thumbW, thumbH} {
		t.Fatalf("thumbnail asked at %v, want the cell's %dx%d", box, thumbW, thumbH)
	}
	c := w.strip.cell(0)
	b := c.img.Image.Bounds()
	if got := c.img.Size(); got.Width != float32(b.Dx()) || got.Height != float32(b.Dy()) {
		t.Fatalf("a %dx%d thumbnail is drawn at %vx%v", b.Dx(), b.Dy(), got.Width, got.Height)
	}
	// Centred in the box.
	if x := c.img.Position().X; x != 4+float32(thumbW-b.Dx())/2 {
		t.Fatalf("thumbnail at x=%v", x)
	}
}

// The editor's theme has no blur behind modal dialogs and is otherwise
// Fyne's.
func TestEditorThemeHasNoModalBlur(t *testing.T) {
	th := editorTheme{theme.DefaultTheme()}
	if r := theme.DefaultTheme().Size(theme.SizeNameModalBlurRadius); r == 0 {
		t.Fatal("Fyne's theme has no modal blur: the test shows nothing")
	}
	if r := th.Size(theme.SizeNameModalBlurRadius); r != 0 {
		t.Fatalf("modal blur radius %v", r)
	}
	if th.Size(theme.SizeNamePadding) != theme.DefaultTheme().Size(theme.SizeNamePadding) {
		t.Fatal("the padding differs from Fyne's")
	}
	a := test.NewTempApp(t)
	useEditorTheme(a)
	if r := widget.NewLabel("").Theme().Size(theme.SizeNameModalBlurRadius); r != 0 {
		t.Fatalf("the app's widgets get a modal blur radius of %v", r)
	}
}
