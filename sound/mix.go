package sound

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/slidereel/slidereel/project"
)

// SampleRate is the project's audio rate in Hz. Every input is converted to
// it, stereo, before mixing.
const SampleRate = 48000

// Durations decodes the project's music and narration into the PCM cache
// (so NewMix does not decode them again) and returns their lengths on
// the project's sample grid: Music is the sum of the music files played once,
// Narration[i] the length of slide i's clip (0 without one). Errors name the
// file.
func Durations(ctx context.Context, p *project.Project) (project.MediaDurations, error) {
	var d project.MediaDurations
	warmClips(ctx, p)
	music, err := loadMusic(ctx, p)
	if err != nil {
		return d, err
	}
	frames := 0
	for _, c := range music {
		frames += c.frames()
	}
	d.Music = float64(frames) / SampleRate
	if p.Snap.Step() > 0 {
		if d.Beats, err = MusicBeats(ctx, p); err != nil {
			return d, err
		}
	}
	narr, err := loadNarration(ctx, p)
	if err != nil {
		return d, err
	}
	d.Narration = make([]float64, len(p.Slides))
	for i, c := range narr {
		if c != nil {
			d.Narration[i] = c.seconds()
		}
	}
	return d, nil
}

// ProbeDurations is Durations from the files' headers (ProbeDuration):
// no decoding, so a fit-to-music project knows its length at once. The
// figures can differ from Durations by a few milliseconds (and by much
// more for a damaged file); the mix uses Durations.
func ProbeDurations(ctx context.Context, p *project.Project) (project.MediaDurations, error) {
	var d project.MediaDurations
	for i, m := range p.Soundtrack.Music {
		l, err := ProbeDuration(ctx, m.Path)
		if err != nil {
			return d, fmt.Errorf("music %d: %w", i+1, err)
		}
		d.Music += l.Seconds()
	}
	d.Narration = make([]float64, len(p.Slides))
	err := eachNarration(p, func(i int, path string) error {
		l, err := ProbeDuration(ctx, path)
		d.Narration[i] = l.Seconds()
		return err
	})
	return d, err
}

// eachNarration calls f with each slide's narration file, in slide order,
// and stops at the first error, naming the slide (numbered from 1).
func eachNarration(p *project.Project, f func(i int, path string) error) error {
	for i := range p.Slides {
		path := p.Resolve(i).Narration
		if path == "" {
			continue
		}
		if err := f(i, path); err != nil {
			return fmt.Errorf("narration of slide %d: %w", i+1, err)
		}
	}
	return nil
}

// MusicBeats returns the beats of the project's music as it plays from
// the start of the video: each file's beats (TrackBeats) offset by the
// lengths of the files before it. A file without a clear beat adds none.
func MusicBeats(ctx context.Context, p *project.Project) ([]float64, error) {
	music, err := loadMusic(ctx, p)
	if err != nil {
		return nil, err
	}
	var beats []float64
	offset := 0.0
	for i, c := range music {
		bt, err := TrackBeats(ctx, p.Soundtrack.Music[i].Path)
		if err != nil {
			return nil, err
		}
		for _, b := range bt.Beats {
			if b >= 0 && b < c.seconds() {
				beats = append(beats, offset+b)
			}
		}
		offset += c.seconds()
	}
	return beats, nil
}

// warmClips decodes the project's sound files into the clip cache, as many
// at once as there are CPUs (a story has a narration clip per slide, each
// mostly an ffmpeg start-up). Errors are left to the ordered loads after
// it, which name the slide.
func warmClips(ctx context.Context, p *project.Project) {
	seen := map[string]bool{}
	var paths []string
	for _, m := range p.Soundtrack.Music {
		if !seen[m.Path] {
			seen[m.Path] = true
			paths = append(paths, m.Path)
		}
	}
	for i := range p.Slides {
		if n := p.Resolve(i).Narration; n != "" && !seen[n] {
			seen[n] = true
			paths = append(paths, n)
		}
	}
	if len(paths) < 2 {
		return
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, path := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_, _ = loadSource(ctx, path)
		}()
	}
	wg.Wait()
}

// Release drops p's sound files from the registry of open sources (a Mix
// that uses them keeps them open). Decoded sound is never held in memory,
// so this only closes files sooner; the PCM cache on disk is untouched.
func Release(p *project.Project) {
	paths := map[string]bool{}
	for _, m := range p.Soundtrack.Music {
		paths[m.Path] = true
	}
	for i := range p.Slides {
		if n := p.Resolve(i).Narration; n != "" {
			paths[n] = true
		}
	}
	for path := range paths {
		forget(path)
	}
}

