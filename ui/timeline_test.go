package ui

import (
	"context"
	"math"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

func visibleNums(w *waveform) []*canvasTextPos {
	var out []*canvasTextPos
	for _, t := range w.nums {
		if t.Visible() {
			out = append(out, &canvasTextPos{t.Text, t.Position().X, t.MinSize().Width})
		}
	}
	return out
}

type canvasTextPos struct {
	text string
	x, w float32
}

// manySlides makes a project of n slides of one photo, 3 s each.
func manySlides(t *testing.T, w *editorWindow, n int) {
	photo := writePhotos(t, t.TempDir(), 1)[0]
	paths := make([]string, n)
	for i := range paths {
		paths[i] = photo
	}
	if err := w.ed.AddImages(paths...); err != nil {
		t.Fatal(err)
	}
}

func TestTimelineZoomScrollAndNumbers(t *testing.T) {
	w := newFakeWindow(t)
	manySlides(t, w, 1000)
	wave := w.wave
	wave.Resize(fyne.NewSize(1200, waveHeight))
	wave.zoomFit()
	tl := w.ed.Timeline()

	// Whole show: numbers never overlap and only a few exist.
	checkNums := func(what string) int {
		t.Helper()
		nums := visibleNums(wave)
		for i := 1; i < len(nums); i++ {
			if nums[i].x < nums[i-1].x+nums[i-1].w {
				t.Fatalf("%s: numbers %s and %s overlap", what, nums[i-1].text, nums[i].text)
			}
		}
		if len(nums) == 0 {
			t.Fatalf("%s: no slide numbers", what)
		}
		return len(nums)
	}
	if n := checkNums("whole show"); n > 100 || len(wave.nums) > 200 {
		t.Fatalf("whole show: %d numbers shown, %d labels exist", n, len(wave.nums))
	}

	// "+" zooms in around the playhead; the slider follows.
	w.seek(tl.Frames / 2)
	key := func(k fyne.KeyName) { w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	for range 30 {
		key(fyne.KeyPlus)
	}
	secs := wave.fpp * wave.width() / float64(tl.FPS)
	if math.Abs(secs-minViewSeconds) > 0.01 {
		t.Fatalf("fully zoomed in, the strip shows %.2f s", secs)
	}
	if w.bar.zoom.Value < 0.999 {
		t.Fatalf("zoom slider at %.3f", w.bar.zoom.Value)
	}
	if x := wave.xOf(w.prev.Frame(), 0); x < 0 || float64(x) > wave.width() {
		t.Fatalf("the playhead left the view (x=%.0f)", x)
	}
	checkNums("zoomed in")

	// Zoom to one slide per 200 units: every slide is numbered.
	wave.fit, wave.fpp = false, 72.0/200
	wave.viewChanged()
	i0, i1 := wave.visibleSpans()
	if n := checkNums("a slide per 200 units"); n < i1-i0-1 {
		t.Fatalf("%d numbers for %d visible slides", n, i1-i0)
	}

	// Scrolling moves the view; the scroll bar follows.
	s0 := wave.start
	wave.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -10}})
	if wave.start <= s0 {
		t.Fatalf("wheel did not scroll: %.0f -> %.0f", s0, wave.start)
	}
	w.bar.scroll.SetValue(1)
	if end := wave.start + wave.fpp*wave.width(); math.Abs(end-float64(tl.Frames)) > 1 {
		t.Fatalf("scroll bar at the end shows up to frame %.0f of %d", end, tl.Frames)
	}

	// Page-wise following: a playhead out of view turns the page.
	w.seek(100)
	if x := wave.xOf(100, 0); x < 0 || float64(x) > wave.width()/4 {
		t.Fatalf("after a seek out of view the playhead is at x=%.0f", x)
	}

	// The slider and "Fit show" go back to the whole show.
	w.bar.zoom.SetValue(0)
	if !wave.fit {
		t.Fatal("zoom slider at 0 is not the whole show")
	}
	key(fyne.KeyMinus)
	if !wave.fit || wave.start != 0 {
		t.Fatal("zooming out past the whole show")
	}
}

