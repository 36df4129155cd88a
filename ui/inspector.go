package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// Output presets offered in the inspector and the export dialog.
type preset struct {
	name string
	w, h int
}

var presets = func() []preset {
	out := make([]preset, len(project.SizePresets))
	for i, p := range project.SizePresets {
		out[i] = preset{p.Menu, p.Width, p.Height}
	}
	return out
}()

var fpsChoices = func() []string {
	out := make([]string, len(project.FrameRates))
	for i, f := range project.FrameRates {
		out[i] = fmt.Sprint(int(f))
	}
	return out
}()

var timingNames = map[project.TimingMode]string{
	project.TimingFixed:    "Fixed durations",
	project.TimingFitAudio: "Fit to music",
	project.TimingStory:    "Story (narration)",
}

var fitNames = map[project.Fit]string{
	project.FitBlur:  "Blurred background",
	project.FitColor: "Colour background",
	project.FitCrop:  "Crop to fill",
}

var easingNames = map[project.Easing]string{
	project.Linear:    "Linear",
	project.EaseInOut: "Ease in-out",
	project.EaseIn:    "Ease in",
	project.EaseOut:   "Ease out",
}

func presetName(w, h int) string {
	for _, p := range presets {
		if p.w == w && p.h == h {
			return p.name
		}
	}
	return fmt.Sprintf("Custom · %d×%d", w, h)
}

func kindNames() []string {
	var s []string
	for _, k := range project.TransitionKinds {
		s = append(s, kindName(k))
	}
	return s
}

func kindByName(n string) project.TransitionKind {
	for _, k := range project.TransitionKinds {
		if kindName(k) == n {
			return k
		}
	}
	return project.Crossfade
}

func names[T comparable](order []T, m map[T]string) []string {
	var s []string
	for _, k := range order {
		s = append(s, m[k])
	}
	return s
}

func byName[T comparable](m map[T]string, n string) (T, bool) {
	for k, v := range m {
		if v == n {
			return k, true
		}
	}
	var zero T
	return zero, false
}

// slideControls are the per-setting widgets, used twice: for the selected
// slides and for the project defaults.
type slideControls struct {
	dur    *numField
	kind   *widget.Select
	tdur   *numField
	kb     *widget.Check
	zoom   *numField
	easing *widget.Select
	dir    *widget.Select
	fit    *widget.Select
	resets map[project.Field]*widget.Button
	quiet  bool
}

// inspector is the right-hand panel: the selected slides, the project
// (output, timing, defaults) and the sound.
type inspector struct {
	w     *editorWindow
	root  fyne.CanvasObject
	tabs  *container.AppTabs
	head  *widget.Label
	slide *slideControls
	def   *slideControls

	swap, resetMotion, editMotion *widget.Button
	narration                     *widget.Label
	timingNote                    *widget.Label
	narrChoose, narrRemove        *widget.Button
	caption                       *widget.Entry

	preset, fps, timing *widget.Select
	total               *widget.Label
	capPos              *widget.Select
	capSize             *numField
	colorRows           []func(p *project.Project)

	music            *widget.Label
	musicRemove      *widget.Button
	gain, nGain      *numField
	fadeIn, fadeOut  *numField
	loop, duck, norm *widget.Check
	duckDepth, gap   *numField
	quiet            bool
}

