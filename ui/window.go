package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/assets"
	"github.com/slidereel/slidereel/project"
)

// editorWindow is the main window: it builds the views around one Editor
// and keeps them in step with it.
type editorWindow struct {
	app    fyne.App
	win    fyne.Window
	ed     *Editor
	svc    Services
	ctx    context.Context
	cancel context.CancelFunc

	thumbs *thumbCache
	strip  *filmstrip
	prev   *previewView
	wave   *waveform
	insp   *inspector
	kb     *kenBurnsView
	smart  *smartMotion
	sound  *soundEngine
	tabs   *container.AppTabs

	playBtn  *widget.Button
	timeLbl  *widget.Label
	totalLbl *widget.Label
	status   *widget.Label
	undoItem *fyne.MenuItem
	redoItem *fyne.MenuItem
	toolUndo *widget.Button
	toolRedo *widget.Button

	files *fileOps
	exp   *exportRun

	gate      *startGate // background work waits for the first preview frame
	bar       *timelineBar
	warn      *warnBar
	edge      *edgeDrag         // the slide boundary being dragged, if any
	statusGen int               // counts status messages, so a timer clears only its own
	missing   []project.Missing // the project's missing files, as of its last check
	missGen   int               // numbers the checks (checkMissing), so only the latest lands
}

// statusLinger is how long a message stays in the status bar before the
// project summary comes back.
const statusLinger = 8 * time.Second

// newEditorWindow builds the editor window in a (the real app or a test
// app) around svc.
func newEditorWindow(a fyne.App, svc Services) *editorWindow {
	ctx, cancel := context.WithCancel(context.Background())
	w := &editorWindow{app: a, svc: svc, ctx: ctx, cancel: cancel}
	w.win = a.NewWindow("Slidereel")
	w.ed = NewEditor(nil, "")
	w.gate = newStartGate()
	w.thumbs = newThumbCache(ctx, svc.Thumbnail)
	w.thumbs.gate = w.gate
	w.strip = newFilmstrip(w.ed, w.thumbs)
	w.prev = newPreviewView(ctx, w.ed, svc.NewRenderer)
	w.prev.onFrame = w.gate.open
	w.sound = newSoundEngine(w)
	w.wave = newWaveform(w.ed, func(frame int) { w.seek(frame) })
	w.smart = newSmartMotion(w)
	w.wave.onEdge = w.dragEdge
	w.bar = newTimelineBar(w.wave)
	w.insp = newInspector(w)
	w.kb = newKenBurnsView(w)
	w.files = newFileOps(w)
	w.exp = &exportRun{w: w}

	w.strip.onRelink = func(string) { w.files.relink() }
	w.strip.onAdd = w.files.addPhotos
	w.strip.onMenu = w.slideMenu
	w.ed.OnChange(w.changed)

	w.win.SetContent(w.layout())
	w.win.SetMainMenu(w.menu())
	w.shortcuts()
	w.win.SetOnDropped(w.dropped)
	w.win.SetCloseIntercept(w.requestClose)
	w.win.Resize(fyne.NewSize(1280, 800))
	w.changed(ChangeAll)
	// The export dialog is built once the first preview frame is up, so
	// its first opening only shows it.
	go func() {
		if w.gate.wait(ctx) {
			onUI(w.exp.prepare)
		}
	}()
	return w
}

// requestClose asks about a running export and unsaved changes, then quits.
func (w *editorWindow) requestClose() {
	if !w.exp.running() {
		w.files.confirmDiscard(w.quit)
		return
	}
	dialog.ShowConfirm("Export running", "An export is still running. Stop it and quit?", func(ok bool) {
		if ok {
			w.exp.stop()
			w.files.confirmDiscard(w.quit)
		}
	}, w.win)
}

// quit stops the background work and closes the window.
func (w *editorWindow) quit() {
	w.sound.close()
	w.files.stopAutosave()
	w.cancel()
	w.win.Close()
}

