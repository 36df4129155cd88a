package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// The one seam where background goroutines meet widgets: every callback
// from a worker (thumbnails, preview frames, durations, mix, export
// progress, autosave) reaches the UI through onUI or onUIWait. Nothing
// else in ui calls fyne.Do.

// dispatch runs f on the UI goroutine, waiting for it if wait is set.
// Tests replace it with a queue they drain on their own goroutine (the
// Fyne test driver would run f inline on the worker).
var dispatch = func(f func(), wait bool) {
	if wait {
		fyne.DoAndWait(f)
	} else {
		fyne.Do(f)
	}
}

// onUI runs f on the UI goroutine, without waiting.
func onUI(f func()) { dispatch(f, false) }

// onUIWait runs f on the UI goroutine and returns when it has run.
func onUIWait(f func()) { dispatch(f, true) }

// afterFrame runs f on the UI goroutine after the window has drawn the
// frame in the making. Fyne's loop handles the input and paints the window
// in one tick and runs queued callbacks between ticks, so f, queued by an
// input's handler, starts after the answer to that input is on screen.
// Work that would take the cores from that paint (a preview render, photo
// decodes) is started through it.
func afterFrame(f func()) { onUI(f) }

// everyOnUI runs f on the UI goroutine every d until stop is closed.
func everyOnUI(d time.Duration, stop <-chan struct{}, f func()) {
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				onUI(f)
			}
		}
	}()
}
