package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

var (
	startColor = color.NRGBA{0x3d, 0xdc, 0x84, 0xff}
	endColor   = color.NRGBA{0xff, 0x5a, 0x5a, 0xff}
)

const kbThumbPixels = 1024

// kenBurnsView edits the selected slide's Ken Burns rectangles on its
// photo: the start (green) and end (red) rectangles are moved by dragging
// inside them and resized by their corners (keeping the output's aspect).
type kenBurnsView struct {
	w       *editorWindow
	root    fyne.CanvasObject
	editor  *rectEditor
	info    *widget.Label
	sizes   map[string][2]int
	pending map[string]bool
}

func newKenBurnsView(w *editorWindow) *kenBurnsView {
	v := &kenBurnsView{w: w, sizes: map[string][2]int{}, pending: map[string]bool{}}
	v.editor = newRectEditor(v)
	v.info = widget.NewLabel("")
	v.info.Truncation = fyne.TextTruncateEllipsis
	legend := func(c color.Color, s string) fyne.CanvasObject {
		r := canvas.NewRectangle(color.Transparent)
		r.StrokeColor, r.StrokeWidth = c, 2
		r.SetMinSize(fyne.NewSize(18, 12))
		return container.NewHBox(container.NewCenter(r), widget.NewLabel(s))
	}
	swap := widget.NewButtonWithIcon("Swap start and end", theme.ViewRefreshIcon(), func() { w.insp.swapMotion() })
	reset := widget.NewButtonWithIcon("Reset", theme.HistoryIcon(), func() { w.insp.resetMotion.OnTapped() })
	bar := container.NewBorder(nil, nil, container.NewHBox(legend(startColor, "Start"), legend(endColor, "End")),
		container.NewHBox(swap, reset), v.info)
	v.root = container.NewBorder(nil, bar, nil, nil,
		container.NewStack(canvas.NewRectangle(color.NRGBA{0x0c, 0x0c, 0x0e, 0xff}), v.editor))
	return v
}

// imageSize returns path's oriented size, measuring it in the background
// the first time (then the view refreshes).
func (v *kenBurnsView) imageSize(path string) (int, int, bool) {
	if s, ok := v.sizes[path]; ok {
		return s[0], s[1], s[0] > 0
	}
	if !v.pending[path] && v.w.svc.ImageSize != nil {
		v.pending[path] = true
		size := v.w.svc.ImageSize
		go func() {
			w, h, err := size(path)
			if err != nil {
				w, h = 0, 0
			}
			onUI(func() {
				delete(v.pending, path)
				v.sizes[path] = [2]int{w, h}
				v.refresh()
			})
		}()
	}
	return 0, 0, false
}

// motionOf is slide i's effective motion, if its photo's size is known.
func (v *kenBurnsView) motionOf(p *project.Project, i int) (project.Motion, bool) {
	r := p.Resolve(i)
	w, h, ok := v.imageSize(r.Image)
	if !ok {
		return project.Motion{}, false
	}
	return v.w.smart.motionFor(p, r, w, h), true
}

func (v *kenBurnsView) refresh() {
	ed := v.w.ed
	p := ed.Project()
	i := ed.Current()
	e := v.editor
	e.ok = false
	e.img.Image = nil
	switch {
	case i < 0:
		v.info.SetText("Select a slide to edit its motion.")
	default:
		r := p.Resolve(i)
		w, h, ok := v.imageSize(r.Image)
		if !ok {
			v.info.SetText("Reading " + baseName(r.Image) + "…")
			break
		}
		e.index, e.srcW, e.srcH, e.ok = i, w, h, true
		e.motion = v.w.smart.motionFor(p, r, w, h)
		e.subjectPath = r.Image
		e.kenBurns = r.KenBurns
		if img, _, ok := v.w.thumbs.Get(r.Image, kbThumbPixels, v.refresh); ok {
			e.img.Image = img
		}
		switch {
		case !r.KenBurns:
			v.info.SetText("Ken Burns is off for this slide (Slide tab).")
		case p.Slides[i].Motion != nil:
			v.info.SetText("Custom motion · drag to move, corners to resize")
		default:
			v.info.SetText("Automatic motion · drag to move, corners to resize")
		}
		if r.Direction == project.DirSubject || p.Slides[i].Motion != nil {
			subj, known := v.w.smart.subject(r.Image)
			v.info.SetText(v.info.Text + subjectSummary(subj, known))
		}
	}
	e.Refresh()
}

// rectEditor draws the photo and the two rectangles and handles the mouse.
type rectEditor struct {
	widget.BaseWidget
	v          *kenBurnsView
	img        *canvas.Image
	frame      *canvas.Rectangle
	rects      [2]*canvas.Rectangle
	labels     [2]*canvas.Text
	handles    [2][4]*canvas.Rectangle
	index      int
	srcW, srcH int
	motion     project.Motion
	kenBurns   bool
	ok         bool
	// subject outlines the detected subject of subjectPath (smartmotion.go).
	subject     *canvas.Rectangle
	subjectPath string

	// view transform: source-normalised -> widget position
	ox, oy, sw, sh float32
	frozen         bool

	// drag state
	dragging bool
	which    int // 0 start, 1 end
	corner   int // -1 move, else 0..3 (tl, tr, br, bl)
	orig     project.Rect
	from     fyne.Position
	delta    fyne.Delta
	press    *fyne.Position
}