func loadMusic(ctx context.Context, p *project.Project) ([]*source, error) {
	var out []*source
	for i, m := range p.Soundtrack.Music {
		c, err := loadSource(ctx, m.Path)
		if err != nil {
			return nil, fmt.Errorf("music %d: %w", i+1, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Files lists every sound file the mix of p reads, music first, then the
// slides' narration in slide order. Whatever keys on the mix's inputs (the
// export's cache of encoded sound) asks here, so a new kind of source
// cannot be left out of it.
func Files(p *project.Project) []string {
	var out []string
	for _, m := range p.Soundtrack.Music {
		out = append(out, m.Path)
	}
	for i := range p.Slides {
		if path := p.Resolve(i).Narration; path != "" {
			out = append(out, path)
		}
	}
	return out
}

func loadNarration(ctx context.Context, p *project.Project) ([]*source, error) {
	out := make([]*source, len(p.Slides))
	err := eachNarration(p, func(i int, path string) error {
		c, err := loadSource(ctx, path)
		out[i] = c
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Mix is the project's sound: music, narration, ducking, fades and
// loudness normalisation, exactly Len() stereo frames at SampleRate. It is
// a recipe, not a buffer: every reader computes the samples block by block
// from the decoded sources in the PCM cache, so no buffer is as long as the
// show. The preview plays it and the export encodes it, so both hear the
// same samples. A Mix is immutable and safe for concurrent use; each
// reader has its own state.
type Mix struct {
	n          int
	music      []*source
	musicTotal int
	loop       bool
	env        musicEnvelope // duck is a template: readers copy it
	voices     []voice       // in slide order
	ng         float32
	norm       *normPlan // nil: no loudness normalisation
	// normGainDB is the gain loudness normalisation applied (0 if off).
	normGainDB float64

	sumMu sync.Mutex
	sum   *Summary // Summary, once computed
}

// voice is a narration clip placed at frame start, playing to end.
type voice struct {
	src        *source
	start, end int
}

// Warnings lists the damaged sound files the mix uses, one message each
// naming the file and saying how much of it could be read ("song.mp3 is
// damaged: 8.0 s of its 20.0 s could be read"). The mix plays what could
// be read; callers show the warnings (or refuse, in strict mode).
func (m *Mix) Warnings() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s *source) {
		if s.damage != "" && !seen[s.damage] {
			seen[s.damage] = true
			out = append(out, s.damage)
		}
	}
	for _, s := range m.music {
		add(s)
	}
	for _, v := range m.voices {
		add(v.src)
	}
	return out
}

// Warnings lists p's damaged sound files (see Mix.Warnings), decoding
// them into the PCM cache where they are not there yet. Missing or
// unreadable files are errors, as from Durations.
func Warnings(ctx context.Context, p *project.Project) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(s *source) {
		if s != nil && s.damage != "" && !seen[s.damage] {
			seen[s.damage] = true
			out = append(out, s.damage)
		}
	}
	warmClips(ctx, p)
	music, narr, err := loadSources(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, s := range append(music, narr...) {
		add(s)
	}
	return out, nil
}

// loadSources returns the decoded music files and each slide's narration
// (nil where it has none).
func loadSources(ctx context.Context, p *project.Project) (music, narr []*source, err error) {
	if music, err = loadMusic(ctx, p); err != nil {
		return nil, nil, err
	}
	if narr, err = loadNarration(ctx, p); err != nil {
		return nil, nil, err
	}
	return music, narr, nil
}

// Minimum ramp for ducking, so that an attack or release of 0 cannot click.
const minRampSeconds = 0.010

// NewMix prepares the project's sound on the timeline tl (built with
// p.Timeline(durations) from Durations). Narration of slide i starts at
// sample tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate) and plays to its end
// (or the end of the video); the music loops (or plays once) under it.
// With loudness normalisation on it streams the mix a few times to measure
// it; otherwise it reads no samples.
func NewMix(ctx context.Context, p *project.Project, tl *project.Timeline) (*Mix, error) {
	if p == nil || tl == nil {
		return nil, errors.New("sound: NewMix needs a project and a timeline")
	}
	music, narr, err := loadSources(ctx, p)
	if err != nil {
		return nil, err
	}
	n := max(tl.Samples(SampleRate), 0)
	st := p.Soundtrack
	m := &Mix{n: n, music: music, loop: st.Loop, ng: float32(dbToGain(st.NarrationGainDB))}
	for _, c := range music {
		m.musicTotal += c.frames()
	}
	active := m.placeVoices(narr, tl)
	m.env = newMusicEnvelope(st, n, active)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st.Normalize {
		if err := m.planNormalize(ctx, st.TargetLUFS, st.CeilingDBTP); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// placeVoices puts slide i's narration clip (narr[i], nil for none) at
// the start of its span, cut at the end of the video, and returns the
// intervals where narration speaks.
func (m *Mix) placeVoices(narr []*source, tl *project.Timeline) []interval {
	var active []interval
	for i, c := range narr {
		if c == nil || i >= len(tl.Spans) {
			continue
		}
		s := tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate)
		if s >= m.n {
			continue
		}
		v := voice{src: c, start: s, end: min(s+c.frames(), m.n)}
		m.voices = append(m.voices, v)
		active = append(active, interval{v.start, v.end})
	}
	return active
}

// newMusicEnvelope is the music's volume, fades and ducking under the
// active narration for a mix of n frames.
func newMusicEnvelope(st project.Soundtrack, n int, active []interval) musicEnvelope {
	env := musicEnvelope{
		n:       n,
		gain:    dbToGain(st.MusicGainDB),
		fadeIn:  secondsToSamples(st.FadeIn),
		fadeOut: secondsToSamples(st.FadeOut),
	}
	if st.Ducking.Enabled && len(active) > 0 && st.Ducking.DepthDB < 0 {
		env.duck = newDucker(active, st.Ducking.DepthDB,
			max(secondsToSamples(st.Ducking.Attack), secondsToSamples(minRampSeconds)),
			max(secondsToSamples(st.Ducking.Release), secondsToSamples(minRampSeconds)))
	}
	return env
}

// musicEnvelope is the music's gain over time: volume, fade in from 0 at
// frame 0, fade out reaching 0 exactly on the last frame (n-1), ducking.
type musicEnvelope struct {
	n               int
	gain            float64
	fadeIn, fadeOut int
	duck            *ducker
}

// at returns the gain at frame i.
func (e *musicEnvelope) at(i int) float64 {
	g := e.gain
	if e.fadeIn > 0 && i < e.fadeIn {
		g *= float64(i) / float64(e.fadeIn)
	}
	if e.fadeOut > 0 {
		if left := e.n - 1 - i; left < e.fadeOut {
			g *= float64(max(left, 0)) / float64(e.fadeOut)
		}
	}
	if e.duck != nil {
		g *= e.duck.gain(i)
	}
	return g
}

type interval struct{ start, end int }

// ducker lowers the music by depth dB while narration plays. The ramps are
// raised cosines in dB: the attack ends where the narration starts (the mix
// is offline, so it can look ahead) and the release starts where it ends.
type ducker struct {
	spans           []interval // sorted, merged
	depth           float64
	attack, release int
	next            int     // sequential-access hint
	full            float64 // gain at full depth
}

func newDucker(active []interval, depth float64, attack, release int) *ducker {
	sort.Slice(active, func(a, b int) bool { return active[a].start < active[b].start })
	var merged []interval
	for _, a := range active {
		if len(merged) > 0 && a.start <= merged[len(merged)-1].end {
			merged[len(merged)-1].end = max(merged[len(merged)-1].end, a.end)
			continue
		}
		merged = append(merged, a)
	}
	return &ducker{spans: merged, depth: depth, attack: attack, release: release, full: math.Pow(10, depth/20)}
}

// amount returns how far the music is ducked at frame i, in [0, 1].
func (d *ducker) amount(i int) float64 {
	// Spans whose reach [start-attack, end+release) ends at or before i are
	// behind us for good when i only grows; restart the hint otherwise.
	if d.next > 0 && d.next <= len(d.spans) && i < d.spans[d.next-1].end+d.release {
		d.next = 0
	}
	for d.next < len(d.spans) && d.spans[d.next].end+d.release <= i {
		d.next++
	}
	a := 0.0
	for k := d.next; k < len(d.spans) && d.spans[k].start-d.attack <= i; k++ {
		s := d.spans[k]
		var v float64
		switch {
		case i >= s.start && i < s.end:
			v = 1
		case i < s.start:
			v = raisedCosine(float64(i-(s.start-d.attack)) / float64(d.attack))
		default:
			v = raisedCosine(1 - float64(i-s.end+1)/float64(d.release))
		}
		a = math.Max(a, v)
	}
	return a
}

func (d *ducker) gain(i int) float64 {
	a := d.amount(i)
	switch a {
	case 0:
		return 1
	case 1:
		return d.full
	}
	return math.Pow(10, d.depth*a/20)
}

func raisedCosine(x float64) float64 {
	x = math.Max(0, math.Min(1, x))
	return 0.5 - 0.5*math.Cos(math.Pi*x)
}

func dbToGain(db float64) float64 {
	if math.IsNaN(db) || math.IsInf(db, 0) {
		return 1
	}
	return math.Pow(10, db/20)
}

func secondsToSamples(s float64) int {
	if math.IsNaN(s) || s <= 0 || math.IsInf(s, 0) {
		return 0
	}
	return int(math.Round(s * SampleRate))
}
