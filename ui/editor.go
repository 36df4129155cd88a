package ui

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slidereel/slidereel/project"
)

// Change says what an editor notification is about.
type Change uint

// Change kinds (a bit set).
const (
	// ChangeProject: the project's content changed (slides or settings).
	ChangeProject Change = 1 << iota
	// ChangeSelection: the selected slides changed.
	ChangeSelection
	// ChangeFile: the file path or the dirty mark changed.
	ChangeFile
	// ChangeTiming: the media durations changed (new timeline, same project).
	ChangeTiming
	// ChangeAll is every kind.
	ChangeAll = ChangeProject | ChangeSelection | ChangeFile | ChangeTiming
)

// Editor owns the project being edited, its undo history, the selection,
// the file path and the dirty flag. Every edit goes through it. It is used
// from the UI goroutine only and imports no Fyne, so it is tested directly.
type Editor struct {
	p    *project.Project
	path string
	// gen numbers project states; saved is the state on disk, so undoing
	// back to it clears the dirty mark.
	gen, nextGen, saved int
	undo, redo          []snapshot
	// coalesce is the key of the edit in progress that merges into one
	// undo step (a slider drag); "" when none.
	coalesce string
	sel      []int
	dur      project.MediaDurations
	tl       *project.Timeline
	listen   []func(Change)
}

type snapshot struct {
	p   *project.Project
	gen int
	sel []int
}

// maxUndo bounds the history; snapshots are small (no pixels).
const maxUndo = 500

// NewEditor edits p (a new project if nil) stored at path ("" = untitled).
func NewEditor(p *project.Project, path string) *Editor {
	if p == nil {
		p = project.New()
	}
	e := &Editor{p: p, path: path}
	e.tl = p.Timeline(e.dur)
	return e
}

// OnChange registers fn to be called after every change.
func (e *Editor) OnChange(fn func(Change)) { e.listen = append(e.listen, fn) }

func (e *Editor) notify(c Change) {
	if c&(ChangeProject|ChangeTiming) != 0 {
		e.tl = e.p.Timeline(e.dur)
	}
	for _, fn := range e.listen {
		fn(c)
	}
}

// Project returns the project. Callers must not modify it (use Edit) nor
// hand it to another goroutine (use Project().Clone()).
func (e *Editor) Project() *project.Project { return e.p }

// Timeline returns the project's timeline with the current media durations.
func (e *Editor) Timeline() *project.Timeline { return e.tl }

// Gen numbers the project's state: it changes with every edit, undo and redo.
func (e *Editor) Gen() int { return e.gen }

// Durations returns the media durations the timeline uses.
func (e *Editor) Durations() project.MediaDurations { return e.dur }

// SetDurations sets the measured media durations (from the background).
func (e *Editor) SetDurations(d project.MediaDurations) {
	e.dur = d
	e.notify(ChangeTiming)
}

// Path returns the project's file, "" if untitled.
func (e *Editor) Path() string { return e.path }

// Dirty reports unsaved changes.
func (e *Editor) Dirty() bool { return e.gen != e.saved }

// Name is the project's display name.
func (e *Editor) Name() string {
	if e.path == "" {
		return "Untitled"
	}
	return strings.TrimSuffix(filepath.Base(e.path), project.Ext)
}

// Title is the window title: name, a dot when dirty, and the app name.
func (e *Editor) Title() string {
	mark := ""
	if e.Dirty() {
		mark = "• "
	}
	return mark + e.Name() + " — Slidereel"
}

// Replace starts editing another project (New, Open, recovery): history,
// selection and durations are reset. dirty marks it as unsaved.
func (e *Editor) Replace(p *project.Project, path string, dirty bool) {
	e.p, e.path = p, path
	e.undo, e.redo, e.coalesce, e.sel = nil, nil, "", nil
	e.dur = project.MediaDurations{}
	e.nextGen++
	e.gen = e.nextGen
	e.saved = e.gen
	if dirty {
		e.saved = -1
	}
	if len(p.Slides) > 0 {
		e.sel = []int{0}
	}
	e.notify(ChangeAll)
}

// MarkSaved records that the current state is on disk at path.
func (e *Editor) MarkSaved(path string) {
	e.path = path
	e.saved = e.gen
	e.notify(ChangeFile)
}

// Edit applies fn to the project as one undoable step. If fn fails the
// project is restored and the error returned.
func (e *Editor) Edit(fn func(p *project.Project) error) error {
	e.coalesce = ""
	return e.edit(fn)
}

// EditMerged applies fn like Edit, but consecutive edits with the same key
// form one undo step until EndMerge (a slider drag is one step).
func (e *Editor) EditMerged(key string, fn func(p *project.Project) error) error {
	if key != "" && key == e.coalesce {
		before := e.p.Clone()
		if err := fn(e.p); err != nil {
			e.p = before
			return err
		}
		e.nextGen++
		e.gen = e.nextGen
		e.notify(ChangeProject | ChangeFile)
		return nil
	}
	err := e.edit(fn)
	if err == nil {
		e.coalesce = key
	}
	return err
}

// EndMerge ends the merged edit in progress.
func (e *Editor) EndMerge() { e.coalesce = "" }

func (e *Editor) edit(fn func(p *project.Project) error) error {
	before := snapshot{p: e.p.Clone(), gen: e.gen, sel: slices.Clone(e.sel)}
	if err := fn(e.p); err != nil {
		e.p = before.p
		return err
	}
	e.undo = append(e.undo, before)
	if len(e.undo) > maxUndo {
		e.undo = e.undo[len(e.undo)-maxUndo:]
	}
	e.redo = nil
	e.nextGen++
	e.gen = e.nextGen
	e.clampSelection()
	e.notify(ChangeProject | ChangeFile | ChangeSelection)
	return nil
}