func (w *editorWindow) layout() fyne.CanvasObject {
	w.playBtn = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), w.togglePlay)
	w.playBtn.Importance = widget.HighImportance
	w.timeLbl = widget.NewLabel("0:00.0")
	w.timeLbl.TextStyle.Monospace = true
	w.totalLbl = widget.NewLabel("")
	w.totalLbl.TextStyle = fyne.TextStyle{Monospace: true}
	toStart := widget.NewButtonWithIcon("", theme.MediaSkipPreviousIcon(), func() { w.seek(0) })
	toEnd := widget.NewButtonWithIcon("", theme.MediaSkipNextIcon(), func() { w.seek(w.ed.Timeline().Frames - 1) })
	transport := container.NewHBox(toStart, w.playBtn, toEnd, w.timeLbl, widget.NewLabel("/"), w.totalLbl)

	stage := container.NewStack(canvas.NewRectangle(color.NRGBA{0x0c, 0x0c, 0x0e, 0xff}), w.prev)
	w.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Preview", theme.MediaVideoIcon(), stage),
		container.NewTabItemWithIcon("Ken Burns", theme.ViewFullScreenIcon(), w.kb.root),
	)
	w.tabs.OnSelected = func(*container.TabItem) { w.kb.refresh() }
	center := container.NewBorder(nil, container.NewPadded(transport), nil, nil, w.tabs)

	split := container.NewHSplit(center, w.insp.root)
	split.Offset = 0.66

	w.status = widget.NewLabel("")
	w.status.Truncation = fyne.TextTruncateEllipsis
	bottom := container.NewVBox(
		w.wave,
		container.NewBorder(nil, nil, nil, widget.NewCheck("Compact filmstrip", w.strip.SetCompact), w.bar.root),
		w.strip.root,
	)
	w.warn = newWarnBar(w)
	statusBar := container.NewVBox(w.warn.root, w.exp.buildPanel(), w.status)
	main := container.NewBorder(w.toolbar(), container.NewVBox(bottom, statusBar), nil, nil, split)
	return main
}

func (w *editorWindow) toolbar() fyne.CanvasObject {
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, f)
		b.Importance = widget.LowImportance
		return b
	}
	w.toolUndo = btn("", theme.ContentUndoIcon(), w.undo)
	w.toolRedo = btn("", theme.ContentRedoIcon(), w.redo)
	export := widget.NewButtonWithIcon("Export video…", theme.UploadIcon(), w.exp.dialog)
	export.Importance = widget.HighImportance
	sep := func() fyne.CanvasObject { return widget.NewSeparator() }
	left := container.NewHBox(
		btn("", theme.DocumentCreateIcon(), w.files.newProject),
		btn("", theme.FolderOpenIcon(), w.files.open),
		btn("", theme.DocumentSaveIcon(), func() { w.files.save(nil) }),
		sep(), w.toolUndo, w.toolRedo, sep(),
		btn("Add photos", theme.ContentAddIcon(), w.files.addPhotos),
		btn("Music", theme.MediaMusicIcon(), w.insp.chooseMusic),
		sep(),
		btn("", theme.NavigateBackIcon(), func() { w.ed.MoveSelection(-1) }),
		btn("", theme.NavigateNextIcon(), func() { w.ed.MoveSelection(1) }),
		btn("", theme.ContentCopyIcon(), func() { w.ed.DuplicateSelection() }),
		btn("", theme.DeleteIcon(), func() { w.ed.DeleteSelection() }),
	)
	return container.NewBorder(nil, widget.NewSeparator(), nil, container.NewPadded(export), left)
}

func shortcut(key fyne.KeyName, mods fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: mods}
}

const (
	ctrl      = fyne.KeyModifierShortcutDefault
	ctrlShift = fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
)

