package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// Filmstrip geometry, in Fyne units (the normal cells; compact cells
// are smaller, see geom).
const (
	cellW, cellH   = 150, 124
	cellGap        = 6
	cellPitch      = cellW + cellGap
	thumbW, thumbH = cellW - 8, 80
	thumbPixels    = 256 // decoded thumbnail size in the Add Photos list
	barH           = 8   // the strip's scroll bar
	addW           = cellW * 2 / 3
)

// stripGeom is the size of the filmstrip's cells in one mode.
type stripGeom struct {
	cellW, cellH, thumbW, thumbH float32
}

var (
	normalGeom  = stripGeom{cellW, cellH, thumbW, thumbH}
	compactGeom = stripGeom{78, 66, 70, 42}
)

func (g stripGeom) pitch() float32 { return g.cellW + cellGap }

// filmstrip shows the slides as thumbnails in a horizontal strip: click to
// select (Ctrl toggles, Shift extends), drag to reorder, a missing file is
// marked with a Relink button. It is virtualised: only the cells in view
// exist (a pool reused as the strip scrolls), so only their thumbnails
// are loaded. The wheel moves it one thumbnail per notch.
type filmstrip struct {
	ed       *Editor
	thumbs   *thumbCache
	n        int          // slides
	cells    []*slideCell // the pool: the cells in view
	off      float32      // scroll offset
	compact  bool
	view     *stripView
	marker   *canvas.Rectangle
	empty    fyne.CanvasObject
	root     *fyne.Container
	missing  map[string]bool
	addTile  *widget.Button
	onAdd    func()
	onRelink func(path string)
	onMenu   func(i int, at fyne.Position)

	// drag state: where the pointer started (content x), its travel since,
	// and the scroll offset then (the strip scrolls at its edges)
	dragging   bool
	dragStartX float32
	dragDX     float32
	dragOff0   float32
}

func newFilmstrip(ed *Editor, thumbs *thumbCache) *filmstrip {
	f := &filmstrip{ed: ed, thumbs: thumbs, missing: map[string]bool{}}
	f.marker = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	f.marker.Hide()
	f.addTile = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() {
		if f.onAdd != nil {
			f.onAdd()
		}
	})
	f.view = newStripView(f)
	hint := widget.NewLabelWithStyle("Drop photos or folders here, or use Add Photos (Ctrl+I)",
		fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	f.empty = container.NewCenter(hint)
	f.root = container.NewStack(f.view, f.empty)
	return f
}

func (f *filmstrip) geom() stripGeom {
	if f.compact {
		return compactGeom
	}
	return normalGeom
}

// SetCompact switches between normal and compact cells, keeping the
// slide in the middle of the view there.
func (f *filmstrip) SetCompact(on bool) {
	if f.compact == on {
		return
	}
	half := f.view.Size().Width / 2
	mid := (f.off + half) / f.geom().pitch()
	f.compact = on
	f.off = mid*f.geom().pitch() - half
	for _, c := range f.cells {
		c.index = -1 // laid out afresh
	}
	f.view.Refresh()
}

// pixScale is the window's pixels per Fyne unit (1 until it is shown).
func (f *filmstrip) pixScale() float32 {
	if a := fyne.CurrentApp(); a != nil {
		if c := a.Driver().CanvasForObject(f.view); c != nil && c.Scale() > 0 {
			return c.Scale()
		}
	}
	return 1
}

// thumbBox is the thumbnail box of a cell in pixels.
func (f *filmstrip) thumbBox() (int, int) {
	g, s := f.geom(), f.pixScale()
	return int(math.Round(float64(g.thumbW * s))), int(math.Round(float64(g.thumbH * s)))
}

// cell returns the cell showing slide i, or nil when it is out of view.
func (f *filmstrip) cell(i int) *slideCell {
	for _, c := range f.cells {
		if c.index == i && c.Visible() {
			return c
		}
	}
	return nil
}

// Refresh brings the cells in line with the project, and checks which
// photos are missing on disk.
func (f *filmstrip) Refresh() {
	f.setMissing(f.ed.Project().MissingMedia())
}

// setMissing marks the photos of miss (the project's MissingMedia) and
// refreshes the cells.
func (f *filmstrip) setMissing(miss []project.Missing) {
	f.missing = map[string]bool{}
	for _, m := range miss {
		f.missing[m.Path] = true
	}
	f.refreshCells()
}

