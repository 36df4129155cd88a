package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Unreadable files are offered unticked, with the reason, and skipped
// (named) when dropped.
func TestUnreadablePhotosAreCheckedWhenAdded(t *testing.T) {
	w := newTestWindow(t, fakeServices(&fakeRenderer{}))
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
	w := newTestWindow(t, fakeServices(&fakeRenderer{}))
	photos := writePhotos(t, t.TempDir(), 2)
	w.start(photos, "")
	if got := imagesOf(w.ed.Project()); !slices.Equal(got, []string{"a.png", "b.png"}) {
		t.Fatalf("started with %v", got)
	}
	if w.ed.Path() != "" {
		t.Fatalf("the project is %q, want a new untitled one", w.ed.Path())
	}
}
