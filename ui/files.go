package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// Preference keys.
const (
	prefRecent  = "recent"
	prefLastDir = "lastDir"
	maxRecent   = 10
)

// autosaveEvery is how often unsaved changes are written to the sidecar.
const autosaveEvery = time.Minute

var imageExts = []string{".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif"}

// fileOps does New, Open, Save, recent files, autosave and recovery, and
// the dialogs that add media.
type fileOps struct {
	w           *editorWindow
	recentMenu  *fyne.MenuItem
	stopAuto    chan struct{}
	autosaveDir string // for untitled projects; os.UserConfigDir()/slidereel by default
}

func newFileOps(w *editorWindow) *fileOps {
	f := &fileOps{w: w}
	if d, err := os.UserConfigDir(); err == nil {
		f.autosaveDir = filepath.Join(d, "slidereel")
	}
	return f
}

// recent returns the recent project files, newest first.
func (f *fileOps) recent() []string {
	return f.w.app.Preferences().StringList(prefRecent)
}

func (f *fileOps) addRecent(path string) {
	if path == "" {
		return
	}
	r := slices.DeleteFunc(f.recent(), func(s string) bool { return s == path })
	r = append([]string{path}, r...)
	if len(r) > maxRecent {
		r = r[:maxRecent]
	}
	f.w.app.Preferences().SetStringList(prefRecent, r)
	f.refreshRecent()
}

func (f *fileOps) refreshRecent() {
	if f.recentMenu == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, p := range f.recent() {
		items = append(items, fyne.NewMenuItem(p, func() { f.confirmDiscard(func() { f.openPath(p) }) }))
	}
	if len(items) == 0 {
		it := fyne.NewMenuItem("No recent projects", nil)
		it.Disabled = true
		items = append(items, it)
	}
	f.recentMenu.ChildMenu.Items = items
	if m := f.w.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// lastDir is where file dialogs start.
func (f *fileOps) lastDir() fyne.ListableURI {
	d := f.w.app.Preferences().String(prefLastDir)
	if d == "" {
		if p := f.w.ed.Path(); p != "" {
			d = filepath.Dir(p)
		}
	}
	if d == "" {
		return nil
	}
	u, err := storage.ListerForURI(storage.NewFileURI(d))
	if err != nil {
		return nil
	}
	return u
}

func (f *fileOps) setLastDir(path string) {
	f.w.app.Preferences().SetString(prefLastDir, filepath.Dir(path))
}

// confirmDiscard runs then, first offering to save unsaved changes.
func (f *fileOps) confirmDiscard(then func()) {
	if !f.w.ed.Dirty() {
		then()
		return
	}
	var d dialog.Dialog
	save := widget.NewButton("Save", func() { d.Hide(); f.save(then) })
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Don't Save", func() {
		d.Hide()
		f.removeAutosave()
		then()
	})
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	msg := widget.NewLabel(fmt.Sprintf("Save the changes to “%s” first?\nOtherwise they are lost.", f.w.ed.Name()))
	d = dialog.NewCustomWithoutButtons("Unsaved changes",
		container.NewVBox(msg, container.NewHBox(discard, widget.NewLabel("    "), cancel, save)), f.w.win)
	d.Show()
}

func (f *fileOps) newProject() {
	f.confirmDiscard(func() {
		f.w.sound.reset()
		f.w.ed.Replace(project.New(), "", false)
	})
}

func (f *fileOps) open() {
	f.confirmDiscard(func() {
		f.pickFile("", []string{project.Ext}, func(path string) { f.openPath(path) })
	})
}

// openPath loads a project file, offers recovery of its autosave and
// relinking of missing media. It reports whether the file was opened.
func (f *fileOps) openPath(path string) bool {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p, err := project.Load(path)
	if err != nil {
		dialog.ShowError(err, f.w.win)
		return false
	}
	f.w.sound.reset()
	f.w.ed.Replace(p, path, false)
	f.addRecent(path)
	f.offerRecovery(path)
	f.offerRelink()
	return true
}

// offerRelink asks for a folder when media files are missing.
func (f *fileOps) offerRelink() {
	miss := f.w.ed.Project().MissingMedia()
	if len(miss) == 0 {
		return
	}
	dialog.ShowConfirm("Missing files",
		fmt.Sprintf("%d media file(s) of this project cannot be found, e.g.\n%s\n\nLook for them in a folder?", len(miss), miss[0].Path),
		func(ok bool) {
			if ok {
				f.relink()
			}
		}, f.w.win)
}