func (w *editorWindow) menu() *fyne.MainMenu {
	item := func(label string, sc fyne.Shortcut, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, traced(label, f))
		it.Shortcut = sc
		return it
	}
	// Quit asks about unsaved changes like closing the window does.
	quit := item("Quit", shortcut(fyne.KeyQ, ctrl), w.requestClose)
	quit.IsQuit = true
	recent := fyne.NewMenuItem("Open Recent", nil)
	recent.ChildMenu = fyne.NewMenu("")
	w.files.recentMenu = recent
	w.files.refreshRecent()
	file := fyne.NewMenu("File",
		item("New", shortcut(fyne.KeyN, ctrl), w.files.newProject),
		item("Open…", shortcut(fyne.KeyO, ctrl), w.files.open),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Save", shortcut(fyne.KeyS, ctrl), func() { w.files.save(nil) }),
		item("Save As…", shortcut(fyne.KeyS, ctrlShift), func() { w.files.saveAs(nil) }),
		fyne.NewMenuItemSeparator(),
		item("Add Photos…", shortcut(fyne.KeyI, ctrl), w.files.addPhotos),
		item("Add Folder…", nil, w.files.addFolder),
		item("Choose Music…", nil, w.insp.chooseMusic),
		item("Relink Missing Files…", nil, w.files.relink),
		fyne.NewMenuItemSeparator(),
		item("Export Video…", shortcut(fyne.KeyE, ctrl), w.exp.dialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	w.undoItem = item("Undo", &fyne.ShortcutUndo{}, w.undo)
	w.redoItem = item("Redo", shortcut(fyne.KeyZ, ctrlShift), w.redo)
	edit := fyne.NewMenu("Edit",
		w.undoItem, w.redoItem,
		fyne.NewMenuItemSeparator(),
		item("Select All Slides", nil, w.selectAll),
		item("Duplicate", shortcut(fyne.KeyD, ctrl), func() { w.ed.DuplicateSelection() }),
		item("Delete", shortcut(fyne.KeyDelete, 0), func() { w.ed.DeleteSelection() }),
		fyne.NewMenuItemSeparator(),
		item("Move Left", shortcut(fyne.KeyLeft, ctrl), func() { w.ed.MoveSelection(-1) }),
		item("Move Right", shortcut(fyne.KeyRight, ctrl), func() { w.ed.MoveSelection(1) }),
		fyne.NewMenuItemSeparator(),
		item("Frame the Subject", nil, w.smart.frameSubject),
	)
	play := fyne.NewMenu("Playback",
		item("Play / Pause", shortcut(fyne.KeySpace, 0), w.togglePlay),
		item("Go to Start", shortcut(fyne.KeyHome, 0), func() { w.seek(0) }),
		item("Go to End", shortcut(fyne.KeyEnd, 0), func() { w.seek(w.ed.Timeline().Frames - 1) }),
		item("Previous Slide", shortcut(fyne.KeyLeft, 0), func() { w.stepSlide(-1) }),
		item("Next Slide", shortcut(fyne.KeyRight, 0), func() { w.stepSlide(1) }),
		item("Tap Slide Change", shortcut(fyne.KeyT, 0), w.smart.tap),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard Shortcuts", w.showShortcuts),
		fyne.NewMenuItem("About Slidereel", w.showAbout),
	)
	return fyne.NewMainMenu(file, edit, play, help)
}

// keyHelp lists the keyboard shortcuts (Ctrl is Cmd on macOS).
var keyHelp = [][2]string{
	{"Space", "Play / pause"},
	{"Left / Right", "Previous / next slide"},
	{"Home / End", "Go to start / end"},
	{"T (while playing)", "Tap-along: the next slide change is now"},
	{"+ / - / 0", "Zoom the timeline in / out / fit the show"},
	{"Ctrl+wheel", "Zoom the timeline at the pointer"},
	{"Drag a slide edge", "Change the slide's duration"},
	{"Ctrl+Left / Ctrl+Right", "Move the selected slides"},
	{"Delete", "Delete the selected slides"},
	{"Ctrl+D", "Duplicate the selected slides"},
	{"Ctrl+I", "Add photos"},
	{"Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"},
	{"Ctrl+N / Ctrl+O", "New / open project"},
	{"Ctrl+S / Ctrl+Shift+S", "Save / save as"},
	{"Ctrl+E", "Export video"},
	{"Ctrl+Q", "Quit"},
	{"Ctrl+click, Shift+click", "Select several slides"},
}

func (w *editorWindow) showShortcuts() {
	grid := container.NewGridWithColumns(2)
	for _, k := range keyHelp {
		grid.Add(widget.NewLabelWithStyle(k[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(k[1]))
	}
	dialog.ShowCustom("Keyboard shortcuts", "Close", grid, w.win)
}

// shortcuts registers the keys that work when no widget has the focus
// (the menus trigger their own shortcuts first).
func (w *editorWindow) shortcuts() {
	c := w.win.Canvas()
	for _, s := range []struct {
		key  fyne.KeyName
		mods fyne.KeyModifier
		f    func()
	}{
		{fyne.KeyLeft, ctrl, func() { w.ed.MoveSelection(-1) }},
		{fyne.KeyRight, ctrl, func() { w.ed.MoveSelection(1) }},
		{fyne.KeyZ, ctrlShift, w.redo},
		{fyne.KeyD, ctrl, func() { w.ed.DuplicateSelection() }},
		{fyne.KeyE, ctrl, w.exp.dialog},
		{fyne.KeyI, ctrl, w.files.addPhotos},
		{fyne.KeyS, ctrl, func() { w.files.save(nil) }},
		{fyne.KeyO, ctrl, w.files.open},
		{fyne.KeyN, ctrl, w.files.newProject},
	} {
		sc := shortcut(s.key, s.mods)
		f := traced(sc.ShortcutName(), s.f)
		c.AddShortcut(sc, func(fyne.Shortcut) { f() })
	}
	selectAll, undo, redo := traced("select all", w.selectAll), traced("undo", w.undo), traced("redo", w.redo)
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) { selectAll() })
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { redo() })
	keys := map[fyne.KeyName]func(){
		fyne.KeySpace:     w.togglePlay,
		fyne.KeyDelete:    func() { w.ed.DeleteSelection() },
		fyne.KeyBackspace: func() { w.ed.DeleteSelection() },
		fyne.KeyLeft:      func() { w.stepSlide(-1) },
		fyne.KeyRight:     func() { w.stepSlide(1) },
		fyne.KeyHome:      func() { w.seek(0) },
		fyne.KeyEnd:       func() { w.seek(w.ed.Timeline().Frames - 1) },
		fyne.KeyPlus:      func() { w.bar.zoomKey(1 / zoomStep) },
		fyne.KeyEqual:     func() { w.bar.zoomKey(1 / zoomStep) },
		fyne.KeyMinus:     func() { w.bar.zoomKey(zoomStep) },
		fyne.Key0:         w.wave.zoomFit,
		fyne.KeyT:         func() { w.smart.tap() },
	}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if f := keys[ev.Name]; f != nil {
			traced("key "+string(ev.Name), f)()
		}
	})
}

