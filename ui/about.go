package ui

import (
	"runtime"
	"runtime/debug"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// appVersion is Slidereel's version (as in FyneApp.toml).
const appVersion = "0.1.0"

// versionText is the version with the commit it was built from, if known.
func versionText() string {
	var v strings.Builder
	v.WriteString(appVersion)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				v.WriteString(" (" + s.Value[:7] + ")")
			}
		}
	}
	return v.String()
}

// showAbout shows the version, the licences and the ffmpeg found.
func (w *editorWindow) showAbout() {
	ff := widget.NewLabel("ffmpeg: looking…")
	ff.Wrapping = fyne.TextWrapWord
	if probe := w.svc.FFmpegVersion; probe != nil {
		ctx := w.ctx
		go func() {
			v, err := probe(ctx)
			onUI(func() {
				if err != nil {
					ff.SetText("ffmpeg: not found (" + err.Error() + "); export needs it on the PATH")
				} else {
					ff.SetText(v)
				}
			})
		}()
	}
	lic := widget.NewLabel("Slidereel has not declared a licence yet (no LICENSE file in this build).\n" +
		"Built with Fyne (BSD-3-Clause); the face finder's cascade is MIT (see assets/facefinder.NOTICE).")
	lic.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(
		widget.NewLabelWithStyle("Slidereel "+versionText(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("Turn photos and sound into an MP4 slideshow."),
		widget.NewLabel("Go "+runtime.Version()+", "+runtime.GOOS+"/"+runtime.GOARCH),
		ff, lic,
	)
	d := dialog.NewCustom("About Slidereel", "Close", container.NewGridWrap(fyne.NewSize(460, body.MinSize().Height+40), body), w.win)
	d.Show()
}