// relink asks for a folder and points every missing file at its namesake
// there.
func (f *fileOps) relink() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		f.relinkDir(u.Path())
	}, f.w.win)
	if l := f.lastDir(); l != nil {
		d.SetLocation(l)
	}
	showFileDialog(d)
}

// relinkDir relinks the missing media to dir (one undo step) and says how
// many it found.
func (f *fileOps) relinkDir(dir string) {
	before := len(f.w.ed.Project().MissingMedia())
	fixed := 0
	_ = f.w.ed.Edit(func(p *project.Project) error {
		fixed = p.Relink(dir)
		if fixed == 0 {
			return errNoChange
		}
		return nil
	})
	msg := fmt.Sprintf("Found %d of %d missing file(s) in %s.", fixed, before, dir)
	if left := before - fixed; left > 0 && fixed > 0 {
		msg += fmt.Sprintf("\n%d still missing.", left)
	}
	dialog.ShowInformation("Relink", msg, f.w.win)
}

// save writes the project to its file (asking for one if untitled), then
// runs then (if not nil) on success.
func (f *fileOps) save(then func()) {
	if f.w.ed.Path() == "" {
		f.saveAs(then)
		return
	}
	if f.saveTo(f.w.ed.Path()) && then != nil {
		then()
	}
}

func (f *fileOps) saveAs(then func()) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if !strings.HasSuffix(strings.ToLower(path), project.Ext) {
			removeIfEmpty(path) // the dialog created it
			path += project.Ext
		}
		f.setLastDir(path)
		if f.saveTo(path) && then != nil {
			then()
		}
	}, f.w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{project.Ext}))
	d.SetFileName(f.w.ed.Name() + project.Ext)
	if l := f.lastDir(); l != nil {
		d.SetLocation(l)
	}
	showFileDialog(d)
}

// saveTo saves to path and reports success (errors go to a dialog).
func (f *fileOps) saveTo(path string) bool {
	old := f.autosavePath()
	if err := project.Save(f.w.ed.Project(), path); err != nil {
		dialog.ShowError(fmt.Errorf("saving %s: %w", path, err), f.w.win)
		return false
	}
	os.Remove(old)
	f.w.ed.MarkSaved(path)
	f.removeAutosave()
	f.addRecent(path)
	return true
}

// autosavePath is the sidecar for the current project.
func (f *fileOps) autosavePath() string {
	return f.sidecar(f.w.ed.Path())
}

func (f *fileOps) sidecar(path string) string {
	if path == "" {
		if f.autosaveDir == "" {
			return ""
		}
		return filepath.Join(f.autosaveDir, "untitled.autosave"+project.Ext)
	}
	return path + ".autosave"
}

func (f *fileOps) removeAutosave() {
	if p := f.autosavePath(); p != "" {
		os.Remove(p)
	}
}

// autosave writes unsaved changes to the sidecar.
func (f *fileOps) autosave() error {
	ed := f.w.ed
	path := f.autosavePath()
	if !ed.Dirty() || path == "" {
		return nil
	}
	data, err := project.Marshal(ed.Project(), path)
	if err != nil {
		return fmt.Errorf("autosave %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("autosave %s: %w", path, err)
	}
	if err := project.WriteFileAtomic(path, data, 0o644); err != nil {
		return fmt.Errorf("autosave %s: %w", path, err)
	}
	return nil
}

// startAutosave autosaves every minute until stopAutosave.
func (f *fileOps) startAutosave() {
	stop := make(chan struct{})
	f.stopAuto = stop
	everyOnUI(autosaveEvery, stop, func() {
		if err := f.autosave(); err != nil {
			f.w.setStatus(err.Error())
		}
	})
}

func (f *fileOps) stopAutosave() {
	if f.stopAuto != nil {
		close(f.stopAuto)
		f.stopAuto = nil
	}
}

// recoverable reports whether path ("" = untitled) has an autosave newer
// than the file itself.
func (f *fileOps) recoverable(path string) (string, time.Time, bool) {
	side := f.sidecar(path)
	if side == "" {
		return "", time.Time{}, false
	}
	st, err := os.Stat(side)
	if err != nil {
		return "", time.Time{}, false
	}
	if path != "" {
		if fst, err := os.Stat(path); err == nil && !st.ModTime().After(fst.ModTime()) {
			return "", time.Time{}, false
		}
	}
	return side, st.ModTime(), true
}

// offerRecovery asks whether to restore the autosave of path after a crash.
func (f *fileOps) offerRecovery(path string) {
	side, when, ok := f.recoverable(path)
	if !ok {
		return
	}
	name := "the untitled project"
	if path != "" {
		name = "“" + strings.TrimSuffix(filepath.Base(path), project.Ext) + "”"
	}
	dialog.ShowConfirm("Recover unsaved changes?",
		fmt.Sprintf("Slidereel did not close normally. Unsaved changes to %s\nfrom %s were kept. Recover them?",
			name, when.Format("Jan 2 15:04")),
		func(yes bool) {
			if !yes {
				os.Remove(side)
				return
			}
			if err := f.recoverFrom(side, path); err != nil {
				dialog.ShowError(err, f.w.win)
			}
		}, f.w.win)
}

// recoverFrom loads the autosave side as the (unsaved) state of path.
func (f *fileOps) recoverFrom(side, path string) error {
	data, err := os.ReadFile(side)
	if err != nil {
		return fmt.Errorf("recovering %s: %w", side, err)
	}
	p, err := project.Parse(data, side)
	if err != nil {
		return fmt.Errorf("recovering %s: %w", side, err)
	}
	f.w.sound.reset()
	f.w.ed.Replace(p, path, true)
	return nil
}

// pickFile asks for one file with one of exts; title "" keeps the
// dialog's own.
func (f *fileOps) pickFile(title string, exts []string, then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		f.setLastDir(path)
		then(path)
	}, f.w.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if title != "" {
		d.SetTitleText(title)
	}
	if l := f.lastDir(); l != nil {
		d.SetLocation(l)
	}
	showFileDialog(d)
}

