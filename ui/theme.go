package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// editorTheme is Fyne's theme without the blur behind modal dialogs. The
// blur is a full-window shader pass on every frame a dialog is open: with
// software GL (Mesa's llvmpipe, as under Xvfb or in a VM without a GPU)
// bench/editor_session.sh measured 120-320 ms for each such frame, so
// the export dialog took 0.5-1.4 s to appear and Escape 0.4-0.8 s to
// close it. The dimmed background stays.
type editorTheme struct{ fyne.Theme }

// Size is the wrapped theme's size, 0 for the modal blur radius.
func (t editorTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameModalBlurRadius {
		return 0
	}
	return t.Theme.Size(n)
}

// useEditorTheme makes a's theme Fyne's default without the modal blur.
func useEditorTheme(a fyne.App) {
	a.Settings().SetTheme(editorTheme{theme.DefaultTheme()})
}