func newInspector(w *editorWindow) *inspector {
	in := &inspector{w: w}
	in.slide = in.controls(false)
	in.def = in.controls(true)

	// Slide tab.
	in.head = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.head.Truncation = fyne.TextTruncateEllipsis
	in.swap = widget.NewButtonWithIcon("Swap", theme.ViewRefreshIcon(), in.swapMotion)
	in.resetMotion = widget.NewButtonWithIcon("Reset", theme.HistoryIcon(), func() {
		in.editSlides("", func(p *project.Project, sel []int) error {
			p.ClearOverride(project.FieldMotion, sel...)
			return nil
		})
	})
	in.editMotion = widget.NewButtonWithIcon("Edit on photo", theme.ViewFullScreenIcon(), func() { w.tabs.SelectIndex(kbTab) })
	in.narration = widget.NewLabel("")
	in.narration.Truncation = fyne.TextTruncateEllipsis
	in.narrChoose = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), in.chooseNarration)
	in.narrRemove = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		in.editSlides("", func(p *project.Project, sel []int) error {
			for _, i := range sel {
				p.Slides[i].Narration = nil
			}
			return nil
		})
	})
	in.caption = widget.NewEntry()
	in.caption.SetPlaceHolder("Caption (optional)")
	in.caption.OnChanged = func(s string) {
		if in.quiet {
			return
		}
		in.editSlides("caption", func(p *project.Project, sel []int) error {
			for _, i := range sel {
				p.Slides[i].Caption = s
			}
			return nil
		})
	}
	in.timingNote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	in.timingNote.Wrapping = fyne.TextWrapWord
	in.timingNote.Hide()
	sc := in.slide
	slideTab := container.NewVBox(
		in.head,
		widget.NewSeparator(),
		section("Timing", sc.dur.row, in.timingNote, labeledReset("Transition", sc.kind, sc.resets[project.FieldTransition]), sc.tdur.row),
		section("Ken Burns",
			container.NewBorder(nil, nil, nil, sc.resets[project.FieldKenBurns], sc.kb),
			sc.zoom.row,
			labeledReset("Direction", sc.dir, sc.resets[project.FieldDirection]),
			labeledReset("Easing", sc.easing, sc.resets[project.FieldEasing]),
			labeledReset("Fit", sc.fit, sc.resets[project.FieldFit]),
			container.NewGridWithColumns(3, in.editMotion, in.swap, in.resetMotion),
		),
		section("Narration & caption",
			container.NewBorder(nil, nil, nil, container.NewHBox(in.narrChoose, in.narrRemove), in.narration),
			in.caption,
		),
	)

	// Project tab.
	in.preset = widget.NewSelect(presetNames(), func(s string) {
		if in.quiet {
			return
		}
		for _, p := range presets {
			if p.name == s {
				in.editProject("", func(pr *project.Project) { pr.Output.Width, pr.Output.Height = p.w, p.h })
			}
		}
	})
	in.fps = widget.NewSelect(fpsChoices, func(s string) {
		if in.quiet {
			return
		}
		var f int
		fmt.Sscan(s, &f)
		in.editProject("", func(pr *project.Project) { pr.Output.FPS = project.FPS(f) })
	})
	in.timing = widget.NewSelect(names(project.TimingModes, timingNames), func(s string) {
		if in.quiet {
			return
		}
		if m, ok := byName(timingNames, s); ok {
			in.editProject("", func(pr *project.Project) { pr.Timing = m })
		}
	})
	in.total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bgRow := in.colorRow("Background", "The colour around photos that do not fill the frame",
		func(p *project.Project) *string { return &p.Background.Color })
	capText := in.colorRow("Text", "The captions' colour",
		func(p *project.Project) *string { return &p.Caption.Color })
	capOutline := in.colorRow("Outline", "The outline around the captions' letters",
		func(p *project.Project) *string { return &p.Caption.Outline })
	in.capPos = widget.NewSelect(names(captionPositions, captionNames), func(s string) {
		if in.quiet {
			return
		}
		if pos, ok := byName(captionNames, s); ok {
			in.editProject("", func(p *project.Project) { p.Caption.Position = pos })
		}
	})
	in.capSize = newNumField("Size", "%", 2, 20, 0.5, 1, 50, 1, func(v float64) {
		in.editProject("capsize", func(p *project.Project) { p.Caption.Size = v / 100 })
	}, w.ed.EndMerge)
	dc := in.def
	allBtn := widget.NewButtonWithIcon("Apply all defaults to every slide", theme.ContentCopyIcon(), func() {
		in.editProjectErr("", func(p *project.Project) error {
			for _, st := range project.Settings() {
				if err := p.SetDefault(st.Field, st.Default(p), true); err != nil {
					return err
				}
			}
			return nil
		})
	})
	projectTab := container.NewVBox(
		section("Output",
			labeled("Format", in.preset),
			labeled("Frame rate", in.fps),
			labeled("Timing", in.timing),
			labeled("Snap to beat", in.w.smart.snap),
			labeled("Length", in.total),
			bgRow,
		),
		section("Captions",
			labeled("Position", in.capPos),
			in.capSize.row,
			capText, capOutline,
		),
		section("Slide defaults",
			dc.dur.row,
			labeledReset("Transition", dc.kind, dc.resets[project.FieldTransition]),
			dc.tdur.row,
			container.NewBorder(nil, nil, nil, dc.resets[project.FieldKenBurns], dc.kb),
			dc.zoom.row,
			labeledReset("Direction", dc.dir, dc.resets[project.FieldDirection]),
			labeledReset("Easing", dc.easing, dc.resets[project.FieldEasing]),
			labeledReset("Fit", dc.fit, dc.resets[project.FieldFit]),
			allBtn,
		),
	)

	// Sound tab.
	in.music = widget.NewLabel("")
	in.music.Truncation = fyne.TextTruncateEllipsis
	in.musicRemove = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		in.editProject("", func(p *project.Project) { p.Soundtrack.Music = nil })
	})
	soundNum := func(label, unit string, lo, hi, step float64, key string, set func(p *project.Project, v float64)) *numField {
		return newNumField(label, unit, lo, hi, step, lo, hi, 1, func(v float64) {
			in.editProject(key, func(p *project.Project) { set(p, v) })
		}, w.ed.EndMerge)
	}
	in.gain = soundNum("Volume", "dB", -30, 10, 0.5, "gain", func(p *project.Project, v float64) { p.Soundtrack.MusicGainDB = v })
	in.nGain = soundNum("Volume", "dB", -30, 10, 0.5, "ngain", func(p *project.Project, v float64) { p.Soundtrack.NarrationGainDB = v })
	in.fadeIn = soundNum("Fade in", "s", 0, 10, 0.1, "fadein", func(p *project.Project, v float64) { p.Soundtrack.FadeIn = v })
	in.fadeOut = soundNum("Fade out", "s", 0, 10, 0.1, "fadeout", func(p *project.Project, v float64) { p.Soundtrack.FadeOut = v })
	in.duckDepth = soundNum("Duck by", "dB", -30, 0, 0.5, "duck", func(p *project.Project, v float64) { p.Soundtrack.Ducking.DepthDB = v })
	in.gap = soundNum("Gap", "s", 0, 3, 0.1, "gap", func(p *project.Project, v float64) { p.Soundtrack.NarrationGap = v })
	check := func(label string, set func(p *project.Project, on bool)) *widget.Check {
		return widget.NewCheck(label, func(on bool) {
			if !in.quiet {
				in.editProject("", func(p *project.Project) { set(p, on) })
			}
		})
	}
	in.loop = check("Loop the music", func(p *project.Project, on bool) { p.Soundtrack.Loop = on })
	in.duck = check("Lower the music under narration", func(p *project.Project, on bool) { p.Soundtrack.Ducking.Enabled = on })
	in.norm = check("Normalize loudness (-14 LUFS)", func(p *project.Project, on bool) { p.Soundtrack.Normalize = on })
	soundTab := container.NewVBox(
		section("Music",
			container.NewBorder(nil, nil, nil,
				container.NewHBox(widget.NewButtonWithIcon("", theme.FolderOpenIcon(), in.chooseMusic), in.musicRemove),
				in.music),
			in.gain.row, in.loop, in.fadeIn.row, in.fadeOut.row,
		),
		section("Narration", in.nGain.row, in.duck, in.duckDepth.row, in.gap.row),
		section("Loudness", in.norm),
	)

	pad := func(o fyne.CanvasObject) fyne.CanvasObject { return container.NewVScroll(container.NewPadded(o)) }
	in.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Slide", theme.FileImageIcon(), pad(slideTab)),
		container.NewTabItemWithIcon("Project", theme.SettingsIcon(), pad(projectTab)),
		container.NewTabItemWithIcon("Sound", theme.VolumeUpIcon(), pad(soundTab)),
	)
	in.root = in.tabs
	return in
}

