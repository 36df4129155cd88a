package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/project"
)

func newTestEditor(n int) *Editor {
	p := project.New()
	for i := range n {
		p.AddImages(string(rune('a'+i)) + ".jpg")
	}
	return NewEditor(p, "")
}

func order(p *project.Project) string {
	var s strings.Builder
	for _, sl := range p.Slides {
		s.WriteString(sl.Image.Path[:1])
	}
	return s.String()
}

func TestEditorMoveDeleteDuplicateUndo(t *testing.T) {
	e := newTestEditor(5) // abcde
	e.Select(1, 2)
	if err := e.MoveSelection(1); err != nil {
		t.Fatal(err)
	}
	if got := order(e.Project()); got != "adbce" {
		t.Fatalf("move right: %s, want adbce", got)
	}
	if got := e.Selection(); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("selection after move: %v", got)
	}
	if err := e.MoveTo(0, 2, 3); err != nil {
		t.Fatal(err)
	}
	if got := order(e.Project()); got != "bcade" {
		t.Fatalf("move to 0: %s, want bcade", got)
	}
	if err := e.MoveTo(5, 0); err != nil {
		t.Fatal(err)
	}
	if got := order(e.Project()); got != "cadeb" {
		t.Fatalf("move to end: %s, want cadeb", got)
	}
	e.Select(1)
	if err := e.DuplicateSelection(); err != nil {
		t.Fatal(err)
	}
	if got := order(e.Project()); got != "caadeb" {
		t.Fatalf("duplicate: %s", got)
	}
	e.Select(0, 5)
	if err := e.DeleteSelection(); err != nil {
		t.Fatal(err)
	}
	if got := order(e.Project()); got != "aade" {
		t.Fatalf("delete: %s", got)
	}
	want := []string{"caadeb", "cadeb", "bcade", "adbce", "abcde"}
	for _, w := range want {
		if !e.Undo() {
			t.Fatal("nothing to undo")
		}
		if got := order(e.Project()); got != w {
			t.Fatalf("undo: %s, want %s", got, w)
		}
	}
	if e.Undo() || e.Dirty() {
		t.Fatalf("after undoing everything: more undo or still dirty (%v)", e.Dirty())
	}
	for _, w := range []string{"adbce", "bcade"} {
		e.Redo()
		if got := order(e.Project()); got != w {
			t.Fatalf("redo: %s, want %s", got, w)
		}
	}
	if !e.Dirty() {
		t.Fatal("redo should make the project dirty")
	}
}

func TestEditorMoveNoOpIsNotAnEdit(t *testing.T) {
	e := newTestEditor(3)
	e.Select(0)
	if err := e.MoveSelection(-1); err != nil {
		t.Fatal(err)
	}
	if e.CanUndo() || e.Dirty() {
		t.Fatal("moving the first slide left changed something")
	}
}

func TestEditorMergedEditsAreOneUndoStep(t *testing.T) {
	e := newTestEditor(2)
	e.Select(0)
	for _, d := range []float64{3.5, 4, 4.5, 5} {
		if err := e.EditMerged("dur", func(p *project.Project) error {
			return p.SetOverride(project.FieldDuration, d, 0)
		}); err != nil {
			t.Fatal(err)
		}
	}
	e.EndMerge()
	_ = e.EditMerged("dur", func(p *project.Project) error { return p.SetOverride(project.FieldDuration, 6.0, 0) })
	if got := e.Project().Resolve(0).Duration; got != 6 {
		t.Fatalf("duration %v", got)
	}
	e.Undo()
	if got := e.Project().Resolve(0).Duration; got != 5 {
		t.Fatalf("after one undo: %v, want 5 (the first drag's end)", got)
	}
	e.Undo()
	if got := e.Project().Resolve(0).Duration; got != project.DefaultDuration {
		t.Fatalf("after two undos: %v, want the default", got)
	}
	if e.CanUndo() {
		t.Fatal("a drag made more than one undo step")
	}
}

func TestEditorFailedEditRestores(t *testing.T) {
	e := newTestEditor(2)
	err := e.Edit(func(p *project.Project) error {
		p.Slides = nil
		return p.SetOverride(project.FieldDuration, "bad", 0)
	})
	if err == nil {
		t.Fatal("no error")
	}
	if len(e.Project().Slides) != 2 || e.CanUndo() || e.Dirty() {
		t.Fatal("a failed edit left traces")
	}
}

func TestEditorTitleAndSaved(t *testing.T) {
	e := NewEditor(nil, "")
	if e.Title() != "Untitled — Slidereel" {
		t.Fatalf("title %q", e.Title())
	}
	var changes []Change
	e.OnChange(func(c Change) { changes = append(changes, c) })
	_ = e.AddImages("x.jpg")
	if e.Title() != "• Untitled — Slidereel" {
		t.Fatalf("dirty title %q", e.Title())
	}
	e.MarkSaved("/tmp/trip.project")
	if e.Title() != "trip — Slidereel" {
		t.Fatalf("saved title %q", e.Title())
	}
	if len(changes) == 0 || changes[len(changes)-1]&ChangeFile == 0 {
		t.Fatalf("no file change notified: %v", changes)
	}
	e.Undo()
	if !e.Dirty() {
		t.Fatal("undo past the save point is not dirty")
	}
	e.Redo()
	if e.Dirty() {
		t.Fatal("redo back to the save point is dirty")
	}
}

func TestEditorSelection(t *testing.T) {
	e := newTestEditor(6)
	e.Select(4)
	e.SelectRange(1)
	if got := e.Selection(); !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Fatalf("range: %v", got)
	}
	e.ToggleSelect(2)
	if got := e.Selection(); !slices.Equal(got, []int{1, 3, 4}) {
		t.Fatalf("toggle: %v", got)
	}
	e.Select(9, -1, 3, 3)
	if got := e.Selection(); !slices.Equal(got, []int{3}) {
		t.Fatalf("clamped: %v", got)
	}
}