// addPhotos asks for a photo (the dialog shows the photos while browsing),
// then which of the photos in its folder to add.
func (f *fileOps) addPhotos() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		dir := filepath.Dir(r.URI().Path())
		r.Close()
		f.w.app.Preferences().SetString(prefLastDir, dir)
		f.pickPhotosIn(dir)
	}, f.w.win)
	d.SetFilter(storage.NewExtensionFileFilter(imageExts))
	d.SetConfirmText("Choose photos")
	d.SetTitleText("Add photos: pick one, then tick the photos of its folder to add")
	if l := f.lastDir(); l != nil {
		d.SetLocation(l)
	}
	showFileDialog(d)
}

// pickPhotosIn shows the photos in dir as ticked thumbnails; the ticked
// ones are added in name order.
func (f *fileOps) pickPhotosIn(dir string) *photoPicker {
	entries, err := os.ReadDir(dir)
	if err != nil {
		dialog.ShowError(fmt.Errorf("reading %s: %w", dir, err), f.w.win)
		return nil
	}
	pk := &photoPicker{}
	for _, e := range entries {
		if !e.IsDir() && isImage(e.Name()) {
			pk.paths = append(pk.paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(pk.paths) == 0 {
		dialog.ShowInformation("Add photos", "There are no photos in "+dir+".", f.w.win)
		return nil
	}
	pk.checks = make([]*widget.Check, len(pk.paths))
	grid := container.NewGridWrap(fyne.NewSize(156, 136))
	var confirm *widget.Button
	count := func() {
		n := len(pk.chosen())
		confirm.SetText(fmt.Sprintf("Add %d photo(s)", n))
		if n == 0 {
			confirm.Disable()
		} else {
			confirm.Enable()
		}
	}
	for i, path := range pk.paths {
		img := &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}
		img.SetMinSize(fyne.NewSize(148, 90))
		show := func() {
			if im, _, ok := f.w.thumbs.Get(path, thumbPixels, nil); ok {
				img.Image = im
				img.Refresh()
			}
		}
		if im, _, ok := f.w.thumbs.Get(path, thumbPixels, show); ok {
			img.Image = im
		}
		name := filepath.Base(path)
		if r := []rune(name); len(r) > 16 {
			name = string(r[:15]) + "…"
		}
		pk.checks[i] = widget.NewCheck(name, func(bool) { count() })
		pk.checks[i].Checked = true
		cell := container.NewBorder(nil, pk.checks[i], nil, nil, img)
		if err := f.checkPhoto(path); err != nil {
			pk.checks[i].Checked = false
			pk.checks[i].Disable()
			why := widget.NewLabel(err.Error())
			why.Wrapping = fyne.TextWrapWord
			why.Importance = widget.DangerImportance
			cell = container.NewBorder(nil, pk.checks[i], nil, nil, why)
		}
		grid.Add(cell)
	}
	all := widget.NewButton("Select all", func() { pk.setAll(true) })
	none := widget.NewButton("Select none", func() { pk.setAll(false) })
	var d dialog.Dialog
	confirm = widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		d.Hide()
		f.addPaths(pk.chosen())
	})
	confirm.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { d.Hide() })
	count()
	pk.add = confirm
	head := widget.NewLabel(dir)
	head.Truncation = fyne.TextTruncateEllipsis
	body := container.NewBorder(head,
		container.NewHBox(all, none, layout.NewSpacer(), cancel, confirm), nil, nil,
		container.NewVScroll(grid))
	d = dialog.NewCustomWithoutButtons("Add photos", body, f.w.win)
	d.Show()
	d.Resize(fyne.NewSize(900, 600))
	return pk
}

