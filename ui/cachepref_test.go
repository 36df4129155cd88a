package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// overlayWidgets lists the objects of the window's dialogs.
func overlayWidgets(c fyne.Canvas) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		out = append(out, o)
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
	return out
}

// cacheSelect is the export dialog's segment cache size.
func cacheSelect(t *testing.T, c fyne.Canvas) *widget.Select {
	t.Helper()
	for _, o := range overlayWidgets(c) {
		if s, ok := o.(*widget.Select); ok && len(s.Options) > 0 && s.Options[0] == cacheSizeChoices[0] {
			return s
		}
	}
	t.Fatal("no segment cache size in the export dialog")
	return nil
}

// TestExportCacheSetting: the segment cache size comes from the
// preferences, a new choice is stored and reaches the export's options,
// and Clear cache says how much it freed.
func TestExportCacheSetting(t *testing.T) {
	var mu sync.Mutex
	var got []ExportOptions
	svc := fakeServices(&fakeRenderer{})
	svc.Export = func(_ context.Context, _ *project.Project, opt ExportOptions, _ func(ExportProgress)) error {
		mu.Lock()
		got = append(got, opt)
		mu.Unlock()
		return nil
	}
	svc.ClearCache = func(context.Context) (int64, error) { return 3 << 30, nil }
	w := newTestWindow(t, svc)
	dir := t.TempDir()
	dropPhotos(w, writePhotos(t, dir, 2)...)
	prefs := w.app.Preferences()

	w.exp.dialog()
	if sel := cacheSelect(t, w.win.Canvas()); sel.Selected != "5" {
		t.Fatalf("default cache size %q GB, want 5", sel.Selected)
	}
	test.Tap(findButton(w.win.Canvas(), "Cancel"))

	prefs.SetFloat(prefCacheGB, 12)
	w.exp.dialog()
	sel := cacheSelect(t, w.win.Canvas())
	if sel.Selected != "12" {
		t.Fatalf("cache size %q GB, want the stored 12", sel.Selected)
	}
	sel.SetSelected("20")
	for _, o := range overlayWidgets(w.win.Canvas()) {
		if e, ok := o.(*widget.Entry); ok && strings.HasSuffix(e.Text, ".mp4") {
			e.SetText(filepath.Join(dir, "out.mp4"))
		}
	}
	test.Tap(findButton(w.win.Canvas(), "Export"))
	pump(t, "the export to finish", func() bool { return w.exp.done != nil && !w.exp.running() })
	mu.Lock()
	if len(got) != 1 || got[0].CacheSize != 20<<30 {
		t.Errorf("export options %+v, want CacheSize %d", got, int64(20<<30))
	}
	mu.Unlock()
	if v := prefs.Float(prefCacheGB); v != 20 {
		t.Errorf("stored cache size %v GB, want 20", v)
	}

	w.exp.dialog()
	if sel := cacheSelect(t, w.win.Canvas()); sel.Selected != "20" {
		t.Errorf("reopened dialog shows %q GB, want 20", sel.Selected)
	}
	test.Tap(findButton(w.win.Canvas(), "Clear cache"))
	pump(t, "the cache to be cleared", func() bool { return strings.Contains(w.status.Text, "freed") })
	if want := "Cleared the segment cache: 3.0 GB freed."; w.status.Text != want {
		t.Errorf("status %q, want %q", w.status.Text, want)
	}
}
