package ui

import (
	"fmt"
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

// Filmstrip geometry, in Fyne units.
const (
	cellW, cellH   = 150, 124
	cellGap        = 6
	cellPitch      = cellW + cellGap
	thumbW, thumbH = cellW - 8, 80
	thumbPixels    = 256 // decoded thumbnail size (fits hi-dpi cells)
)

// filmstrip shows the slides as thumbnails in a horizontal strip: click to
// select (Ctrl toggles, Shift extends), drag to reorder, a missing file is
// marked with a Relink button.
type filmstrip struct {
	ed       *Editor
	thumbs   *thumbCache
	cells    []*slideCell
	content  *fyne.Container
	scroll   *container.Scroll
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
	f.content = container.New(&stripLayout{f: f})
	f.scroll = container.NewHScroll(f.content)
	hint := widget.NewLabelWithStyle("Drop photos or folders here, or use Add Photos (Ctrl+I)",
		fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	f.empty = container.NewCenter(hint)
	f.root = container.NewStack(f.scroll, f.empty)
	return f
}

// Refresh brings the cells in line with the project.
func (f *filmstrip) Refresh() {
	p := f.ed.Project()
	n := len(p.Slides)
	f.missing = map[string]bool{}
	for _, m := range p.MissingMedia() {
		f.missing[m.Path] = true
	}
	for len(f.cells) < n {
		c := newSlideCell(f, len(f.cells))
		f.cells = append(f.cells, c)
	}
	f.cells = f.cells[:n]
	objs := make([]fyne.CanvasObject, 0, n+1)
	for _, c := range f.cells {
		objs = append(objs, c)
	}
	objs = append(objs, f.addTile, f.marker)
	f.content.Objects = objs
	for _, c := range f.cells {
		c.update()
	}
	if n == 0 {
		f.empty.Show()
		f.addTile.Hide()
	} else {
		f.empty.Hide()
		f.addTile.Show()
	}
	f.content.Refresh()
}

// ScrollTo makes slide i visible.
func (f *filmstrip) ScrollTo(i int) {
	if i < 0 || f.scroll.Size().Width <= 0 {
		return
	}
	x := float32(i * cellPitch)
	off := f.scroll.Offset.X
	vis := f.scroll.Size().Width
	switch {
	case x < off:
		f.scroll.Offset.X = x
	case x+cellPitch > off+vis:
		f.scroll.Offset.X = x + cellPitch - vis
	default:
		return
	}
	f.scroll.Refresh()
}

// dragTarget is where the selected block lands after a drag of dx: its
// first slide's index in the list without the block.
// dragTravel is how far the pointer moved over the slides, including the
// strip's scrolling under it.
func (f *filmstrip) dragTravel() float32 {
	return f.dragDX + f.scroll.Offset.X - f.dragOff0
}

func (f *filmstrip) dragTarget(dx float32) (to int, moved bool) {
	sel := f.ed.Selection()
	if len(sel) == 0 {
		return 0, false
	}
	shift := int(math.Round(float64(dx) / cellPitch))
	to = max(0, min(len(f.cells)-len(sel), sel[0]+shift))
	return to, shift != 0
}

func (f *filmstrip) dragged(c *slideCell, ev *fyne.DragEvent) {
	if !f.dragging {
		f.dragging, f.dragDX = true, 0
		f.dragStartX, f.dragOff0 = c.Position().X+ev.Position.X, f.scroll.Offset.X
		if !f.ed.Selected(c.index) {
			f.ed.Select(c.index)
		}
		f.ghost(true)
	}
	f.dragDX += ev.Dragged.DX
	f.autoScroll(f.dragStartX + f.dragTravel() - f.scroll.Offset.X)
	to, moved := f.dragTarget(f.dragTravel())
	if !moved {
		f.marker.Hide()
		return
	}
	// The marker sits in the gap the block will fill.
	sel := f.ed.Selection()
	slot := to
	if to > sel[0] {
		slot = to + len(sel)
	}
	f.marker.Move(fyne.NewPos(max(0, float32(slot*cellPitch)-cellGap/2-2), 0))
	f.marker.Resize(fyne.NewSize(4, cellH))
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
	vis := f.scroll.Size().Width
	maxOff := f.content.MinSize().Width - vis
	off := f.scroll.Offset.X
	switch {
	case x > vis-edge && off < maxOff:
		off = min(maxOff, off+step)
	case x < edge && off > 0:
		off = max(0, off-step)
	default:
		return
	}
	f.scroll.Offset.X = off
	f.scroll.Refresh()
}

// ghost fades the dragged thumbnails while a drag is under way.
func (f *filmstrip) ghost(on bool) {
	for _, c := range f.cells {
		t := 0.0
		if on && f.ed.Selected(c.index) {
			t = 0.55
		}
		if c.img.Translucency != t {
			c.img.Translucency = t
			c.img.Refresh()
		}
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

// stripLayout places the cells side by side at a fixed pitch.
type stripLayout struct{ f *filmstrip }

func (l *stripLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	for i, c := range l.f.cells {
		c.Move(fyne.NewPos(float32(i*cellPitch), 0))
		c.Resize(fyne.NewSize(cellW, cellH))
	}
	// The "add" tile follows the last slide.
	l.f.addTile.Move(fyne.NewPos(float32(len(l.f.cells)*cellPitch), 0))
	l.f.addTile.Resize(fyne.NewSize(cellW*2/3, cellH))
}

func (l *stripLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(float32(len(l.f.cells)*cellPitch)+cellW*2/3, cellH)
}

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

func (c *slideCell) update() {
	p := c.f.ed.Project()
	if c.index >= len(p.Slides) {
		return
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
		img, err, ok := c.f.thumbs.Get(r.Image, thumbPixels, func() { c.update() })
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
	c.paintBackground()
	c.Refresh()
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
	c.bg.Resize(s)
	ix, iy := float32(4), float32(4)
	c.frame.Move(fyne.NewPos(ix, iy))
	c.frame.Resize(fyne.NewSize(thumbW, thumbH))
	c.img.Move(fyne.NewPos(ix, iy))
	c.img.Resize(fyne.NewSize(thumbW, thumbH))
	c.warn.Move(fyne.NewPos(ix, iy))
	c.warn.Resize(fyne.NewSize(thumbW, thumbH))
	ty := iy + thumbH + 3
	th := c.num.MinSize().Height
	c.num.Move(fyne.NewPos(ix+2, ty))
	c.num.Resize(fyne.NewSize(50, th))
	c.dur.Move(fyne.NewPos(ix+30, ty))
	c.dur.Resize(fyne.NewSize(thumbW-32, th))
	c.trans.Move(fyne.NewPos(ix+2, ty+th))
	c.trans.Resize(fyne.NewSize(thumbW-4, c.trans.MinSize().Height))
}

func (r *cellRenderer) MinSize() fyne.Size { return fyne.NewSize(cellW, cellH) }

func (r *cellRenderer) Refresh() {
	c := r.c
	sel := c.f.ed.Selected(c.index)
	fg := theme.Color(theme.ColorNameForeground)
	sub := theme.Color(theme.ColorNamePlaceHolder)
	if sel {
		fg = theme.Color(theme.ColorNameForegroundOnPrimary)
		sub = fg
	}
	c.num.Color, c.dur.Color, c.trans.Color = fg, fg, sub
	r.Layout(c.Size())
	for _, o := range r.Objects() {
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
