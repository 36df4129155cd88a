package ui

import "fyne.io/fyne/v2"

// enableIf enables the widgets when on, else disables them.
func enableIf(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		either(on, w.Enable, w.Disable)
	}
}

// showIf shows the objects when on, else hides them.
func showIf(on bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		either(on, o.Show, o.Hide)
	}
}

// either calls yes when on, else no.
func either(on bool, yes, no func()) {
	if on {
		yes()
	} else {
		no()
	}
}