func presetNames() []string {
	var s []string
	for _, p := range presets {
		s = append(s, p.name)
	}
	return s
}

// labeledReset is "label [object] [reset]"; without a reset button the
// room is kept so the rows line up.
func labeledReset(label string, o fyne.CanvasObject, reset *widget.Button) fyne.CanvasObject {
	var end fyne.CanvasObject = reset
	if reset == nil {
		r := canvas.NewRectangle(color.Transparent)
		r.SetMinSize(iconButton(theme.HistoryIcon(), nil).MinSize())
		end = r
	}
	return container.NewBorder(nil, nil, container.New(&fixedWidth{w: labelWidth}, widget.NewLabel(label)), end, o)
}

// controls builds the slide setting widgets; def selects the project
// defaults (with "apply to all") instead of the selected slides (with
// "back to default").
func (in *inspector) controls(def bool) *slideControls {
	c := &slideControls{resets: map[project.Field]*widget.Button{}}
	set := func(f project.Field, key string, v any) {
		if c.quiet {
			return
		}
		if def {
			in.editProjectErr(key, func(p *project.Project) error { return p.SetDefault(f, v, false) })
			return
		}
		in.editSlides(key, func(p *project.Project, sel []int) error {
			return p.SetOverride(f, v, sel...)
		})
	}
	end := in.w.ed.EndMerge
	for _, st := range project.Settings() {
		f := st.Field
		if !st.HasDefault() {
			continue // motion: drawn in the Ken Burns tab
		}
		if def {
			b := widget.NewButton("All", func() {
				in.editProjectErr("", func(p *project.Project) error { return p.SetDefault(f, st.Default(p), true) })
			})
			b.Importance = widget.LowImportance
			c.resets[f] = b
		} else {
			b := iconButton(theme.HistoryIcon(), func() {
				in.editSlides("", func(p *project.Project, sel []int) error {
					p.ClearOverride(f, sel...)
					return nil
				})
			})
			c.resets[f] = b
		}
	}
	c.dur = newNumField("Duration", "s", 0.5, 15, 0.1, 0.1, 600, 1, func(v float64) {
		set(project.FieldDuration, "dur", v)
	}, end).withButton(c.resets[project.FieldDuration])
	transition := func() project.Transition {
		return project.Transition{Kind: kindByName(c.kind.Selected), Duration: c.tdur.value}
	}
	c.kind = widget.NewSelect(kindNames(), func(string) { set(project.FieldTransition, "", transition()) })
	c.tdur = newNumField("Length", "s", 0, 3, 0.05, 0, 30, 2, func(float64) {
		set(project.FieldTransition, "tdur", transition())
	}, end).withSpace(c.resets[project.FieldZoom])
	c.kb = widget.NewCheck("Ken Burns motion", func(on bool) { set(project.FieldKenBurns, "", on) })
	c.zoom = newNumField("Zoom", "×", 1, 2.5, 0.01, project.MinZoom, project.MaxZoom, 2, func(v float64) {
		set(project.FieldZoom, "zoom", v)
	}, end).withButton(c.resets[project.FieldZoom])
	c.easing = widget.NewSelect(names(project.Easings, easingNames), func(s string) {
		if e, ok := byName(easingNames, s); ok {
			set(project.FieldEasing, "", e)
		}
	})
	dirs := names(project.Directions, directionNames)
	if !def {
		dirs = append(dirs, dirCustom) // shown for hand-drawn rectangles
	}
	c.dir = widget.NewSelect(dirs, func(s string) {
		if s == dirCustom {
			if !c.quiet {
				in.w.tabs.SelectIndex(kbTab) // drawn on the photo, in the Ken Burns tab
			}
			return
		}
		if d, ok := byName(directionNames, s); ok {
			set(project.FieldDirection, "", d)
		}
	})
	c.fit = widget.NewSelect(names(project.Fits, fitNames), func(s string) {
		if f, ok := byName(fitNames, s); ok {
			set(project.FieldFit, "", f)
		}
	})
	return c
}

