package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// Smart motion in the editor (issue 17): the subject of each photo, shown
// as an outline on the Ken Burns view and used by direction "subject";
// "Frame the Subject", which writes explicit rectangles; the beats of the
// music as ticks on the waveform; tap-along (T while playing); and the
// snap choice.

// maxSubjects bounds the subjects the editor remembers (a few dozen bytes
// each); over it the map is emptied and refilled on demand.
const maxSubjects = 4096

// subjectColor outlines the detected subject on the Ken Burns view.
var subjectColor = color.NRGBA{0xff, 0xd0, 0x40, 0xe0}

// snapNames are the snap settings as the inspector shows them.
var snapNames = map[project.Snap]string{
	project.SnapOff:   "Off",
	project.SnapBeats: "Every beat",
	project.SnapBars:  "Every bar (4 beats)",
}

type subjectResult struct {
	rect  project.Rect
	found bool
}

type smartMotion struct {
	w        *editorWindow
	subjects map[string]subjectResult
	pending  map[string]bool
	snap     *widget.Select
	quiet    bool
}

func newSmartMotion(w *editorWindow) *smartMotion {
	s := &smartMotion{w: w, subjects: map[string]subjectResult{}, pending: map[string]bool{}}
	s.snap = widget.NewSelect(names(project.Snaps, snapNames), func(v string) {
		if s.quiet {
			return
		}
		if m, ok := byName(snapNames, v); ok {
			s.w.insp.editProject("", func(p *project.Project) { p.Snap = m })
		}
	})
	return s
}

// refreshSnap shows the project's snap setting.
func (s *smartMotion) refreshSnap(p *project.Project) {
	s.quiet = true
	defer func() { s.quiet = false }()
	snap := p.Snap
	if snap == "" {
		snap = project.SnapOff
	}
	setSelected(s.snap, snapNames[snap])
}

// subject returns the photo's subject (nil if it has none) and whether it
// is known; an unknown one is detected in the background, after which the
// Ken Burns view and the preview are redrawn (on the UI goroutine).
func (s *smartMotion) subject(path string) (*project.Rect, bool) {
	if r, ok := s.subjects[path]; ok {
		if !r.found {
			return nil, true
		}
		rect := r.rect
		return &rect, true
	}
	if s.pending[path] || s.w.svc.Subject == nil {
		return nil, false
	}
	s.pending[path] = true
	detect := s.w.svc.Subject
	ctx := s.w.ctx
	go func() {
		rect, found, err := detect(ctx, path)
		onUI(func() {
			delete(s.pending, path)
			if err != nil {
				return // the photo's own error shows in the preview
			}
			if len(s.subjects) >= maxSubjects {
				clear(s.subjects)
			}
			s.subjects[path] = subjectResult{rect: rect, found: found}
			s.w.kb.refresh()
			s.w.prev.Redraw()
		})
	}()
	return nil, false
}

// motionFor is the motion the renderer draws for slide r: with direction
// "subject", about the photo's subject once it is known.
func (s *smartMotion) motionFor(p *project.Project, r project.Resolved, w, h int) project.Motion {
	var subj *project.Rect
	if r.Direction == project.DirSubject && r.Motion == nil {
		subj, _ = s.subject(r.Image)
	}
	return p.MotionForSubject(r, w, h, subj)
}

// frameSubject gives each selected slide explicit rectangles that zoom
// towards its photo's subject (or out from it, alternating as "subject"
// does), which the user can then drag; one undo step.
func (s *smartMotion) frameSubject() {
	ed := s.w.ed
	sel := ed.Selection()
	if len(sel) == 0 || s.w.svc.Subject == nil || s.w.svc.ImageSize == nil {
		s.w.status.SetText("Select the slides to frame first.")
		return
	}
	p := ed.Project().Clone()
	svc := s.w.svc
	ctx := s.w.ctx
	s.w.status.SetText(fmt.Sprintf("Finding the subject of %d photo(s)…", len(sel)))
	go func() {
		motions, found, failed := framedMotions(ctx, svc, p, sel)
		onUI(func() { s.applyFraming(p, motions, found, failed) })
	}()
}

// framedMotions detects each slide's subject and returns its motion.
func framedMotions(ctx context.Context, svc Services, p *project.Project, sel []int) (map[int]project.Motion, int, int) {
	motions := map[int]project.Motion{}
	found, failed := 0, 0
	for _, i := range sel {
		if i < 0 || i >= len(p.Slides) || ctx.Err() != nil {
			continue
		}
		r := p.Resolve(i)
		w, h, err := svc.ImageSize(r.Image)
		if err != nil {
			failed++
			continue
		}
		rect, ok, err := svc.Subject(ctx, r.Image)
		if err != nil {
			failed++
			continue
		}
		var subj *project.Rect
		if ok {
			found++
			subj = &rect
		}
		r.Direction, r.Motion, r.KenBurns = project.DirSubject, nil, true
		if !(r.Zoom > 1) {
			r.Zoom = 1.3
		}
		motions[i] = p.MotionForSubject(r, w, h, subj)
	}
	return motions, found, failed
}