// refreshCells brings the cells in line with the project and the
// selection without looking at the disk (a selection change, which every
// seek makes, would otherwise stat every photo of the show).
func (f *filmstrip) refreshCells() {
	p := f.ed.Project()
	f.n = len(p.Slides)
	if f.n == 0 {
		f.empty.Show()
		f.addTile.Hide()
	} else {
		f.empty.Hide()
		f.addTile.Show()
	}
	f.clampOff()
	f.view.placeCells(true)
}

// selectionChanged shows the selection in the cells in view: only those
// whose selected state changed are drawn again (their background and text
// colours), not every cell with its thumbnail and captions.
func (f *filmstrip) selectionChanged() {
	for _, c := range f.cells {
		if c.index >= 0 && c.shownSel != f.ed.Selected(c.index) {
			c.restyle()
		}
	}
}

// contentWidth is the width of the whole strip (cells and the add tile).
func (f *filmstrip) contentWidth() float32 {
	return float32(f.n)*f.geom().pitch() + addW
}

func (f *filmstrip) maxOff() float32 {
	return max(0, f.contentWidth()-f.view.Size().Width)
}

func (f *filmstrip) clampOff() { f.off = max(0, min(f.maxOff(), f.off)) }

// setOff scrolls the strip to offset off.
func (f *filmstrip) setOff(off float32) {
	old := f.off
	f.off = off
	f.clampOff()
	if f.off != old {
		f.view.placeCells(false)
	}
}

// ScrollTo makes slide i visible.
func (f *filmstrip) ScrollTo(i int) {
	if i < 0 || f.view.Size().Width <= 0 {
		return
	}
	p := f.geom().pitch()
	x := float32(i) * p
	vis := f.view.Size().Width
	switch {
	case x < f.off:
		f.setOff(x)
	case x+p > f.off+vis:
		f.setOff(x + p - vis)
	}
}

// dragTravel is how far the pointer moved over the slides, including the
// strip's scrolling under it.
func (f *filmstrip) dragTravel() float32 {
	return f.dragDX + f.off - f.dragOff0
}

// dragTarget is where the selected block lands after a drag of dx: its
// first slide's index in the list without the block.
func (f *filmstrip) dragTarget(dx float32) (to int, moved bool) {
	sel := f.ed.Selection()
	if len(sel) == 0 {
		return 0, false
	}
	shift := int(math.Round(float64(dx / f.geom().pitch())))
	to = max(0, min(f.n-len(sel), sel[0]+shift))
	return to, shift != 0
}

func (f *filmstrip) dragged(c *slideCell, ev *fyne.DragEvent) {
	if !f.dragging {
		f.dragging, f.dragDX = true, 0
		f.dragStartX, f.dragOff0 = c.Position().X+f.off+ev.Position.X, f.off
		if !f.ed.Selected(c.index) {
			f.ed.Select(c.index)
		}
		f.ghost(true)
	}
	f.dragDX += ev.Dragged.DX
	f.autoScroll(f.dragStartX + f.dragTravel() - f.off)
	f.placeMarker()
}

// placeMarker shows where the dragged block would land.
func (f *filmstrip) placeMarker() {
	to, moved := f.dragTarget(f.dragTravel())
	if !f.dragging || !moved {
		f.marker.Hide()
		return
	}
	// The marker sits in the gap the block will fill.
	sel := f.ed.Selection()
	slot := to
	if to > sel[0] {
		slot = to + len(sel)
	}
	g := f.geom()
	f.marker.Move(fyne.NewPos(max(0, float32(slot)*g.pitch()-cellGap/2-2-f.off), 0))
	f.marker.Resize(fyne.NewSize(4, g.cellH))
	f.marker.Show()
	f.marker.Refresh()
}

func (f *filmstrip) dragEnd() {
	if !f.dragging {
		return
	}
	f.dragging = false
	f.marker.Hide()
	f.ghost(false)
	to, moved := f.dragTarget(f.dragTravel())
	if !moved {
		return
	}
	_ = f.ed.MoveIndex(to, f.ed.Selection()...)
	f.ScrollTo(f.ed.Current())
}

// autoScroll scrolls the strip when a drag nears its edges (x is the
// pointer's position in the visible part).
func (f *filmstrip) autoScroll(x float32) {
	const edge, step = 48, 24
	vis := f.view.Size().Width
	switch {
	case x > vis-edge:
		f.setOff(f.off + step)
	case x < edge:
		f.setOff(f.off - step)
	}
}

