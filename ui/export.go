package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// exportRun is the export dialog and the export running in the
// background: its progress shows in a bar at the bottom of the window,
// which stays usable; Cancel stops it.
type exportRun struct {
	w      *editorWindow
	panel  *fyne.Container
	bar    *widget.ProgressBar
	label  *widget.Label
	cancel context.CancelFunc
	// done is closed when the running export has finished (for tests).
	done chan struct{}
	// err is the last export's result.
	err error
	// dlg is the export dialog, once built.
	dlg *exportDialog
}

// defaultEncoder is offered until the probe of the others is done.
const defaultEncoder = "libx264"

// exportChoice is what the dialog asks for.
type exportChoice struct {
	preset  preset
	fps     int
	output  string
	replace bool // the user agreed to replace an existing file
	quality string
	encoder string
	// cacheSize is the segment cache's bound in bytes.
	cacheSize int64
}

// buildPanel makes the progress strip (hidden until an export runs).
func (x *exportRun) buildPanel() fyne.CanvasObject {
	x.bar = widget.NewProgressBar()
	x.label = widget.NewLabel("")
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), x.stop)
	x.panel = container.NewBorder(nil, nil, widget.NewLabelWithStyle("Exporting", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(x.label, cancel), x.bar)
	x.panel.Hide()
	return x.panel
}

// running reports whether an export is in progress.
func (x *exportRun) running() bool { return x.cancel != nil }

// exportDialog is the export dialog, built once (ahead of time, see
// prepare) and shown again with the project's values at each opening:
// building it took a few ms, but probing the encoders on every opening
// started ffmpeg processes that competed with the dialog's first paint.
type exportDialog struct {
	d         dialog.Dialog
	presetSel *widget.Select
	fpsSel    *widget.Select
	dest      *widget.Entry
	quality   *widget.Select
	encoder   *widget.Select
	length    *widget.Label
	cacheSize func() int64
	fillCache func()
	// output is the default destination it was last filled with.
	output string
}

// prepare builds the export dialog and probes the encoders, so that the
// first opening only shows it. The window calls it once the first
// preview frame is on screen.
func (x *exportRun) prepare() {
	if x.dlg == nil {
		x.dlg = x.buildDialog()
	}
}

// dialog asks for the preset and the destination, then starts the export.
func (x *exportRun) dialog() {
	w := x.w
	if x.running() {
		dialog.ShowInformation("Export", "An export is already running.", w.win)
		return
	}
	if len(w.ed.Project().Slides) == 0 {
		dialog.ShowInformation("Export", "Add some photos first.", w.win)
		return
	}
	x.prepare()
	x.dlg.fill(w.ed.Project(), w.ed.Timeline(), x.defaultOutput())
	x.dlg.d.Show()
}

// fill shows the project's output format, rate and length; the
// destination follows the project's name unless it was changed.
func (e *exportDialog) fill(p *project.Project, tl *project.Timeline, output string) {
	selectOrAdd(e.presetSel, presetNames(), presetName(p.Output.Width, p.Output.Height))
	selectOrAdd(e.fpsSel, fpsChoices, fmt.Sprint(int(p.Output.FPS)))
	if e.dest.Text == "" || e.dest.Text == e.output {
		e.dest.SetText(output)
	}
	e.output = output
	e.length.SetText(formatTime(tl.Seconds()))
	e.fillCache()
}