func (s *smartMotion) applyFraming(before *project.Project, motions map[int]project.Motion, found, failed int) {
	err := s.w.ed.Edit(func(p *project.Project) error {
		for i, m := range motions {
			// Skip a slide that moved or changed photo meanwhile.
			if i < len(p.Slides) && p.Slides[i].Image.Path == before.Slides[i].Image.Path {
				mm := m
				p.Slides[i].Motion = &mm
			}
		}
		return nil
	})
	msg := fmt.Sprintf("Framed %d slide(s): %d with a subject, %d centred", len(motions), found, len(motions)-found)
	if failed > 0 {
		msg += fmt.Sprintf(", %d photo(s) unreadable", failed)
	}
	if err != nil {
		msg = "Frame the subject: " + err.Error()
	}
	s.w.status.SetText(msg)
}

// tap marks the next slide change at the moment T is pressed while the
// show plays: the slide on screen ends its hold there (one undo step).
func (s *smartMotion) tap() {
	w := s.w
	if !w.sound.playing() || w.sound.player == nil {
		w.status.SetText("Tap-along: press T while the show plays to place the next slide change.")
		return
	}
	secs := float64(w.sound.player.Position()) / float64(w.svc.SampleRate)
	tl := w.ed.Timeline()
	d, i, ok := tapDuration(w.ed.Project(), tl, secs)
	if !ok {
		return
	}
	if err := w.ed.Edit(func(p *project.Project) error {
		p.Slides[i].Duration = &d
		return nil
	}); err != nil {
		w.status.SetText("Tap-along: " + err.Error())
		return
	}
	w.status.SetText(fmt.Sprintf("Slide %d now changes at %s", i+2, formatTime(secs)))
}

// tapDuration is the duration that makes the slide on screen at secs hand
// over to the next one then: the start of the next slide moves to secs.
// In fit-to-music mode durations are scaled by the fit, so the set
// duration is divided by the current scale.
func tapDuration(p *project.Project, tl *project.Timeline, secs float64) (float64, int, bool) {
	fs := tl.At(tl.FrameOf(secs))
	i := fs.Slide
	if fs.Next >= 0 {
		i = fs.Next
	}
	if i < 0 || i+1 >= len(tl.Spans) {
		return 0, 0, false
	}
	sp := tl.Spans[i]
	start := tl.FPS.Seconds(sp.Start)
	d := secs - start + sp.TransitionOut.Duration
	if r := p.Resolve(i); tl.Mode == project.TimingFitAudio && r.Duration > 0 && sp.Seconds > 0 {
		d *= r.Duration / sp.Seconds
	}
	d = math.Max(d, 1/float64(tl.FPS))
	return d, i, true
}

// drawBeatTicks marks the music's beats along the bottom of the waveform
// (every fourth a little taller).
// xAt maps a frame of the timeline to a column of img.
func drawBeatTicks(img *image.RGBA, beats []float64, fps project.FPS, xAt func(frame float64) int) {
	if fps <= 0 || len(beats) == 0 {
		return
	}
	pw, ph := img.Bounds().Dx(), img.Bounds().Dy()
	tick := color.RGBA{0xff, 0xd0, 0x40, 0xa0}
	for k, b := range beats {
		x := xAt(b * float64(fps))
		if x < 0 || x >= pw {
			continue
		}
		h := 4
		if k%4 == 0 {
			h = 8
		}
		for y := ph - h; y < ph; y++ {
			img.SetRGBA(x, y, tick)
		}
	}
}

// subjectOutline places the outline of the slide's subject on the Ken
// Burns view (hidden when there is none or it is not known yet).
func (s *smartMotion) subjectOutline(e *rectEditor, o *canvas.Rectangle, path string) {
	subj, _ := s.subject(path)
	if subj == nil || !e.ok {
		o.Hide()
		return
	}
	pos, size := e.toView(*subj)
	o.Move(pos)
	o.Resize(size)
	o.Show()
}

func newSubjectOutline() *canvas.Rectangle {
	o := canvas.NewRectangle(color.Transparent)
	o.StrokeColor, o.StrokeWidth = subjectColor, 1.5
	o.Hide()
	return o
}

// snapTo snaps a time (a dragged slide edge) to the music's beats as the
// project's snap setting says; unchanged when snap is off or no beat is
// known.
func (s *smartMotion) snapTo(secs float64) float64 {
	p := s.w.ed.Project()
	t, _ := project.SnapTime(secs, s.w.ed.Durations().Beats, p.Snap.Step())
	return t
}

// subjectSummary is the Ken Burns view's note on the subject.
func subjectSummary(subj *project.Rect, known bool) string {
	switch {
	case !known:
		return " · finding the subject…"
	case subj == nil:
		return " · no clear subject (centred)"
	}
	cx, cy := subj.Center()
	return fmt.Sprintf(" · subject at %.0f%%, %.0f%%", 100*cx, 100*cy)
}