// photoPicker is the state of the Add photos dialog.
type photoPicker struct {
	paths  []string
	checks []*widget.Check
	add    *widget.Button
}

func (pk *photoPicker) chosen() []string {
	var out []string
	for i, c := range pk.checks {
		if c != nil && c.Checked {
			out = append(out, pk.paths[i])
		}
	}
	return out
}

func (pk *photoPicker) setAll(on bool) {
	for _, c := range pk.checks {
		c.SetChecked(on)
	}
}

func (f *fileOps) addFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		f.w.app.Preferences().SetString(prefLastDir, u.Path())
		f.addPaths([]string{u.Path()})
	}, f.w.win)
	if l := f.lastDir(); l != nil {
		d.SetLocation(l)
	}
	showFileDialog(d)
}

// addPaths adds photos; folders add their photos (sorted by name), other
// files are skipped with a note. A dropped .project file is opened.
func (f *fileOps) addPaths(paths []string) {
	if len(paths) == 1 && strings.EqualFold(filepath.Ext(paths[0]), project.Ext) {
		p := paths[0]
		f.confirmDiscard(func() { f.openPath(p) })
		return
	}
	// A dropped sound file becomes the music.
	var rest []string
	music := ""
	for _, p := range paths {
		if music == "" && isAudio(p) {
			music = p
			continue
		}
		rest = append(rest, p)
	}
	if music != "" {
		_ = f.w.ed.Edit(func(p *project.Project) error {
			p.Soundtrack.Music = []project.MediaRef{{Path: music}}
			return nil
		})
		f.w.setStatus("Music: " + filepath.Base(music))
	}
	found, skipped := collectPhotos(rest)
	var photos, bad []string
	for _, p := range found {
		if err := f.checkPhoto(p); err != nil {
			bad = append(bad, fmt.Sprintf("%s (%v)", filepath.Base(p), err))
		} else {
			photos = append(photos, p)
		}
	}
	if len(photos) > 0 {
		_ = f.w.ed.AddImages(photos...)
		f.w.strip.ScrollTo(f.w.ed.Current())
	}
	if len(bad) > 0 {
		f.w.setStatus(fmt.Sprintf("Added %d photo(s); skipped %d unreadable: %s", len(photos), len(bad), strings.Join(bad, ", ")))
	} else if skipped > 0 {
		f.w.setStatus(fmt.Sprintf("Added %d photo(s); skipped %d file(s) that are not photos.", len(photos), skipped))
	}
}

// checkPhoto says why path cannot be used as a photo, or nil: it must be
// a non-empty file whose header decodes as an image.
func (f *fileOps) checkPhoto(path string) error {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return errors.New("cannot be read")
	case st.Size() == 0:
		return errors.New("empty file")
	}
	if size := f.w.svc.ImageSize; size != nil {
		if _, _, err := size(path); err != nil {
			return errors.New("not a readable image")
		}
	}
	return nil
}

func isAudio(path string) bool {
	return slices.Contains(audioExts, strings.ToLower(filepath.Ext(path)))
}

// collectPhotos expands folders (recursively, sorted) and keeps images.
func collectPhotos(paths []string) (photos []string, skipped int) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			skipped++
			continue
		}
		if !st.IsDir() {
			if isImage(p) {
				photos = append(photos, p)
			} else {
				skipped++
			}
			continue
		}
		var in []string
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return fs.SkipDir
			}
			if !d.IsDir() && isImage(path) {
				in = append(in, path)
			}
			return nil
		})
		slices.Sort(in)
		photos = append(photos, in...)
	}
	return photos, skipped
}

func isImage(path string) bool {
	return slices.Contains(imageExts, strings.ToLower(filepath.Ext(path)))
}

// showFileDialog shows a file dialog at a comfortable size (a FileDialog
// can only be resized once shown).
func showFileDialog(d *dialog.FileDialog) {
	d.Show()
	d.Resize(fyne.NewSize(860, 560))
}