// buildDialog makes the export dialog (hidden) and starts the encoder
// probe.
func (x *exportRun) buildDialog() *exportDialog {
	w := x.w
	e := &exportDialog{presetSel: widget.NewSelect(nil, nil), fpsSel: widget.NewSelect(nil, nil), dest: widget.NewEntry()}
	dest := e.dest
	browse := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil || wc == nil {
				return
			}
			path := wc.URI().Path()
			wc.Close()
			removeIfEmpty(path) // the dialog created it; the export writes it
			if !strings.EqualFold(filepath.Ext(path), ".mp4") {
				path += ".mp4"
			}
			dest.SetText(path)
		}, w.win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".mp4"}))
		d.SetFileName(filepath.Base(dest.Text))
		if u, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(dest.Text))); err == nil {
			d.SetLocation(u)
		}
		showFileDialog(d)
	})
	e.quality = widget.NewSelect(w.svc.Qualities, nil)
	if len(w.svc.Qualities) > 0 {
		e.quality.SetSelected(w.svc.Qualities[0])
	}
	e.encoder = x.encoderSelect()
	e.length = widget.NewLabel("")
	cacheRow, fillCache, cacheSize := x.cacheRow()
	e.cacheSize, e.fillCache = cacheSize, fillCache
	form := widget.NewForm(
		widget.NewFormItem("Format", e.presetSel),
		widget.NewFormItem("Frame rate", e.fpsSel),
		widget.NewFormItem("Quality", e.quality),
		widget.NewFormItem("Encoder", e.encoder),
		widget.NewFormItem("Save to", container.NewBorder(nil, nil, nil, browse, dest)),
		widget.NewFormItem("Length", e.length),
		widget.NewFormItem("Segment cache", cacheRow),
	)
	e.d = dialog.NewCustomConfirm("Export video", "Export", "Cancel", form, func(ok bool) {
		if ok {
			x.confirmed(e)
		}
	}, w.win)
	e.d.Resize(fyne.NewSize(620, 0))
	return e
}

// encoderSelect offers the software encoder at once and the others when
// their probe (in the background) is done.
func (x *exportRun) encoderSelect() *widget.Select {
	encoder := widget.NewSelect([]string{defaultEncoder}, nil)
	encoder.SetSelected(defaultEncoder)
	probe := x.w.svc.Encoders
	if probe == nil {
		return encoder
	}
	ctx := x.w.ctx
	go func() {
		list := probe(ctx)
		onUI(func() {
			if len(list) > 0 {
				encoder.SetOptions(list)
				if !slices.Contains(list, encoder.Selected) {
					encoder.SetSelected(list[0])
				}
			}
		})
	}()
	return encoder
}

// confirmed starts the export the dialog was filled in for.
func (x *exportRun) confirmed(e *exportDialog) {
	p := x.w.ed.Project()
	c := exportChoice{output: strings.TrimSpace(e.dest.Text), quality: e.quality.Selected, encoder: e.encoder.Selected, cacheSize: e.cacheSize()}
	for _, pr := range presets {
		if pr.name == e.presetSel.Selected {
			c.preset = pr
		}
	}
	if c.preset.w == 0 {
		c.preset = preset{w: p.Output.Width, h: p.Output.Height}
	}
	fmt.Sscan(e.fpsSel.Selected, &c.fps)
	x.start(c)
}

// defaultOutput is the project's name as .mp4 next to it (or in the home
// folder's Videos for an untitled project).
func (x *exportRun) defaultOutput() string {
	ed := x.w.ed
	cfg, _ := os.UserConfigDir()
	if p := ed.Path(); p != "" && (cfg == "" || !strings.HasPrefix(p, cfg+string(filepath.Separator))) {
		return strings.TrimSuffix(p, project.Ext) + ".mp4"
	}
	dir, _ := os.UserHomeDir()
	if v := filepath.Join(dir, "Videos"); isDir(v) {
		dir = v
	}
	name := "slideshow"
	if ed.Path() != "" {
		name = ed.Name()
	}
	return filepath.Join(dir, name+".mp4")
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func removeIfEmpty(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		os.Remove(path)
	}
}