// ghost fades the dragged thumbnails while a drag is under way.
func (f *filmstrip) ghost(on bool) {
	for _, c := range f.cells {
		c.ghost(on && f.dragging)
	}
}

func (f *filmstrip) tapped(i int) {
	mods := fyne.KeyModifier(0)
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		mods = d.CurrentKeyModifiers()
	}
	switch {
	case mods&fyne.KeyModifierShortcutDefault != 0:
		f.ed.ToggleSelect(i)
	case mods&fyne.KeyModifierShift != 0:
		f.ed.SelectRange(i)
	default:
		f.ed.Select(i)
	}
}

// stripView is the strip's viewport: it lays out the cells in view, and
// the wheel and the scroll bar under the cells move it.
type stripView struct {
	widget.BaseWidget
	f     *filmstrip
	track *canvas.Rectangle
	thumb *canvas.Rectangle
	objs  []fyne.CanvasObject
}

func newStripView(f *filmstrip) *stripView {
	v := &stripView{f: f}
	v.track = canvas.NewRectangle(color.NRGBA{0x30, 0x32, 0x38, 0xff})
	v.thumb = canvas.NewRectangle(color.NRGBA{0x70, 0x74, 0x80, 0xff})
	v.thumb.CornerRadius = 3
	v.ExtendBaseWidget(v)
	return v
}

// placeCells assigns the pooled cells to the slides in view and moves
// them; all forces every cell to show its slide afresh.
func (v *stripView) placeCells(all bool) {
	f := v.f
	g := f.geom()
	p := g.pitch()
	width := v.Size().Width
	first := max(0, int(f.off/p))
	last := min(f.n-1, int((f.off+width)/p))
	need := max(0, last-first+1)
	v.want(first, last)
	for len(f.cells) < need {
		f.cells = append(f.cells, newSlideCell(f, -1))
	}
	byIndex := map[int]*slideCell{}
	var free []*slideCell
	for _, c := range f.cells {
		if c.index >= first && c.index <= last && !all {
			byIndex[c.index] = c
		} else {
			free = append(free, c)
		}
	}
	for i := first; i <= last; i++ {
		c := byIndex[i]
		if c == nil {
			c, free = free[0], free[1:]
			c.index, c.hover = i, false
			c.update()
		}
		c.Move(fyne.NewPos(float32(i)*p-f.off, 0))
		c.Resize(fyne.NewSize(g.cellW, g.cellH))
		c.Show()
		c.ghost(f.dragging && f.ed.Selected(i))
	}
	for _, c := range free {
		c.index = -1
		c.Hide()
	}
	f.addTile.Move(fyne.NewPos(float32(f.n)*p-f.off, 0))
	f.addTile.Resize(fyne.NewSize(addW, g.cellH))
	v.placeBar(width, g.cellH)
	f.placeMarker()
	v.objs = v.objs[:0]
	for _, c := range f.cells {
		v.objs = append(v.objs, c)
	}
	v.objs = append(v.objs, f.addTile, f.marker, v.track, v.thumb)
	canvas.Refresh(v)
}

// want tells the thumbnail cache which photos are in view (slides first
// to last), so decodes of photos scrolled past are dropped.
func (v *stripView) want(first, last int) {
	slides := v.f.ed.Project().Slides
	var paths []string
	for i := first; i <= last && i < len(slides); i++ {
		paths = append(paths, slides[i].Image.Path)
	}
	v.f.thumbs.Want(paths)
}

// placeBar draws the scroll bar under the cells.
func (v *stripView) placeBar(width, y float32) {
	f := v.f
	total := f.contentWidth()
	if total <= width || width <= 0 {
		v.track.Hide()
		v.thumb.Hide()
		return
	}
	v.track.Move(fyne.NewPos(0, y+3))
	v.track.Resize(fyne.NewSize(width, barH-2))
	tw := max(24, width*width/total)
	x := (width - tw) * f.off / f.maxOff()
	v.thumb.Move(fyne.NewPos(x, y+3))
	v.thumb.Resize(fyne.NewSize(tw, barH-2))
	v.track.Show()
	v.thumb.Show()
}

