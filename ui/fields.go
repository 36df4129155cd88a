package ui

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// numField is a slider with a numeric entry beside it, kept in sync. A
// drag is one merged edit (set); the entry applies on Enter or when it
// loses the focus, and refuses text that is not a number in range.
type numField struct {
	slider   *mouseSlider
	entry    *numEntry
	min, max float64 // what the entry accepts (the slider may show less)
	decimals int
	set      func(v float64) // an edit in progress (merged while dragging)
	end      func()          // the edit is complete
	quiet    bool
	value    float64
	right    *fyne.Container
	row      *fyne.Container
	unit     string
	// note explains, under the row, why a typed value was refused or
	// clamped; hidden otherwise.
	note *widget.Label
}

// mouseSlider is a Slider that hands the keyboard back to the window
// after the mouse used it, so Space plays and the arrows step through the
// slides again; changed with the keyboard it keeps the focus.
type mouseSlider struct{ widget.Slider }

func newMouseSlider(lo, hi float64) *mouseSlider {
	s := &mouseSlider{}
	s.Min, s.Max, s.Step = lo, hi, 1
	s.Orientation = widget.Horizontal
	s.ExtendBaseWidget(s)
	return s
}

// Tapped sets the value and gives the focus back.
func (s *mouseSlider) Tapped(e *fyne.PointEvent) {
	s.Slider.Tapped(e)
	unfocus(s)
}

// DragEnd ends the drag and gives the focus back.
func (s *mouseSlider) DragEnd() {
	s.Slider.DragEnd()
	unfocus(s)
}

// unfocus removes the focus from o if it has it.
func unfocus(o fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o.(fyne.CanvasObject)); c != nil && c.Focused() == o {
		c.Unfocus()
	}
}

// numEntry is an Entry that reports losing the focus.
type numEntry struct {
	widget.Entry
	onLeave func()
}

func newNumEntry() *numEntry {
	e := &numEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost applies the typed value.
func (e *numEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// newNumField makes a row "label [slider] [entry] unit". The slider runs
// from sMin to sMax in steps of step; the entry accepts min..max.
func newNumField(label, unit string, sMin, sMax, step, min, max float64, decimals int,
	set func(float64), end func()) *numField {
	f := &numField{min: min, max: max, decimals: decimals, set: set, end: end, unit: unit}
	f.note = widget.NewLabel("")
	f.note.Wrapping = fyne.TextWrapWord
	f.note.Importance = widget.WarningImportance
	f.note.Hide()
	f.slider = newMouseSlider(sMin, sMax)
	f.slider.Step = step
	f.slider.OnChanged = func(v float64) {
		if f.quiet {
			return
		}
		f.value = v
		f.entry.SetText(f.format(v))
		f.explain("")
		f.set(v)
	}
	f.slider.OnChangeEnded = func(float64) {
		if !f.quiet {
			f.end()
		}
	}
	f.entry = newNumEntry()
	apply := func() {
		v, note := f.typed(f.entry.Text)
		f.explain(note)
		f.entry.SetText(f.format(v))
		if v == f.value {
			return
		}
		f.value = v
		f.quiet = true
		f.slider.SetValue(v)
		f.quiet = false
		f.set(v)
		f.end()
	}
	f.entry.OnSubmitted = func(string) { apply() }
	f.entry.onLeave = apply
	lbl := widget.NewLabel(label)
	unitLbl := widget.NewLabel(unit)
	entryBox := container.New(&fixedWidth{w: 66}, f.entry)
	f.right = container.NewHBox(entryBox)
	if unit != "" {
		f.right.Add(container.New(&fixedWidth{w: 30}, unitLbl))
	}
	f.row = container.NewVBox(
		container.NewBorder(nil, nil, container.New(&fixedWidth{w: labelWidth}, lbl), f.right, f.slider),
		f.note)
	return f
}

// typed reads typed text: a number in range is taken, one out of range is
// clamped (that is what a user typing 99999 means), anything else keeps
// the value. The note says what happened when it is not plain.
func (f *numField) typed(text string) (float64, string) {
	text = strings.TrimSpace(text)
	bound := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	rng := fmt.Sprintf("from %s to %s%s", bound(f.min), bound(f.max), f.unitText())
	v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", "."), 64)
	switch {
	case text == "":
		return f.value, fmt.Sprintf("Kept %s%s: a value is needed, %s.", f.format(f.value), f.unitText(), rng)
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return f.value, fmt.Sprintf("Kept %s%s: %q is not a number; the value must be %s.", f.format(f.value), f.unitText(), text, rng)
	case v < f.min:
		return f.min, fmt.Sprintf("%s%s: %s is below the least value; it must be %s.", f.format(f.min), f.unitText(), text, rng)
	case v > f.max:
		return f.max, fmt.Sprintf("%s%s: %s is above the greatest value; it must be %s.", f.format(f.max), f.unitText(), text, rng)
	}
	return v, ""
}

func (f *numField) unitText() string {
	if f.unit == "" {
		return ""
	}
	return " " + f.unit
}

// explain shows note under the row, or hides it when note is "".
func (f *numField) explain(note string) {
	if note == "" {
		f.note.Hide()
		return
	}
	f.note.SetText(note)
	f.note.Show()
}

// withSpace reserves the room of a row-end button, so sliders line up.
func (f *numField) withSpace(like *widget.Button) *numField {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(like.MinSize())
	f.right.Add(r)
	return f
}

// withButton adds a small button at the row's end.
func (f *numField) withButton(b *widget.Button) *numField {
	f.right.Add(b)
	return f
}

func (f *numField) format(v float64) string {
	return strconv.FormatFloat(v, 'f', f.decimals, 64)
}

// Set shows v without making an edit.
func (f *numField) Set(v float64) {
	f.quiet = true
	defer func() { f.quiet = false }()
	f.value = v
	f.slider.SetValue(v)
	if !f.entry.focused() {
		f.entry.SetText(f.format(v))
	}
}

// Enable or disable the row.
func (f *numField) Enable(on bool) {
	enableIf(on, f.slider, f.entry)
}

func (e *numEntry) focused() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	return c != nil && c.Focused() == e
}

// fixedWidth lays out one object at a fixed width and its own height.
type fixedWidth struct{ w float32 }

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(l.w, s.Height))
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.w, h)
}

// labeled is "label  object" with the label at the fields' width.
func labeled(label string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.New(&fixedWidth{w: labelWidth}, widget.NewLabel(label)), nil, o)
}

// section is a titled group in the inspector.
func section(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	all := append([]fyne.CanvasObject{h}, objs...)
	return container.NewVBox(append(all, widget.NewSeparator())...)
}

// iconButton is a small low-importance button.
func iconButton(icon fyne.Resource, f func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, f)
	b.Importance = widget.LowImportance
	return b
}

// labelWidth is the width of the inspector's row labels.
const labelWidth = 94