func TestDragSlideEdge(t *testing.T) {
	w := newFakeWindow(t)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...) // 3 s slides, 0.5 s crossfades
	wave := w.wave
	wave.Resize(fyne.NewSize(800, waveHeight))
	wave.zoomFit()
	tl := w.ed.Timeline()
	total := tl.Frames
	// The boundary between slides 1 and 2, dragged 1 s to the right.
	x := wave.xOf(tl.Spans[1].Start, 0)
	perSec := float32(float64(tl.FPS) / wave.fpp)
	drag(wave, x, perSec)
	if d := w.ed.Project().Resolve(0).Duration; math.Abs(d-4) > 0.05 {
		t.Fatalf("slide 1 lasts %.2f s after the drag", d)
	}
	if got := w.ed.Timeline().Frames; got != total+24 {
		t.Fatalf("fixed durations: total %d frames, want %d", got, total+24)
	}
	// One undo step.
	w.ed.Undo()
	if d := w.ed.Project().Resolve(0).Duration; d != 3 {
		t.Fatalf("after undo slide 1 lasts %.2f s", d)
	}

	// Fit to music: the neighbour gives way, the total stays.
	fitToSong(t, w)
	w.ed.SetDurations(project.MediaDurations{Music: 20})
	tl = w.ed.Timeline()
	total = tl.Frames
	wave.zoomFit()
	perSec = float32(float64(tl.FPS) / wave.fpp)
	drag(wave, wave.xOf(tl.Spans[1].Start, 0), -perSec)
	tl2 := w.ed.Timeline()
	if tl2.Frames != total {
		t.Fatalf("fit to music: total %d frames, was %d", tl2.Frames, total)
	}
	if d := tl2.Spans[1].Start - tl.Spans[1].Start; d > -20 || d < -28 {
		t.Fatalf("the boundary moved by %d frames, want about -24", d)
	}
	if tl2.Spans[2].Start != tl.Spans[2].Start {
		t.Fatalf("slide 3 moved from %d to %d", tl.Spans[2].Start, tl2.Spans[2].Start)
	}
}

// drag drags the waveform from x by dx in small steps.
func drag(wave *waveform, x, dx float32) {
	const steps = 4
	for i := 1; i <= steps; i++ {
		wave.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{Position: fyne.NewPos(x+dx*float32(i)/steps, 20)},
			Dragged:    fyne.Delta{DX: dx / steps},
		})
	}
	wave.DragEnd()
	_ = test.NewTempApp
}

// rampSource is a PeakSource whose peak at t seconds is t/secs, so a test
// can tell which stretch each column asked for.
type rampSource struct {
	secs float64
	mu   sync.Mutex
	asks [][2]float64
}

func (r *rampSource) Seconds() float64 { return r.secs }

func (r *rampSource) Peaks(from, to float64, n int) []Peak {
	r.mu.Lock()
	r.asks = append(r.asks, [2]float64{from, to})
	r.mu.Unlock()
	out := make([]Peak, n)
	for i := range out {
		v := float32((from + (to-from)*(float64(i)+0.5)/float64(n)) / r.secs)
		out[i] = Peak{Min: -v, Max: v}
	}
	return out
}

// The waveform reads the visible stretch from the PeakSource at the
// view's resolution, so a zoomed view shows detail.
func TestWaveformZoomReadsTheSource(t *testing.T) {
	w := newFakeWindow(t)
	manySlides(t, w, 20) // 3 s - 0.5 s per slide: 50.5 s
	wave := w.wave
	wave.Resize(fyne.NewSize(400, waveHeight))
	src := &rampSource{secs: w.ed.Timeline().Seconds()}
	wave.SetMixSource(src)
	wave.fit, wave.fpp, wave.start = false, 0.12, 600 // 2 s across 400 units from 25 s
	wave.viewChanged()
	src.asks = nil
	wave.draw(400, waveHeight)
	if len(src.asks) != 400 {
		t.Fatalf("%d reads for 400 columns", len(src.asks))
	}
	first, last := src.asks[0], src.asks[len(src.asks)-1]
	if math.Abs(first[0]-25) > 0.01 || math.Abs(last[1]-27) > 0.01 {
		t.Fatalf("read %.3f..%.3f s, want 25..27 s", first[0], last[1])
	}
	if w := last[1] - last[0]; math.Abs(w-2.0/400) > 1e-4 {
		t.Fatalf("a column spans %.4f s", w)
	}
}

// A fit-to-music project shows its true length from the files' headers
// while the full decode is still running.
func TestProbedDurationsFirst(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	release := make(chan struct{})
	svc.ProbeDurations = func(context.Context, *project.Project) (project.MediaDurations, error) {
		return project.MediaDurations{Music: 60}, nil
	}
	svc.Durations = func(ctx context.Context, p *project.Project) (project.MediaDurations, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return project.MediaDurations{Music: 60.01}, nil
	}
	w := newTestWindow(t, svc)
	defer close(release)
	dropPhotos(w, writePhotos(t, t.TempDir(), 3)...)
	fitToSong(t, w)
	pump(t, "the probed length", func() bool { return w.ed.Timeline().Frames == 60*24 })
	if w.totalLbl.Text != "1:00.0" {
		t.Fatalf("total shows %q", w.totalLbl.Text)
	}
}
