package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// warnBar shows project.TimingWarnings above the status bar with a button
// per fix; it is hidden when there is nothing to say.
type warnBar struct {
	w     *editorWindow
	label *widget.Label
	fixes *fyne.Container
	root  *fyne.Container
	text  string
}

func newWarnBar(w *editorWindow) *warnBar {
	b := &warnBar{w: w}
	b.label = widget.NewLabel("")
	b.label.Wrapping = fyne.TextWrapWord
	b.label.Importance = widget.WarningImportance
	b.fixes = container.NewHBox()
	icon := widget.NewIcon(theme.WarningIcon())
	b.root = container.NewBorder(nil, nil, icon, b.fixes, b.label)
	b.root.Hide()
	return b
}

// update shows the current project's warnings.
func (b *warnBar) update() {
	ed := b.w.ed
	ws := project.TimingWarnings(ed.Project(), ed.Timeline())
	if len(ws) == 0 {
		b.text = ""
		b.root.Hide()
		return
	}
	if ws[0].Text == b.text && b.root.Visible() {
		return
	}
	b.text = ws[0].Text
	b.label.SetText(ws[0].Text)
	b.fixes.RemoveAll()
	for _, f := range ws[0].Fixes {
		btn := widget.NewButton(f.Label(), func() { b.apply(f) })
		b.fixes.Add(btn)
	}
	b.root.Show()
}

// apply applies a fix as one undoable edit.
func (b *warnBar) apply(f project.Fix) {
	tl := b.w.ed.Timeline()
	if err := b.w.ed.Edit(func(p *project.Project) error { return p.ApplyFix(f, tl) }); err != nil {
		b.w.setStatus(err.Error())
		return
	}
	b.w.setStatus(f.Label() + ": done (Ctrl+Z undoes it).")
}