// setStatus shows msg in the status bar for a while, then the project
// summary again.
func (w *editorWindow) setStatus(msg string) {
	w.statusGen++
	gen := w.statusGen
	w.status.SetText(msg)
	time.AfterFunc(statusLinger, func() {
		onUI(func() {
			if w.statusGen == gen {
				w.updateStatus()
			}
		})
	})
}

func (w *editorWindow) undo() { w.ed.Undo() }
func (w *editorWindow) redo() { w.ed.Redo() }

func (w *editorWindow) selectAll() {
	all := make([]int, len(w.ed.Project().Slides))
	for i := range all {
		all[i] = i
	}
	w.ed.Select(all...)
}

// stepSlide moves the playhead to the slide before or after the one
// under it, which becomes the selected slide.
func (w *editorWindow) stepSlide(d int) {
	n := len(w.ed.Project().Slides)
	if n == 0 {
		return
	}
	cur := w.ed.Timeline().At(w.prev.Frame()).Slide
	i := max(0, min(n-1, cur+d))
	w.ed.Select(i)
	w.showSlide(i)
}

// showSlide moves the playhead into slide i (after its incoming transition).
func (w *editorWindow) showSlide(i int) {
	tl := w.ed.Timeline()
	if i < 0 || i >= len(tl.Spans) {
		return
	}
	s := tl.Spans[i]
	f := s.Start
	if i > 0 {
		f = min(tl.Spans[i-1].End, s.End-1)
	}
	w.moveHead(f)
	w.strip.ScrollTo(i)
}