// Scrolled moves the strip one thumbnail per wheel notch.
func (v *stripView) Scrolled(ev *fyne.ScrollEvent) {
	d := ev.Scrolled.DY
	if d == 0 {
		d = -ev.Scrolled.DX
	}
	p := v.f.geom().pitch()
	switch {
	case d < 0:
		v.f.setOff(v.f.off + p)
	case d > 0:
		v.f.setOff(v.f.off - p)
	}
}

// Dragged on the scroll bar (below the cells) scrolls the strip.
func (v *stripView) Dragged(ev *fyne.DragEvent) {
	width := v.Size().Width
	if width <= 0 {
		return
	}
	v.f.setOff(v.f.off + ev.Dragged.DX*v.f.contentWidth()/width)
}

// DragEnd is part of fyne.Draggable.
func (v *stripView) DragEnd() {}

// Tapped on the scroll bar jumps there.
func (v *stripView) Tapped(ev *fyne.PointEvent) {
	width := v.Size().Width
	if width <= 0 || ev.Position.Y < v.f.geom().cellH {
		return
	}
	v.f.setOff(ev.Position.X/width*v.f.contentWidth() - width/2)
}

// CreateRenderer lays out the cells in view.
func (v *stripView) CreateRenderer() fyne.WidgetRenderer { return &stripRenderer{v: v} }

type stripRenderer struct{ v *stripView }

func (r *stripRenderer) Layout(fyne.Size) {
	r.v.f.clampOff()
	r.v.placeCells(false)
}

func (r *stripRenderer) MinSize() fyne.Size {
	return fyne.NewSize(100, r.v.f.geom().cellH+barH+2)
}

func (r *stripRenderer) Refresh() { r.Layout(r.v.Size()) }

func (r *stripRenderer) Objects() []fyne.CanvasObject { return r.v.objs }

func (r *stripRenderer) Destroy() {}

// slideCell is one thumbnail in the filmstrip.
type slideCell struct {
	widget.BaseWidget
	f      *filmstrip
	index  int
	bg     *canvas.Rectangle
	frame  *canvas.Rectangle
	img    *canvas.Image
	num    *canvas.Text
	dur    *canvas.Text
	trans  *canvas.Text
	warn   *fyne.Container
	relink *widget.Button
	path   string
	hover  bool
	// shownSel is whether the cell was last drawn as selected.
	shownSel bool
}

func newSlideCell(f *filmstrip, i int) *slideCell {
	c := &slideCell{f: f, index: i}
	c.bg = canvas.NewRectangle(color.Transparent)
	c.bg.CornerRadius = 6
	c.frame = canvas.NewRectangle(color.NRGBA{0x10, 0x10, 0x12, 0xff})
	c.frame.CornerRadius = 3
	c.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}
	c.num = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	c.num.TextStyle.Bold = true
	c.num.TextSize = theme.TextSize() - 1
	c.dur = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	c.dur.TextSize = theme.TextSize() - 1
	c.dur.Alignment = fyne.TextAlignTrailing
	c.trans = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	c.trans.TextSize = theme.TextSize() - 2
	c.relink = widget.NewButtonWithIcon("Relink…", theme.SearchIcon(), func() {
		if f.onRelink != nil {
			f.onRelink(c.path)
		}
	})
	c.relink.Importance = widget.WarningImportance
	missingText := canvas.NewText("Missing file", color.NRGBA{0xff, 0x9a, 0x8a, 0xff})
	missingText.TextStyle.Bold = true
	missingText.Alignment = fyne.TextAlignCenter
	c.warn = container.NewStack(
		canvas.NewRectangle(color.NRGBA{0x50, 0x10, 0x10, 0xd0}),
		container.NewVBox(container.NewCenter(missingText), container.NewCenter(c.relink)),
	)
	c.warn.Hide()
	c.ExtendBaseWidget(c)
	return c
}

// placeImage sizes the thumbnail to its own pixels, centred in the
// thumbnail box at (x, y): Fyne then uploads it as it is instead of
// scaling it on the UI goroutine (see thumbCache.GetFit).
func (c *slideCell) placeImage(x, y float32) {
	if c.img.Image == nil {
		return
	}
	g := c.f.geom()
	scale := c.f.pixScale()
	b := c.img.Image.Bounds()
	w, h := float32(b.Dx())/scale, float32(b.Dy())/scale
	if w > g.thumbW || h > g.thumbH { // not made for this box: fit it
		k := min(g.thumbW/w, g.thumbH/h)
		w, h = w*k, h*k
	}
	snap := func(v float32) float32 { return float32(math.Round(float64(v*scale))) / scale }
	c.img.Move(fyne.NewPos(snap(x+(g.thumbW-w)/2), snap(y+(g.thumbH-h)/2)))
	c.img.Resize(fyne.NewSize(w, h))
}