// CanUndo reports whether there is an edit to undo.
func (e *Editor) CanUndo() bool { return len(e.undo) > 0 }

// CanRedo reports whether there is an undone edit to redo.
func (e *Editor) CanRedo() bool { return len(e.redo) > 0 }

// Undo reverts the last edit.
func (e *Editor) Undo() bool { return e.step(&e.undo, &e.redo) }

// Redo applies the last undone edit again.
func (e *Editor) Redo() bool { return e.step(&e.redo, &e.undo) }

// step restores the last state of history from (undo or redo), keeping the
// current one on to.
func (e *Editor) step(from, to *[]snapshot) bool {
	if len(*from) == 0 {
		return false
	}
	e.coalesce = ""
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, snapshot{p: e.p, gen: e.gen, sel: e.sel})
	e.p, e.gen, e.sel = s.p, s.gen, s.sel
	e.clampSelection()
	e.notify(ChangeAll &^ ChangeTiming)
	return true
}

// Selection returns the selected slide indices, ascending.
func (e *Editor) Selection() []int { return slices.Clone(e.sel) }

// Selected reports whether slide i is selected.
func (e *Editor) Selected(i int) bool {
	_, ok := slices.BinarySearch(e.sel, i)
	return ok
}

// Current returns the first selected slide, or -1.
func (e *Editor) Current() int {
	if len(e.sel) == 0 {
		return -1
	}
	return e.sel[0]
}

// Select replaces the selection.
func (e *Editor) Select(indices ...int) {
	e.sel = slices.Clone(indices)
	e.clampSelection()
	e.coalesce = ""
	e.notify(ChangeSelection)
}

// ToggleSelect adds slide i to the selection or removes it.
func (e *Editor) ToggleSelect(i int) {
	if e.Selected(i) {
		e.sel = slices.DeleteFunc(e.sel, func(j int) bool { return j == i })
	} else {
		e.sel = append(e.sel, i)
	}
	e.Select(e.sel...)
}

// SelectRange selects the slides from the current one to i.
func (e *Editor) SelectRange(i int) {
	from := e.Current()
	if from < 0 {
		from = i
	}
	lo, hi := min(from, i), max(from, i)
	var s []int
	for k := lo; k <= hi; k++ {
		s = append(s, k)
	}
	e.Select(s...)
}

func (e *Editor) clampSelection() {
	n := len(e.p.Slides)
	s := e.sel[:0:0]
	for _, i := range e.sel {
		if i >= 0 && i < n {
			s = append(s, i)
		}
	}
	slices.Sort(s)
	e.sel = slices.Compact(s)
}

// AddImages appends photos as new slides (after the selection, else at the
// end) and selects them.
func (e *Editor) AddImages(paths ...string) error {
	if len(paths) == 0 {
		return nil
	}
	at := len(e.p.Slides)
	if len(e.sel) > 0 {
		at = e.sel[len(e.sel)-1] + 1
	}
	var added []int
	err := e.Edit(func(p *project.Project) error {
		n := len(p.Slides)
		p.AddImages(paths...)
		idx := make([]int, len(paths))
		for k := range idx {
			idx[k] = n + k
		}
		added = p.Move(at, idx...)
		return nil
	})
	if err == nil {
		e.Select(added...)
	}
	return err
}

// MoveTo moves the given slides so they start at slot, a gap index in the
// current list (0 = before the first slide, len = after the last).
func (e *Editor) MoveTo(slot int, indices ...int) error {
	if len(indices) == 0 {
		return nil
	}
	before := 0
	for _, i := range indices {
		if i < slot {
			before++
		}
	}
	return e.MoveIndex(slot-before, indices...)
}

// errNoChange aborts an edit that would change nothing (no undo step).
var errNoChange = errors.New("no change")

// MoveIndex moves the given slides so that the first of them lands at
// index to of the list without them (project.Move's rule).
func (e *Editor) MoveIndex(to int, indices ...int) error {
	var moved []int
	old := slices.Clone(indices)
	slices.Sort(old)
	err := e.Edit(func(p *project.Project) error {
		moved = p.Move(to, indices...)
		if slices.Equal(moved, old) {
			return errNoChange
		}
		return nil
	})
	if err == errNoChange {
		return nil
	}
	if err == nil {
		e.Select(moved...)
	}
	return err
}

// MoveSelection moves the selected slides one place left (delta -1) or
// right (+1).
func (e *Editor) MoveSelection(delta int) error {
	if len(e.sel) == 0 {
		return nil
	}
	if delta < 0 {
		return e.MoveTo(max(0, e.sel[0]-1), e.sel...)
	}
	return e.MoveTo(min(len(e.p.Slides), e.sel[len(e.sel)-1]+2), e.sel...)
}

// DeleteSelection removes the selected slides and selects the one after.
func (e *Editor) DeleteSelection() error {
	if len(e.sel) == 0 {
		return nil
	}
	first := e.sel[0]
	sel := e.Selection()
	err := e.Edit(func(p *project.Project) error {
		p.Delete(sel...)
		return nil
	})
	if err == nil && len(e.p.Slides) > 0 {
		e.Select(min(first, len(e.p.Slides)-1))
	}
	return err
}

// DuplicateSelection copies the selected slides and selects the copies.
func (e *Editor) DuplicateSelection() error {
	if len(e.sel) == 0 {
		return nil
	}
	sel := e.Selection()
	var copies []int
	err := e.Edit(func(p *project.Project) error {
		copies = p.Duplicate(sel...)
		return nil
	})
	if err == nil {
		e.Select(copies...)
	}
	return err
}
