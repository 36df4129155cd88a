package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The segment cache setting of the export dialog: the cache's bound in GB
// (1 GB = 2^30 bytes here, as export counts), kept in the app's
// preferences, and a button that empties the cache.
const (
	prefCacheGB    = "segmentCacheGB"
	defaultCacheGB = 5.0
)

var cacheSizeChoices = []string{"1", "2", "5", "10", "20", "50", "100"}

// cacheRow makes the dialog's "Segment cache" row; fill shows the bound
// stored in the preferences (at each opening), size stores the chosen
// bound there and returns it in bytes.
func (x *exportRun) cacheRow() (row fyne.CanvasObject, fill func(), size func() int64) {
	prefs := x.w.app.Preferences()
	sel := widget.NewSelect(nil, nil)
	fill = func() {
		gb := prefs.FloatWithFallback(prefCacheGB, defaultCacheGB)
		if !(gb > 0) {
			gb = defaultCacheGB
		}
		selectOrAdd(sel, cacheSizeChoices, strconv.FormatFloat(gb, 'f', -1, 64))
	}
	fill()
	clearB := widget.NewButtonWithIcon("Clear cache", theme.DeleteIcon(), nil)
	clearB.OnTapped = func() { x.clearCache(clearB) }
	if x.w.svc.ClearCache == nil {
		clearB.Disable()
	}
	size = func() int64 {
		v, err := strconv.ParseFloat(sel.Selected, 64)
		if err != nil || !(v > 0) {
			v = defaultCacheGB
		}
		prefs.SetFloat(prefCacheGB, v)
		return int64(v * (1 << 30))
	}
	return container.NewHBox(sel, widget.NewLabel("GB"), clearB), fill, size
}

// clearCache empties the segment cache in the background and says how much
// it freed.
func (x *exportRun) clearCache(b *widget.Button) {
	w := x.w
	b.Disable()
	clearFn, ctx := w.svc.ClearCache, w.ctx
	go func() {
		freed, err := clearFn(ctx)
		onUI(func() {
			b.Enable()
			if err != nil {
				dialog.ShowError(fmt.Errorf("clearing the segment cache: %w", err), w.win)
				return
			}
			msg := "Cleared the segment cache: " + formatBytes(freed) + " freed."
			w.setStatus(msg)
			dialog.ShowInformation("Segment cache", msg, w.win)
		})
	}()
}

// formatBytes writes n as GB, MB or KB with one decimal (powers of 1024).
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