// ghost fades the thumbnail while it is being dragged.
func (c *slideCell) ghost(on bool) {
	t := 0.0
	if on && c.f.ed.Selected(c.index) {
		t = 0.55
	}
	if c.img.Translucency != t {
		c.img.Translucency = t
		c.img.Refresh()
	}
}

// cellLook is what a cell shows, to tell whether an update changed it.
type cellLook struct {
	num, dur, trans string
	img             image.Image
	warn, sel       bool
	bg              color.Color
}

func (c *slideCell) look() cellLook {
	return cellLook{c.num.Text, c.dur.Text, c.trans.Text, c.img.Image, c.warn.Visible(), c.shownSel, c.bg.FillColor}
}

// update shows the cell's slide; it is drawn again only if that changed
// what it shows (an undo or an edit updates every cell in view, and most
// look as they did).
func (c *slideCell) update() {
	before := c.look()
	if !c.show() {
		return
	}
	c.paintBackground()
	if after := c.look(); after != before || after.sel != c.f.ed.Selected(c.index) {
		c.Refresh()
	}
}

// show sets the cell's captions, thumbnail and missing-file mark for its
// slide; false when it has none.
func (c *slideCell) show() bool {
	p := c.f.ed.Project()
	if c.index < 0 || c.index >= len(p.Slides) {
		return false
	}
	r := p.Resolve(c.index)
	c.path = r.Image
	c.num.Text = fmt.Sprint(c.index + 1)
	secs := r.Duration
	if tl := c.f.ed.Timeline(); c.index < len(tl.Spans) {
		secs = tl.Spans[c.index].Seconds
	}
	c.dur.Text = fmt.Sprintf("%.1f s", secs)
	c.trans.Text = transitionLabel(r.Transition)
	if c.index == len(p.Slides)-1 {
		c.trans.Text = "Last slide"
	}
	if r.Narration != "" {
		c.num.Text += " ♪"
	}
	if c.f.missing[r.Image] {
		c.img.Image = nil
		c.warn.Show()
	} else {
		c.warn.Hide()
		shown := c.index
		bw, bh := c.f.thumbBox()
		img, err, ok := c.f.thumbs.GetFit(r.Image, bw, bh, func() {
			if c.index == shown {
				c.update()
			}
		})
		switch {
		case !ok:
			c.img.Image = nil
		case err != nil:
			c.img.Image = nil
			c.trans.Text = "unreadable"
		default:
			c.img.Image = img
		}
	}
	return true
}

func (c *slideCell) paintBackground() {
	switch {
	case c.f.ed.Selected(c.index):
		c.bg.FillColor = theme.Color(theme.ColorNamePrimary)
	case c.hover:
		c.bg.FillColor = lighten(theme.Color(theme.ColorNameInputBackground), 0.12)
	default:
		c.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	}
}

// MouseIn highlights the thumbnail under the pointer.
func (c *slideCell) MouseIn(*desktop.MouseEvent) {
	c.hover = true
	c.paintBackground()
	c.bg.Refresh()
}

