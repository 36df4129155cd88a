package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// zoomStep is the scale change of one +/- press or Ctrl+wheel notch.
const zoomStep = 1.5

// timelineBar is the row under the waveform: "Fit show", zoom out, the
// zoom slider, zoom in, and the horizontal scroll bar of a zoomed view.
type timelineBar struct {
	w      *waveform
	zoom   *mouseSlider
	scroll *mouseSlider
	root   fyne.CanvasObject
	quiet  bool
}

func newTimelineBar(w *waveform) *timelineBar {
	b := &timelineBar{w: w}
	b.zoom = newMouseSlider(0, 1)
	b.zoom.Step = 0.001
	b.zoom.OnChanged = func(v float64) {
		if !b.quiet {
			w.setZoomLevel(v)
		}
	}
	b.scroll = newMouseSlider(0, 1)
	b.scroll.Step = 0.0001
	b.scroll.OnChanged = func(v float64) {
		if !b.quiet {
			w.setScrollFraction(v)
		}
	}
	fit := widget.NewButtonWithIcon("Fit show", theme.ViewFullScreenIcon(), w.zoomFit)
	fit.Importance = widget.LowImportance
	out := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { b.zoomKey(zoomStep) })
	out.Importance = widget.LowImportance
	in := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { b.zoomKey(1 / zoomStep) })
	in.Importance = widget.LowImportance
	zoom := container.NewGridWrap(fyne.NewSize(140, b.zoom.MinSize().Height), b.zoom)
	left := container.NewHBox(fit, out, zoom, in)
	b.root = container.NewBorder(nil, nil, left, nil, b.scroll)
	w.onView = b.sync
	return b
}

// zoomKey zooms by f around the playhead (or the middle when it is out of
// view).
func (b *timelineBar) zoomKey(f float64) {
	w := b.w
	x := w.xOf(w.frame, 0)
	if x < 0 || float64(x) > w.width() {
		x = float32(w.width() / 2)
	}
	w.zoomBy(f, x)
}

// sync shows the waveform's view in the slider and the scroll bar.
func (b *timelineBar) sync() {
	b.quiet = true
	defer func() { b.quiet = false }()
	b.zoom.SetValue(b.w.zoomLevel())
	b.scroll.SetValue(b.w.scrollFraction())
	if b.w.fit {
		b.scroll.Disable()
	} else {
		b.scroll.Enable()
	}
}

// edgeDrag is a slide boundary being dragged on the timeline.
type edgeDrag struct {
	slide      int
	dur, next  float64 // the slide's and its neighbour's durations at the start
	perSecond  float64 // duration units per second of timeline
	fitToMusic bool
}

// dragEdge changes slide i's duration as its end boundary is dragged by d
// seconds of timeline; one drag is one undo step. With fit to music the
// next slide gives way, so the show's length stays.
func (w *editorWindow) dragEdge(i int, d float64, done bool) {
	if done {
		w.ed.EndMerge()
		w.edge = nil
		return
	}
	if w.edge == nil || w.edge.slide != i {
		w.edge = w.startEdgeDrag(i)
		if w.edge == nil {
			return
		}
	}
	e := w.edge
	delta := d * e.perSecond
	const lo, hi = 0.1, 600.0
	delta = max(lo-e.dur, min(hi-e.dur, delta))
	if e.fitToMusic {
		delta = max(e.next-hi, min(e.next-lo, delta))
	}
	err := w.ed.EditMerged("edge-drag", func(p *project.Project) error {
		if err := p.SetOverride(project.FieldDuration, e.dur+delta, i); err != nil {
			return err
		}
		if e.fitToMusic {
			return p.SetOverride(project.FieldDuration, e.next-delta, i+1)
		}
		return nil
	})
	if err != nil {
		w.setStatus(err.Error())
	}
}

func (w *editorWindow) startEdgeDrag(i int) *edgeDrag {
	p, tl := w.ed.Project(), w.ed.Timeline()
	if i < 0 || i+1 >= len(p.Slides) || i >= len(tl.Spans) || tl.Spans[i].Seconds <= 0 {
		return nil
	}
	e := &edgeDrag{slide: i, dur: p.Resolve(i).Duration, next: p.Resolve(i + 1).Duration}
	e.perSecond = e.dur / tl.Spans[i].Seconds
	e.fitToMusic = tl.Mode == project.TimingFitAudio
	return e
}
