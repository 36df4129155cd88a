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

// findButton finds a button by its text in the window's overlays (dialogs).
func findButton(c fyne.Canvas, text string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
			return
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(v).Objects() {
				walk(ch)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return found
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
	var dest *widget.Entry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Entry:
			if strings.HasSuffix(v.Text, ".mp4") {
				dest = v
			}
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(v).Objects() {
				walk(ch)
			}
		}
	}
	for _, o := range w.win.Canvas().Overlays().List() {
		walk(o)
	}
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

func findButtonIn(c *fyne.Container, text string) *widget.Button {
	for _, o := range c.Objects {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				return v
			}
		case *fyne.Container:
			if b := findButtonIn(v, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// findIconButton finds the first button without text (an icon button).
func findIconButton(o fyne.CanvasObject) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == "" {
				found = v
			}
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(v).Objects() {
				walk(ch)
			}
		}
	}
	walk(o)
	return found
}