// MouseMoved is part of desktop.Hoverable.
func (c *slideCell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (c *slideCell) MouseOut() {
	c.hover = false
	c.paintBackground()
	c.bg.Refresh()
}

// Tapped selects the slide.
func (c *slideCell) Tapped(*fyne.PointEvent) { c.f.tapped(c.index) }

// TappedSecondary opens the slide's context menu.
func (c *slideCell) TappedSecondary(ev *fyne.PointEvent) {
	if !c.f.ed.Selected(c.index) {
		c.f.ed.Select(c.index)
	}
	if c.f.onMenu != nil {
		c.f.onMenu(c.index, ev.AbsolutePosition)
	}
}

// Dragged moves the drop marker; DragEnd moves the selected slides there.
func (c *slideCell) Dragged(ev *fyne.DragEvent) { c.f.dragged(c, ev) }

// DragEnd drops the dragged slides at the marker.
func (c *slideCell) DragEnd() { c.f.dragEnd() }

// CreateRenderer lays out the thumbnail and its captions.
func (c *slideCell) CreateRenderer() fyne.WidgetRenderer {
	return &cellRenderer{c: c}
}

type cellRenderer struct{ c *slideCell }

func (r *cellRenderer) Layout(s fyne.Size) {
	c := r.c
	g := c.f.geom()
	c.bg.Resize(s)
	ix, iy := float32(4), float32(4)
	c.frame.Move(fyne.NewPos(ix, iy))
	c.frame.Resize(fyne.NewSize(g.thumbW, g.thumbH))
	c.img.Move(fyne.NewPos(ix, iy))
	c.img.Resize(fyne.NewSize(g.thumbW, g.thumbH))
	c.placeImage(ix, iy)
	c.warn.Move(fyne.NewPos(ix, iy))
	c.warn.Resize(fyne.NewSize(g.thumbW, g.thumbH))
	ty := iy + g.thumbH + 3
	th := c.num.MinSize().Height
	c.num.Move(fyne.NewPos(ix+2, ty))
	c.num.Resize(fyne.NewSize(50, th))
	c.dur.Move(fyne.NewPos(ix+30, ty))
	c.dur.Resize(fyne.NewSize(g.thumbW-32, th))
	c.trans.Move(fyne.NewPos(ix+2, ty+th))
	c.trans.Resize(fyne.NewSize(g.thumbW-4, c.trans.MinSize().Height))
	if c.f.compact {
		c.dur.Hide()
		c.trans.Hide()
		setButtonText(c.relink, "")
	} else {
		c.dur.Show()
		c.trans.Show()
		setButtonText(c.relink, "Relink…")
	}
}

func (r *cellRenderer) MinSize() fyne.Size {
	g := r.c.f.geom()
	return fyne.NewSize(g.cellW, g.cellH)
}

func (r *cellRenderer) Refresh() {
	c := r.c
	c.textColors()
	r.Layout(c.Size())
	for _, o := range r.Objects() {
		// The hidden missing-file mark is not refreshed: its button's
		// icon is recoloured from SVG at each refresh (2 ms a cell).
		if o.Visible() {
			o.Refresh()
		}
	}
}

// textColors colours the captions for the cell's selected state.
func (c *slideCell) textColors() {
	sel := c.f.ed.Selected(c.index)
	c.shownSel = sel
	fg := theme.Color(theme.ColorNameForeground)
	sub := theme.Color(theme.ColorNamePlaceHolder)
	if sel {
		fg = theme.Color(theme.ColorNameForegroundOnPrimary)
		sub = fg
	}
	c.num.Color, c.dur.Color, c.trans.Color = fg, fg, sub
}

// restyle shows a change of the cell's selected state: its background and
// captions only (the thumbnail stays as it is).
func (c *slideCell) restyle() {
	c.paintBackground()
	c.textColors()
	for _, o := range []fyne.CanvasObject{c.bg, c.num, c.dur, c.trans} {
		o.Refresh()
	}
}

func (r *cellRenderer) Objects() []fyne.CanvasObject {
	c := r.c
	return []fyne.CanvasObject{c.bg, c.frame, c.img, c.warn, c.num, c.dur, c.trans}
}

func (r *cellRenderer) Destroy() {}

// transitionLabel is a short human name for a transition.
func transitionLabel(t project.Transition) string {
	if t.Kind == project.Cut || t.Duration <= 0 {
		return "Cut"
	}
	return fmt.Sprintf("%s %.1f s", kindName(t.Kind), t.Duration)
}

// kindName turns "fade-black" into "Fade black".
func kindName(k project.TransitionKind) string {
	s := strings.ReplaceAll(string(k), "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// baseName is a file's name for labels.
func baseName(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Base(path)
}

// lighten mixes c with white by f (0..1).
func lighten(c color.Color, f float64) color.Color {
	r, g, b, a := c.RGBA()
	mix := func(v uint32) uint8 { return uint8((float64(v>>8)*(1-f) + 255*f) + 0.5) }
	return color.NRGBA{mix(r), mix(g), mix(b), uint8(a >> 8)}
}

// setButtonText changes b's label only when it differs (SetText refreshes).
func setButtonText(b *widget.Button, text string) {
	if b.Text != text {
		b.SetText(text)
	}
}