func newRectEditor(v *kenBurnsView) *rectEditor {
	e := &rectEditor{v: v, corner: -1}
	e.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth}
	e.frame = canvas.NewRectangle(color.Transparent)
	e.frame.StrokeColor, e.frame.StrokeWidth = color.NRGBA{0x80, 0x80, 0x80, 0x80}, 1
	e.subject = newSubjectOutline()
	for k, c := range []color.NRGBA{startColor, endColor} {
		r := canvas.NewRectangle(color.Transparent)
		r.StrokeColor, r.StrokeWidth = c, 2
		e.rects[k] = r
		t := canvas.NewText([]string{"Start", "End"}[k], c)
		t.TextStyle.Bold = true
		t.TextSize = theme.TextSize() - 1
		e.labels[k] = t
		for j := range e.handles[k] {
			e.handles[k][j] = canvas.NewRectangle(c)
		}
	}
	e.ExtendBaseWidget(e)
	return e
}

func (e *rectEditor) rect(k int) project.Rect {
	if k == 0 {
		return e.motion.Start
	}
	return e.motion.End
}

// fit computes the view transform so the photo and both rects show.
func (e *rectEditor) fit(s fyne.Size) {
	if e.frozen || !e.ok || e.srcW <= 0 || e.srcH <= 0 {
		return
	}
	x0, y0, x1, y1 := 0.0, 0.0, 1.0, 1.0
	for _, r := range []project.Rect{e.motion.Start, e.motion.End} {
		x0, y0 = math.Min(x0, r.X), math.Min(y0, r.Y)
		x1, y1 = math.Max(x1, r.X+r.W), math.Max(y1, r.Y+r.H)
	}
	// Box size in source pixels, with a margin.
	bw, bh := (x1-x0)*float64(e.srcW), (y1-y0)*float64(e.srcH)
	// Room around the box for the handles and the rects' names.
	const padX, padY = 16, 26
	sc := math.Min(float64(s.Width-2*padX)/bw, float64(s.Height-2*padY)/bh)
	sc = math.Max(sc, 1e-3)
	e.sw, e.sh = float32(float64(e.srcW)*sc), float32(float64(e.srcH)*sc)
	cx, cy := (x0+x1)/2, (y0+y1)/2
	e.ox = s.Width/2 - float32(cx)*e.sw
	e.oy = s.Height/2 - float32(cy)*e.sh
}

func (e *rectEditor) toView(r project.Rect) (fyne.Position, fyne.Size) {
	return fyne.NewPos(e.ox+float32(r.X)*e.sw, e.oy+float32(r.Y)*e.sh),
		fyne.NewSize(float32(r.W)*e.sw, float32(r.H)*e.sh)
}

func (e *rectEditor) layoutAll(s fyne.Size) {
	e.fit(s)
	vis := e.ok
	e.img.Move(fyne.NewPos(e.ox, e.oy))
	e.img.Resize(fyne.NewSize(e.sw, e.sh))
	e.frame.Move(fyne.NewPos(e.ox, e.oy))
	e.frame.Resize(fyne.NewSize(e.sw, e.sh))
	for k := range 2 {
		pos, sz := e.toView(e.rect(k))
		e.rects[k].Move(pos)
		e.rects[k].Resize(sz)
		// Start's name sits above its top-left corner (inside when there is
		// no room), End's inside its bottom-right one.
		ls := e.labels[k].MinSize()
		if k == 0 {
			y := pos.Y - ls.Height - 2
			if y < 0 {
				y = pos.Y + 6
			}
			e.labels[k].Move(fyne.NewPos(pos.X+2, y))
		} else {
			e.labels[k].Move(fyne.NewPos(pos.X+sz.Width-ls.Width-8, pos.Y+sz.Height-ls.Height-6))
		}
		e.labels[k].Resize(e.labels[k].MinSize())
		corners := [4]fyne.Position{pos, pos.AddXY(sz.Width, 0), pos.AddXY(sz.Width, sz.Height), pos.AddXY(0, sz.Height)}
		for j, h := range e.handles[k] {
			h.Move(corners[j].SubtractXY(4, 4))
			h.Resize(fyne.NewSize(8, 8))
		}
	}
	showIf(vis && e.kenBurns, e.overlay()...)
	e.v.w.smart.subjectOutline(e, e.subject, e.subjectPath)
	showIf(vis, e.img, e.frame)
}

func (e *rectEditor) overlay() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for k := range 2 {
		out = append(out, e.rects[k], e.labels[k])
		for _, h := range e.handles[k] {
			out = append(out, h)
		}
	}
	return out
}

