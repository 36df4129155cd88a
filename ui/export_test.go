package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// needFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var needFFmpeg = testmedia.NeedFFmpeg

// findObject returns the first object under o (containers and widgets'
// renderers, depth first) that match accepts, or nil.
func findObject(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if o == nil {
		return nil
	}
	if match(o) {
		return o
	}
	var children []fyne.CanvasObject
	switch v := o.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(v).Objects()
	}
	for _, ch := range children {
		if found := findObject(ch, match); found != nil {
			return found
		}
	}
	return nil
}

// findInOverlays is findObject over the window's overlays (dialogs).
func findInOverlays(c fyne.Canvas, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	for _, o := range c.Overlays().List() {
		if found := findObject(o, match); found != nil {
			return found
		}
	}
	return nil
}

// buttonText matches a button with the given text.
func buttonText(text string) func(fyne.CanvasObject) bool {
	return func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == text
	}
}

// findButton finds a button by its text in the window's overlays (dialogs).
func findButton(c fyne.Canvas, text string) *widget.Button {
	b, _ := findInOverlays(c, buttonText(text)).(*widget.Button)
	return b
}

func TestExportDialogStartAndCancel(t *testing.T) {
	needFFmpeg(t)
	w := newTestWindow(t, realServices())
	dir := t.TempDir()
	dropPhotos(w, writePhotos(t, dir, 2)...)
	_ = w.ed.Edit(func(p *project.Project) error {
		p.Output.Width, p.Output.Height = 320, 180
		return p.SetDefault(project.FieldDuration, 20.0, true)
	})
	out := filepath.Join(dir, "tiny.mp4")

	w.exp.dialog()
	start := findButton(w.win.Canvas(), "Export")
	if start == nil {
		t.Fatal("no Export button in the export dialog")
	}
	// Point the destination entry at the temp folder.
	dest, _ := findInOverlays(w.win.Canvas(), func(o fyne.CanvasObject) bool {
		e, ok := o.(*widget.Entry)
		return ok && strings.HasSuffix(e.Text, ".mp4")
	}).(*widget.Entry)
	if dest == nil {
		t.Fatal("no destination entry")
	}
	dest.SetText(out)
	test.Tap(start)
	if !w.exp.running() || !w.exp.panel.Visible() {
		t.Fatal("the export did not start")
	}
	done := w.exp.done
	pump(t, "the first progress report", func() bool { return strings.Contains(w.exp.label.Text, "frames") })

	// The window stays usable while exporting.
	w.ed.Select(0)
	_ = w.ed.DuplicateSelection()
	if len(w.ed.Project().Slides) != 3 {
		t.Fatal("editing during the export failed")
	}

	test.Tap(findButtonIn(w.exp.panel, "Cancel"))
	pump(t, "the export to stop", func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
	if !errors.Is(w.exp.err, context.Canceled) {
		t.Fatalf("export ended with %v, want cancelled", w.exp.err)
	}
	if w.exp.running() || w.exp.panel.Visible() {
		t.Fatal("the progress panel is still up")
	}
	if w.status.Text != "Export cancelled." {
		t.Fatalf("status %q", w.status.Text)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a cancelled export left %s (%v)", out, err)
	}
}

// findButtonIn finds a button by its text under c.
func findButtonIn(c *fyne.Container, text string) *widget.Button {
	b, _ := findObject(c, buttonText(text)).(*widget.Button)
	return b
}

// findIconButton finds the first button without text (an icon button).
func findIconButton(o fyne.CanvasObject) *widget.Button {
	b, _ := findObject(o, buttonText("")).(*widget.Button)
	return b
}