func (w *editorWindow) slideMenu(i int, at fyne.Position) {
	m := fyne.NewMenu("",
		fyne.NewMenuItem("Duplicate", func() { w.ed.DuplicateSelection() }),
		fyne.NewMenuItem("Delete", func() { w.ed.DeleteSelection() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Move Left", func() { w.ed.MoveSelection(-1) }),
		fyne.NewMenuItem("Move Right", func() { w.ed.MoveSelection(1) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Edit Ken Burns…", func() { w.tabs.SelectIndex(kbTab) }),
		fyne.NewMenuItem("Relink Missing Files…", w.files.relink),
	)
	widget.ShowPopUpMenuAtPosition(m, w.win.Canvas(), at)
}

// seek moves the playhead to frame (and the player, when playing); the
// slide under it becomes the current, only selected slide.
func (w *editorWindow) seek(frame int) {
	w.moveHead(frame)
	w.followPlayhead(w.prev.Frame())
}

// moveHead moves the playhead and the player without touching the
// selection.
func (w *editorWindow) moveHead(frame int) {
	tl := w.ed.Timeline()
	frame = max(0, min(frame, tl.Frames-1))
	w.prev.ShowFrame(frame)
	w.sound.seek(frame)
	w.playheadMoved()
}

// followPlayhead makes the slide under the playhead the current slide in
// the filmstrip and the inspector, and scrolls the filmstrip to it.
func (w *editorWindow) followPlayhead(frame int) {
	i := w.ed.Timeline().At(frame).Slide
	if i < 0 {
		return
	}
	if sel := w.ed.Selection(); len(sel) != 1 || sel[0] != i {
		w.ed.Select(i)
	}
	w.strip.ScrollTo(i)
}

func (w *editorWindow) playheadMoved() {
	tl := w.ed.Timeline()
	f := w.prev.Frame()
	w.wave.SetPlayhead(f)
	setLabel(w.timeLbl, formatTime(tl.FPS.Seconds(f)))
}

func (w *editorWindow) togglePlay() {
	if w.sound.playing() {
		w.sound.pause()
	} else {
		w.sound.play()
	}
}

// setPlaying updates the play button.
func (w *editorWindow) setPlaying(on bool) {
	if on {
		w.playBtn.SetIcon(theme.MediaPauseIcon())
	} else {
		w.playBtn.SetIcon(theme.MediaPlayIcon())
	}
}

// changed keeps every view in step with the editor.
func (w *editorWindow) changed(c Change) {
	ed := w.ed
	if c&ChangeFile != 0 {
		w.win.SetTitle(ed.Title())
	}
	w.refreshViews(c)
	if c&ChangeProject != 0 {
		w.releaseFocus()
	}
	if c&(ChangeProject|ChangeTiming) != 0 {
		w.prev.Redraw()
		w.sound.projectChanged()
	}
	if c&(ChangeProject|ChangeTiming|ChangeFile) != 0 {
		w.updateStatus()
		w.warn.update()
	}
	if c&ChangeSelection != 0 && c&ChangeProject == 0 {
		// Selecting a slide moves the playhead to it, unless the playhead
		// is already in a selected slide.
		if i := ed.Current(); i >= 0 && i < len(ed.Timeline().Spans) {
			if !ed.Selected(ed.Timeline().At(w.prev.Frame()).Slide) {
				w.showSlide(i)
			}
		}
	}
	if w.undoItem != nil {
		w.undoItem.Disabled = !ed.CanUndo()
		w.redoItem.Disabled = !ed.CanRedo()
		// Each button changes only when its state does (a Disable then
		// Enable drew it twice on every change, every seek included).
		enableIf(ed.CanUndo(), w.toolUndo)
		enableIf(ed.CanRedo(), w.toolRedo)
	}
	w.playheadMoved()
}

// refreshViews brings the filmstrip, the timeline, the inspector and the
// Ken Burns view in line with a change. Only a change of the project looks
// at the disk for missing files, once for the filmstrip and the status
// bar, in the background (checkMissing).
func (w *editorWindow) refreshViews(c Change) {
	ed := w.ed
	switch {
	case c&(ChangeProject|ChangeTiming) != 0:
		if c&ChangeProject != 0 {
			w.checkMissing()
		}
		w.strip.refreshCells()
		w.insp.refresh()
		w.wave.SetTimeline(ed.Timeline(), ed.Selection())
	case c&ChangeSelection != 0:
		// Every seek makes one: only the cells whose selection changed are
		// drawn again, the strip's picture, and the slide's part of the
		// inspector.
		w.strip.selectionChanged()
		w.insp.refreshSelection()
		w.wave.SetSelection(ed.Selection())
	default:
		return
	}
	// The Ken Burns view reads the selected photo at 1024 px: only when it
	// is shown (choosing its tab refreshes it).
	if w.tabs.SelectedIndex() == kbTab {
		w.kb.refresh()
	}
}

// kbTab is the Ken Burns tab's index in w.tabs.
const kbTab = 1

// checkMissing looks for the project's missing files on a goroutine (a
// stat per file: 10 ms of the UI goroutine per edit of a 1000-slide show
// on this machine), after each edit and every diskCheckEvery; the
// filmstrip keeps the marks it has until the answer comes and is redrawn
// only if they changed, and the status bar then shows the count if it
// changed.
func (w *editorWindow) checkMissing() {
	w.missGen++
	gen := w.missGen
	p := w.ed.Project().Clone()
	go func() {
		m := p.MissingMedia()
		onUI(func() {
			if gen != w.missGen || slices.Equal(m, w.missing) {
				return
			}
			shown := len(w.missing)
			w.missing = m
			w.strip.setMissing(m)
			if len(m) != shown {
				w.updateStatus()
			}
		})
	}()
}

// releaseFocus gives the keyboard back to the window after a check or a
// list changed the project, so Space plays and the arrows step through
// the slides again. Text entries keep the focus, and so do sliders (they
// let go of it themselves after a mouse drag, see mouseSlider).
func (w *editorWindow) releaseFocus() {
	c := w.win.Canvas()
	switch c.Focused().(type) {
	case nil, *widget.Entry, *numEntry, *mouseSlider:
		return
	}
	c.Unfocus()
}

func (w *editorWindow) updateStatus() {
	w.statusGen++
	p, tl := w.ed.Project(), w.ed.Timeline()
	setLabel(w.totalLbl, formatTime(tl.Seconds()))
	mode := map[project.TimingMode]string{
		project.TimingFixed: "fixed durations", project.TimingFitAudio: "fit to music", project.TimingStory: "story",
	}[tl.Mode]
	miss := ""
	if m := w.missing; len(m) > 0 {
		miss = fmt.Sprintf("  ·  %d missing file(s)", len(m))
	}
	name := w.ed.Name()
	if w.ed.Dirty() {
		name += " (unsaved)"
	}
	setLabel(w.status, fmt.Sprintf("%s  ·  %d slides  ·  %d×%d  ·  %d fps  ·  %s  ·  total %s%s",
		name, len(p.Slides), p.Output.Width, p.Output.Height, p.Output.FPS, mode, formatTime(tl.Seconds()), miss))
}

// dropped adds dropped photos and folders.
func (w *editorWindow) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	w.files.addPaths(paths)
}

// formatTime shows seconds as m:ss.d.
func formatTime(s float64) string {
	if s < 0 {
		s = 0
	}
	d := time.Duration(s*10+0.5) * time.Second / 10
	m := int(d / time.Minute)
	sec := (d % time.Minute).Seconds()
	return fmt.Sprintf("%d:%04.1f", m, sec)
}

// start opens the first project: the file in args, else the last one,
// else the demo written into demoDir; then it offers to recover an
// untitled project's autosave, if any, and starts autosaving.
func (w *editorWindow) start(args []string, demoDir string) {
	opened := false
	switch {
	case len(args) > 0 && !strings.EqualFold(filepath.Ext(args[0]), project.Ext):
		// Photos (or folders) given on the command line start a new project.
		w.files.addPaths(args)
		opened = true
	case len(args) > 0:
		opened = w.files.openPath(args[0])
	}
	if !opened {
		if r := w.files.recent(); len(r) > 0 {
			if _, err := os.Stat(r[0]); err == nil {
				opened = w.files.openPath(r[0])
			}
		}
	}
	if !opened && demoDir != "" {
		if path, err := assets.Demo(demoDir); err == nil {
			w.files.openPath(path)
		} else {
			w.status.SetText(err.Error())
		}
	}
	// An untitled project's autosave survives a crash too.
	w.files.offerRecovery("")
	w.files.startAutosave()
	// A photo or sound file deleted, moved back or restored on disk while
	// the window is open shows without waiting for the next edit.
	everyOnUI(diskCheckEvery, w.ctx.Done(), w.checkMissing)
}

// diskCheckEvery is how often the editor looks again for missing files
// (in the background: checkMissing).
const diskCheckEvery = 5 * time.Second