// start runs the export of a copy of the project in the background.
func (x *exportRun) start(c exportChoice) {
	w := x.w
	if w.svc.Export == nil {
		dialog.ShowError(errors.New("export is not available in this build"), w.win)
		return
	}
	if c.output == "" {
		dialog.ShowError(errors.New("choose where to save the video"), w.win)
		return
	}
	if !strings.EqualFold(filepath.Ext(c.output), ".mp4") {
		c.output += ".mp4"
	}
	if _, err := os.Stat(c.output); err == nil && !c.replace {
		msg := fmt.Sprintf("%s already exists in %s.\nReplace it with the new video?", filepath.Base(c.output), filepath.Dir(c.output))
		dialog.ShowConfirm("Replace the video?", msg, func(ok bool) {
			if ok {
				c.replace = true
				x.start(c)
			}
		}, w.win)
		return
	}
	p := w.ed.Project().Clone()
	p.Output.Width, p.Output.Height = c.preset.w, c.preset.h
	if c.fps > 0 {
		p.Output.FPS = project.FPS(c.fps)
	}
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan struct{})
	x.cancel, x.done, x.err = cancel, done, nil
	x.bar.SetValue(0)
	x.label.SetText("Starting…")
	x.panel.Show()
	started := time.Now()
	// The export takes every core from its first moment: it starts once
	// the window has drawn the progress panel, not before.
	afterFrame(func() { go x.run(ctx, p, c, done, started) })
}

// run exports p as c asks and reports through onUI; done is closed when it
// has finished.
func (x *exportRun) run(ctx context.Context, p *project.Project, c exportChoice, done chan struct{}, started time.Time) {
	export := x.w.svc.Export // set once, when the window is built
	err := export(ctx, p, ExportOptions{Output: c.output, Quality: c.quality, Encoder: c.encoder, CacheSize: c.cacheSize}, func(pr ExportProgress) {
		onUI(func() {
			if x.done != done {
				return
			}
			x.progress(pr)
		})
	})
	onUI(func() {
		x.finish(c.output, err, time.Since(started))
		close(done)
	})
}

func (x *exportRun) progress(pr ExportProgress) {
	if pr.Total > 0 {
		x.bar.SetValue(float64(pr.Frame) / float64(pr.Total))
	}
	eta := "…"
	if pr.ETA > 0 {
		eta = formatDuration(pr.ETA) + " left"
	}
	text := fmt.Sprintf("%d / %d frames · %.0f fps · %s", pr.Frame, pr.Total, pr.FPS, eta)
	if pr.Reused != "" {
		text += " · " + pr.Reused
	}
	x.label.SetText(text)
}

func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Hour {
		return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// stop cancels the running export.
func (x *exportRun) stop() {
	if x.cancel != nil {
		x.cancel()
		x.label.SetText("Cancelling…")
	}
}

func (x *exportRun) finish(output string, err error, took time.Duration) {
	w := x.w
	x.cancel = nil
	x.err = err
	x.panel.Hide()
	switch {
	case errors.Is(err, context.Canceled):
		w.setStatus("Export cancelled.")
	case err != nil:
		dialog.ShowError(fmt.Errorf("the export to %s failed: %w", output, err), w.win)
	default:
		w.setStatus(fmt.Sprintf("Exported %s in %s.", output, formatDuration(took)))
		x.showDone(output)
	}
}

// showDone offers to open the video or its folder.
func (x *exportRun) showDone(output string) {
	w := x.w
	var d dialog.Dialog
	open := widget.NewButtonWithIcon("Open", theme.MediaPlayIcon(), func() {
		d.Hide()
		x.openURL(output)
	})
	open.Importance = widget.HighImportance
	folder := widget.NewButtonWithIcon("Show in folder", theme.FolderOpenIcon(), func() {
		d.Hide()
		x.openURL(filepath.Dir(output))
	})
	closeB := widget.NewButton("Close", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Export finished",
		container.NewVBox(widget.NewLabel("The video is ready:\n"+output), container.NewHBox(closeB, folder, open)), w.win)
	d.Show()
}

func (x *exportRun) openURL(path string) {
	u := &url.URL{Scheme: "file", Path: path}
	if err := x.w.app.OpenURL(u); err != nil {
		dialog.ShowError(fmt.Errorf("opening %s: %w", path, err), x.w.win)
	}
}