// show sets the controls to r's values without making edits.
func (c *slideControls) show(r project.Resolved, overridden func(project.Field) bool) {
	c.quiet = true
	defer func() { c.quiet = false }()
	setNum(c.dur, r.Duration)
	setSelected(c.kind, kindName(r.Transition.Kind))
	setNum(c.tdur, r.Transition.Duration)
	c.kb.SetChecked(r.KenBurns)
	setNum(c.zoom, r.Zoom)
	setSelected(c.easing, easingNames[r.Easing])
	if r.Motion != nil {
		setSelected(c.dir, dirCustom)
	} else {
		setSelected(c.dir, directionNames[r.Direction])
	}
	setSelected(c.fit, fitNames[r.Fit])
	for f, b := range c.resets {
		if overridden(f) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if r.KenBurns {
		c.zoom.Enable(true)
		c.easing.Enable()
		c.dir.Enable()
	} else {
		c.zoom.Enable(false)
		c.easing.Disable()
		c.dir.Disable()
	}
	if r.Transition.Kind == project.Cut {
		c.tdur.Enable(false)
	} else {
		c.tdur.Enable(true)
	}
}

func (c *slideControls) enable(on bool) {
	for _, n := range []*numField{c.dur, c.tdur, c.zoom} {
		n.Enable(on)
	}
	enableIf(on, c.kind, c.easing, c.dir, c.fit, c.kb)
}

// editSlides applies an edit to the selected slides (merged by key).
func (in *inspector) editSlides(key string, fn func(p *project.Project, sel []int) error) {
	sel := in.w.ed.Selection()
	if len(sel) == 0 {
		return
	}
	err := in.w.ed.EditMerged(key, func(p *project.Project) error { return fn(p, sel) })
	if err != nil {
		dialog.ShowError(err, in.w.win)
	}
}

// editProject applies an edit to the project (merged by key).
func (in *inspector) editProject(key string, fn func(p *project.Project)) {
	in.editProjectErr(key, func(p *project.Project) error { fn(p); return nil })
}

// editProjectErr applies an edit that the model may refuse; the project is
// then left as it was and the reason is shown.
func (in *inspector) editProjectErr(key string, fn func(p *project.Project) error) {
	if err := in.w.ed.EditMerged(key, fn); err != nil {
		dialog.ShowError(err, in.w.win)
	}
}

// refresh shows the project's current values: the selected slides, the
// show's defaults, the output and the sound.
func (in *inspector) refresh() {
	p := in.w.ed.Project()
	in.quiet = true
	defer func() { in.quiet = false }()

	if sel := in.w.ed.Selection(); len(sel) == 0 {
		in.refreshNoSlide()
	} else {
		in.refreshSlide(p, sel)
	}
	in.refreshDefaults(p)
	in.refreshOutput(p)
	in.refreshSound(p)
}

// refreshSelection shows the selected slides after a change of the
// selection alone: the show's defaults, output and sound are as they were
// (refreshDefaults alone looks at every slide of the show).
func (in *inspector) refreshSelection() {
	in.quiet = true
	defer func() { in.quiet = false }()
	if sel := in.w.ed.Selection(); len(sel) == 0 {
		in.refreshNoSlide()
	} else {
		in.refreshSlide(in.w.ed.Project(), sel)
	}
}

// refreshNoSlide empties the slide section.
func (in *inspector) refreshNoSlide() {
	setLabel(in.head, "No slide selected")
	in.slide.enable(false)
	for _, b := range []*widget.Button{in.swap, in.resetMotion, in.editMotion, in.narrChoose, in.narrRemove} {
		b.Disable()
	}
	in.timingNote.Hide()
	in.caption.Disable()
	setLabel(in.narration, "")
}

// refreshSlide shows the first selected slide; a setting shows as its own
// when any selected slide overrides it.
func (in *inspector) refreshSlide(p *project.Project, sel []int) {
	i := sel[0]
	r := p.Resolve(i)
	if len(sel) == 1 {
		setLabel(in.head, fmt.Sprintf("Slide %d of %d  ·  %s", i+1, len(p.Slides), baseName(r.Image)))
	} else {
		setLabel(in.head, fmt.Sprintf("%d slides selected (showing slide %d)", len(sel), i+1))
	}
	in.slide.enable(true)
	s := p.Slides[i]
	in.slide.show(r, func(f project.Field) bool {
		for _, j := range sel {
			if overridden(p.Slides[j], f) {
				return true
			}
		}
		return false
	})
	for _, b := range []*widget.Button{in.editMotion, in.narrChoose} {
		b.Enable()
	}
	enableIf(r.KenBurns, in.swap)
	enableIf(s.Motion != nil, in.resetMotion)
	in.refreshTimingNote(i, r)
	in.caption.Enable()
	if in.caption.Text != s.Caption {
		in.caption.SetText(s.Caption)
	}
	if r.Narration != "" {
		setLabel(in.narration, "♪ "+baseName(r.Narration))
	} else {
		setLabel(in.narration, "No narration")
	}
	enableIf(r.Narration != "", in.narrRemove)
}

// refreshTimingNote says how long slide i (resolved r) is on screen when
// the show's timing, not its own duration, decides.
func (in *inspector) refreshTimingNote(i int, r project.Resolved) {
	tl := in.w.ed.Timeline()
	switch {
	case i < len(tl.Spans) && tl.Mode == project.TimingFitAudio:
		setLabel(in.timingNote, fmt.Sprintf("Fit to music: on screen for %.2f s", tl.Spans[i].Seconds))
		in.timingNote.Show()
	case i < len(tl.Spans) && tl.Mode == project.TimingStory && tl.Spans[i].Seconds != r.Duration:
		setLabel(in.timingNote, fmt.Sprintf("Story: on screen for %.2f s (narration + gap)", tl.Spans[i].Seconds))
		in.timingNote.Show()
	default:
		in.timingNote.Hide()
	}
}

// refreshDefaults shows the show's defaults; a setting is marked when some
// slide overrides it.
func (in *inspector) refreshDefaults(p *project.Project) {
	d := p.Defaults
	in.def.show(project.Resolved{Duration: d.Duration, Transition: d.Transition, KenBurns: d.KenBurns,
		Zoom: d.Zoom, Easing: d.Easing, Fit: d.Fit, Direction: d.Direction}, func(f project.Field) bool {
		for _, s := range p.Slides {
			if overridden(s, f) {
				return true
			}
		}
		return false
	})
}

// refreshOutput shows the output size, rate, timing, total length, colours
// and caption style.
func (in *inspector) refreshOutput(p *project.Project) {
	selectOrAdd(in.preset, presetNames(), presetName(p.Output.Width, p.Output.Height))
	selectOrAdd(in.fps, fpsChoices, fmt.Sprint(int(p.Output.FPS)))
	setSelected(in.timing, timingNames[p.Timing])
	in.w.smart.refreshSnap(p)
	tl := in.w.ed.Timeline()
	extra := ""
	if p.Timing != tl.Mode {
		extra = "  (no music: fixed)"
	}
	setLabel(in.total, formatTime(tl.Seconds())+extra)

	for _, f := range in.colorRows {
		f(p)
	}
	setSelected(in.capPos, captionNames[p.Caption.Position])
	setNum(in.capSize, p.Caption.Size*100)
}

// refreshSound shows the soundtrack's settings.
func (in *inspector) refreshSound(p *project.Project) {
	st := p.Soundtrack
	if len(st.Music) > 0 {
		setLabel(in.music, "♪ "+baseName(st.Music[0].Path))
	} else {
		setLabel(in.music, "No music")
	}
	enableIf(len(st.Music) > 0, in.musicRemove)
	setNum(in.gain, st.MusicGainDB)
	setNum(in.nGain, st.NarrationGainDB)
	setNum(in.fadeIn, st.FadeIn)
	setNum(in.fadeOut, st.FadeOut)
	setNum(in.duckDepth, st.Ducking.DepthDB)
	setNum(in.gap, st.NarrationGap)
	in.loop.SetChecked(st.Loop)
	in.duck.SetChecked(st.Ducking.Enabled)
	in.duckDepth.Enable(st.Ducking.Enabled)
	in.gap.Enable(p.Timing == project.TimingStory)
	in.norm.SetChecked(st.Normalize)
	if t := fmt.Sprintf("Normalize loudness (%.0f LUFS)", st.TargetLUFS); in.norm.Text != t {
		in.norm.Text = t
		in.norm.Refresh()
	}
}

// overridden reports whether slide s sets field f itself.
func overridden(s project.Slide, f project.Field) bool {
	st, ok := f.Setting()
	return ok && st.Overridden(s)
}

// swapMotion plays the selected slides' Ken Burns motion backwards.
func (in *inspector) swapMotion() {
	in.editSlides("", func(p *project.Project, sel []int) error {
		for _, i := range sel {
			m, ok := in.w.kb.motionOf(p, i)
			if !ok {
				return fmt.Errorf("slide %d: the photo's size is not known yet", i+1)
			}
			if err := p.SetOverride(project.FieldMotion, m.Swapped(), i); err != nil {
				return err
			}
		}
		return nil
	})
}

var audioExts = []string{".mp3", ".wav", ".flac", ".ogg", ".oga", ".m4a", ".aac", ".opus"}

// chooseMusic picks the music file.
func (in *inspector) chooseMusic() {
	in.w.files.pickFile("Choose music", audioExts, func(path string) {
		in.editProject("", func(p *project.Project) { p.Soundtrack.Music = []project.MediaRef{{Path: path}} })
		in.tabs.SelectIndex(2)
	})
}

// chooseNarration picks a narration clip for the selected slide.
func (in *inspector) chooseNarration() {
	in.w.files.pickFile("Choose narration", audioExts, func(path string) {
		in.editSlides("", func(p *project.Project, sel []int) error {
			p.Slides[sel[0]].Narration = &project.MediaRef{Path: path}
			return nil
		})
	})
}

// directionNames are the Ken Burns directions as the inspector shows them.
var directionNames = map[project.Direction]string{
	project.DirAuto: "Automatic (alternating)",
	project.DirIn:   "Zoom in · pan down/right",
	project.DirOut:  "Zoom out · pan up/left",
	// DirSubject: smartmotion.go.
	project.DirSubject: "Towards the subject (face)",
}

// dirCustom stands for a slide whose rectangles were drawn on the photo.
const dirCustom = "Custom (edited on the photo)"

// selectOrAdd selects value, offering it after base if it is not one of
// them (a project made elsewhere may use any size or rate).
func selectOrAdd(s *widget.Select, base []string, value string) {
	opts := base
	if !slices.Contains(base, value) {
		opts = append(slices.Clone(base), value)
	}
	if !slices.Equal(s.Options, opts) {
		s.SetOptions(opts)
	}
	setSelected(s, value)
}

// The setters below change a widget only when its value differs: each
// refresh costs Fyne a stack trace (its main-goroutine check) and a new
// texture, and an undo or a seek refreshes the inspector's hundred
// widgets with mostly the values they already show.

// setSelected selects value in s unless it is selected.
func setSelected(s *widget.Select, value string) {
	if s.Selected != value {
		s.SetSelected(value)
	}
}

// setLabel shows text in l unless it does.
func setLabel(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

// setNum shows v in f unless it does.
func setNum(f *numField, v float64) {
	if f.value != v || (!f.entry.focused() && f.entry.Text != f.format(v)) {
		f.Set(v)
	}
}

// Caption positions in the order the inspector offers them.
var captionPositions = []string{project.CaptionBottom, project.CaptionTop, project.CaptionCenter}

var captionNames = map[string]string{
	project.CaptionBottom: "Bottom",
	project.CaptionTop:    "Top",
	project.CaptionCenter: "Centre",
}

// colorRow is "label [swatch] Choose…" for a "#rrggbb" field of the
// project; field returns a pointer to it in the given project.
func (in *inspector) colorRow(label, hint string, field func(p *project.Project) *string) fyne.CanvasObject {
	sw := canvas.NewRectangle(color.Black)
	sw.CornerRadius = 4
	sw.StrokeColor, sw.StrokeWidth = color.NRGBA{0x80, 0x80, 0x80, 0xff}, 1
	sw.SetMinSize(fyne.NewSize(28, 20))
	choose := widget.NewButton("Choose…", func() {
		d := dialog.NewColorPicker(label, hint, func(c color.Color) {
			r, g, b, _ := c.RGBA()
			hex := fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
			in.editProject("", func(p *project.Project) { *field(p) = hex })
		}, in.w.win)
		d.Advanced = true
		if c, ok := parseHexColor(*field(in.w.ed.Project())); ok {
			d.SetColor(c)
		}
		d.Show()
	})
	in.colorRows = append(in.colorRows, func(p *project.Project) {
		if c, ok := parseHexColor(*field(p)); ok && sw.FillColor != color.Color(c) {
			sw.FillColor = c
			sw.Refresh()
		}
	})
	return labeled(label, container.NewHBox(container.NewCenter(sw), choose))
}

// parseHexColor reads "#rrggbb".
func parseHexColor(s string) (color.NRGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
}
