package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestEveryFileDialogOpens opens each file and folder dialog the editor
// offers; each must show without a panic.
func TestEveryFileDialogOpens(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 1)...)
	w.ed.Select(0)
	for name, open := range map[string]func(){
		"open":       w.files.open,
		"save as":    func() { w.files.saveAs(nil) },
		"add photos": w.files.addPhotos,
		"add folder": w.files.addFolder,
		"relink":     w.files.relink,
		"music":      w.insp.chooseMusic,
		"narration":  w.insp.chooseNarration,
		"export":     w.exp.dialog,
	} {
		w.ed.MarkSaved("") // no unsaved-changes prompt in front
		before := len(w.win.Canvas().Overlays().List())
		open()
		if len(w.win.Canvas().Overlays().List()) != before+1 {
			t.Errorf("%s: no dialog shown", name)
		}
		if name == "export" {
			// Built once and shown again: closed as a user closes it.
			test.Tap(findButton(w.win.Canvas(), "Cancel"))
			continue
		}
		w.win.Canvas().Overlays().Top().Hide()
		w.win.Canvas().Overlays().Remove(w.win.Canvas().Overlays().Top())
	}
	// The export dialog's Browse opens a save dialog too.
	w.exp.dialog()
	browse := findIconButton(w.win.Canvas().Overlays().Top())
	if browse == nil {
		t.Fatal("no browse button in the export dialog")
	}
	n := len(w.win.Canvas().Overlays().List())
	test.Tap(browse)
	if len(w.win.Canvas().Overlays().List()) != n+1 {
		t.Fatal("browse showed no dialog")
	}
}
