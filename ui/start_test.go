package ui

import (
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/assets"
)

func TestStartOpensArgThenRecentThenDemo(t *testing.T) {
	demo := t.TempDir()
	w := newFakeWindow(t)
	w.start(nil, demo)
	want := filepath.Join(demo, assets.DemoProjectName)
	if w.ed.Path() != want || len(w.ed.Project().Slides) == 0 {
		t.Fatalf("first start opened %q with %d slides, want the demo", w.ed.Path(), len(w.ed.Project().Slides))
	}
	if w.win.Title() != "demo — Slidereel" {
		t.Fatalf("title %q", w.win.Title())
	}

	// Save a project elsewhere: the next start reopens it.
	dir := t.TempDir()
	w.files.newProject()
	dropPhotos(w, writePhotos(t, dir, 2)...)
	mine := filepath.Join(dir, "mine.project")
	if !w.files.saveTo(mine) {
		t.Fatal("save failed")
	}
	w2 := newEditorWindow(w.app, fakeServices(&fakeRenderer{}))
	t.Cleanup(func() { w2.files.stopAutosave(); w2.cancel() })
	w2.start(nil, demo)
	if w2.ed.Path() != mine || len(w2.ed.Project().Slides) != 2 {
		t.Fatalf("second start opened %q, want the last project %q", w2.ed.Path(), mine)
	}

	// A file given on the command line wins.
	w3 := newEditorWindow(w.app, fakeServices(&fakeRenderer{}))
	t.Cleanup(func() { w3.files.stopAutosave(); w3.cancel() })
	w3.start([]string{want}, demo)
	if w3.ed.Path() != want {
		t.Fatalf("start with an argument opened %q", w3.ed.Path())
	}
}