// hit finds what the pointer grabs: a corner (handles win over bodies; the
// end rect's first, it is drawn on top), else the inside of a rect, the
// smaller one when the pointer is inside both (a start rect inside the end
// rect can be grabbed).
func (e *rectEditor) hit(p fyne.Position) (which, corner int, ok bool) {
	const grab = 10
	for _, k := range []int{1, 0} {
		pos, sz := e.toView(e.rect(k))
		corners := [4]fyne.Position{pos, pos.AddXY(sz.Width, 0), pos.AddXY(sz.Width, sz.Height), pos.AddXY(0, sz.Height)}
		for j, c := range corners {
			if abs32(p.X-c.X) <= grab && abs32(p.Y-c.Y) <= grab {
				return k, j, true
			}
		}
	}
	best, area := -1, float32(0)
	for _, k := range []int{1, 0} {
		pos, sz := e.toView(e.rect(k))
		inside := p.X >= pos.X && p.X <= pos.X+sz.Width && p.Y >= pos.Y && p.Y <= pos.Y+sz.Height
		if inside && (best < 0 || sz.Width*sz.Height < area) {
			best, area = k, sz.Width*sz.Height
		}
	}
	if best >= 0 {
		return best, -1, true
	}
	return 0, 0, false
}

// keepOnPhoto moves r so it stays on the photo (normalised 0..1): inside
// it when smaller, covering it when larger.
func keepOnPhoto(r project.Rect) project.Rect {
	clamp := func(v, size float64) float64 {
		lo, hi := math.Min(0, 1-size), math.Max(0, 1-size)
		return math.Max(lo, math.Min(hi, v))
	}
	r.X, r.Y = clamp(r.X, r.W), clamp(r.Y, r.H)
	return r
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// Dragged moves or resizes a rectangle (one undo step per drag).
func (e *rectEditor) Dragged(ev *fyne.DragEvent) {
	if !e.ok || !e.kenBurns {
		return
	}
	if !e.dragging {
		// Where the button went down: the driver's press position, else
		// (no press seen, as with test.Drag) the first event's.
		from := ev.Position
		if e.press != nil {
			from = *e.press
		}
		which, corner, ok := e.hit(from)
		if !ok {
			return
		}
		e.dragging, e.frozen = true, true
		e.which, e.corner, e.orig = which, corner, e.rect(which)
		e.from = from
		e.delta = fyne.Delta{}
	}
	e.delta.DX += ev.Dragged.DX
	e.delta.DY += ev.Dragged.DY
	r := keepOnPhoto(e.dragRect(e.from.AddXY(e.delta.DX, e.delta.DY)))
	m := e.motion
	if e.which == 0 {
		m.Start = r
	} else {
		m.End = r
	}
	i := e.index
	_ = e.v.w.ed.EditMerged("motion", func(p *project.Project) error {
		return p.SetOverride(project.FieldMotion, m, i)
	})
}

// dragRect is the grabbed rect with the pointer at p.
func (e *rectEditor) dragRect(p fyne.Position) project.Rect {
	r := e.orig
	if e.sw <= 0 || e.sh <= 0 {
		return r
	}
	if e.corner < 0 {
		r.X += float64((p.X - e.from.X) / e.sw)
		r.Y += float64((p.Y - e.from.Y) / e.sh)
		return r
	}
	pos, sz := e.toView(e.orig)
	// The opposite corner stays put.
	ax, ay := pos.X, pos.Y
	if e.corner == 0 || e.corner == 3 {
		ax = pos.X + sz.Width
	}
	if e.corner == 0 || e.corner == 1 {
		ay = pos.Y + sz.Height
	}
	aspect := sz.Width / sz.Height
	// The pointer's projection on the diagonal sets the size.
	w := max((abs32(p.X-ax)+abs32(p.Y-ay)*aspect)/2, 24)
	h := w / aspect
	x, y := ax, ay
	if p.X < ax {
		x = ax - w
	}
	if p.Y < ay {
		y = ay - h
	}
	return project.Rect{
		X: float64((x - e.ox) / e.sw), Y: float64((y - e.oy) / e.sh),
		W: float64(w / e.sw), H: float64(h / e.sh),
	}
}

// MouseDown remembers where a drag starts.
func (e *rectEditor) MouseDown(ev *desktop.MouseEvent) {
	p := ev.Position
	e.press = &p
}

// MouseUp forgets the press.
func (e *rectEditor) MouseUp(*desktop.MouseEvent) { e.press = nil }

// DragEnd closes the undo step.
func (e *rectEditor) DragEnd() {
	e.dragging, e.frozen, e.press = false, false, nil
	e.v.w.ed.EndMerge()
	e.Refresh()
}

// Cursor shows a move cursor over the rectangles.
func (e *rectEditor) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer draws the photo and the overlay.
func (e *rectEditor) CreateRenderer() fyne.WidgetRenderer { return &rectRenderer{e: e} }

type rectRenderer struct{ e *rectEditor }

func (r *rectRenderer) Layout(s fyne.Size) { r.e.layoutAll(s) }
func (r *rectRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 120) }
func (r *rectRenderer) Destroy()           {}
func (r *rectRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.e.img, r.e.frame, r.e.subject}, r.e.overlay()...)
}
func (r *rectRenderer) Refresh() {
	r.e.layoutAll(r.e.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}
