package sound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/gopxl/beep/v2"

	"github.com/slidereel/slidereel/project"
)

// SampleRate is the project's audio rate in Hz. Every input is converted to
// it, stereo, before mixing.
const SampleRate = 48000

// Durations decodes the project's music and narration (through the clip
// cache, so NewMix does not decode them again) and returns their lengths on
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
			_, _ = loadClip(ctx, path)
		}()
	}
	wg.Wait()
}

// Release drops p's decoded sound files from the clip cache. A finished
// Mix does not need them, and for a long show they are as large as the
// mix itself (230 MB per 10 minutes); the next NewMix decodes them again.
// The export calls it once it has its mix, so the clips are not held for
// the whole encode.
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
	c := &clipCache
	c.Lock()
	defer c.Unlock()
	for path := range paths {
		key, err := statKey(path)
		if err != nil {
			continue
		}
		e, ok := c.m[key]
		if !ok || e.elem == nil { // absent, or still being decoded
			continue
		}
		c.lru.Remove(e.elem)
		delete(c.m, key)
		c.bytes -= int64(4 * len(e.clip.data))
	}
}

func loadMusic(ctx context.Context, p *project.Project) ([]*clip, error) {
	var out []*clip
	for i, m := range p.Soundtrack.Music {
		c, err := loadClip(ctx, m.Path)
		if err != nil {
			return nil, fmt.Errorf("music %d: %w", i+1, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func loadNarration(ctx context.Context, p *project.Project) ([]*clip, error) {
	out := make([]*clip, len(p.Slides))
	for i := range p.Slides {
		path := p.Resolve(i).Narration
		if path == "" {
			continue
		}
		c, err := loadClip(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("narration of slide %d: %w", i+1, err)
		}
		out[i] = c
	}
	return out, nil
}

// Mix is the project's sound, computed once: music, narration, ducking,
// fades and loudness normalisation, exactly Len() stereo frames at
// SampleRate. The preview plays it and the export encodes it, so both hear
// the same samples. A Mix is immutable and safe for concurrent use.
type Mix struct {
	data []float32 // interleaved stereo
	n    int
	// normGainDB is the gain loudness normalisation applied (0 if off).
	normGainDB float64
}

// Minimum ramp for ducking, so that an attack or release of 0 cannot click.
const minRampSeconds = 0.010

// NewMix renders the project's sound on the timeline tl (built with
// p.Timeline(durations) from Durations). Narration of slide i starts at
// sample tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate) and plays to its end
// (or the end of the video); the music loops (or plays once) under it.
func NewMix(ctx context.Context, p *project.Project, tl *project.Timeline) (*Mix, error) {
	if p == nil || tl == nil {
		return nil, errors.New("sound: NewMix needs a project and a timeline")
	}
	music, err := loadMusic(ctx, p)
	if err != nil {
		return nil, err
	}
	narr, err := loadNarration(ctx, p)
	if err != nil {
		return nil, err
	}
	n := max(tl.Samples(SampleRate), 0)
	m := &Mix{data: make([]float32, 2*n), n: n}
	st := p.Soundtrack

	// Narration placements, also the ducking key.
	type placed struct {
		c     *clip
		start int
	}
	var voices []placed
	var active []interval
	for i, c := range narr {
		if c == nil || i >= len(tl.Spans) {
			continue
		}
		s := tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate)
		if s >= n {
			continue
		}
		voices = append(voices, placed{c, s})
		active = append(active, interval{s, min(s+c.frames(), n)})
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	writeMusic(m.data, n, music, st.Loop)
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
	env.apply(m.data)

	ng := float32(dbToGain(st.NarrationGainDB))
	for _, v := range voices {
		end := min(v.start+v.c.frames(), n)
		dst := m.data[2*v.start : 2*end]
		for i := range dst {
			dst[i] += ng * v.c.data[i]
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st.Normalize {
		if m.normGainDB, err = normalize(ctx, m.data, st.TargetLUFS, st.CeilingDBTP); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// writeMusic fills dst (n frames) with the music files played in order,
// looped or once. Loop seams are sample-exact: frame k of the mix is frame
// k mod (total music length) of the concatenated music.
func writeMusic(dst []float32, n int, music []*clip, loop bool) {
	total := 0
	for _, c := range music {
		total += c.frames()
	}
	if total == 0 {
		return
	}
	i := 0
	for i < n {
		for _, c := range music {
			k := min(c.frames(), n-i)
			copy(dst[2*i:2*(i+k)], c.data[:2*k])
			i += k
			if i >= n {
				return
			}
		}
		if !loop {
			return
		}
	}
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

func (e *musicEnvelope) apply(data []float32) {
	for i := 0; i < e.n; i++ {
		g := float32(e.at(i))
		data[2*i] *= g
		data[2*i+1] *= g
	}
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

// Len returns the mix length in stereo frames, tl.Samples(SampleRate).
func (m *Mix) Len() int { return m.n }

// Streamer returns an independent stream over the mix, at frame 0.
func (m *Mix) Streamer() beep.StreamSeeker { return &mixStreamer{m: m} }

type mixStreamer struct {
	m   *Mix
	pos int
}

func (s *mixStreamer) Stream(samples [][2]float64) (int, bool) {
	if s.pos >= s.m.n {
		return 0, false
	}
	k := min(len(samples), s.m.n-s.pos)
	src := s.m.data[2*s.pos : 2*(s.pos+k)]
	for i := 0; i < k; i++ {
		samples[i][0] = float64(src[2*i])
		samples[i][1] = float64(src[2*i+1])
	}
	s.pos += k
	return k, true
}

func (s *mixStreamer) Err() error    { return nil }
func (s *mixStreamer) Len() int      { return s.m.n }
func (s *mixStreamer) Position() int { return s.pos }

func (s *mixStreamer) Seek(p int) error {
	if p < 0 || p > s.m.n {
		return fmt.Errorf("sound: seek to %d outside the mix [0, %d]", p, s.m.n)
	}
	s.pos = p
	return nil
}

// WritePCM writes the whole mix as interleaved signed 16-bit little-endian
// stereo at SampleRate: exactly Len() frames. Samples are rounded to the
// nearest step and clamped, without dither, so the bytes are the same on
// every run (after normalisation the rounding noise sits near -100 dBFS).
func (m *Mix) WritePCM(ctx context.Context, w io.Writer) error {
	const chunk = 8192
	buf := make([]byte, 4*chunk)
	for f := 0; f < m.n; f += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(chunk, m.n-f)
		src := m.data[2*f : 2*(f+k)]
		for i, v := range src {
			s := toInt16(v)
			buf[2*i] = byte(s)
			buf[2*i+1] = byte(uint16(s) >> 8)
		}
		if _, err := w.Write(buf[:4*k]); err != nil {
			return fmt.Errorf("sound: write PCM: %w", err)
		}
	}
	return nil
}

func toInt16(v float32) int16 {
	x := math.Round(float64(v) * 32767)
	if x > 32767 {
		return 32767
	}
	if x < -32768 {
		return -32768
	}
	if x != x {
		return 0
	}
	return int16(x)
}

// Peak is the lowest and highest sample of one waveform bucket, over both
// channels, in [-1, 1] for an unclipped signal.
type Peak struct{ Min, Max float32 }

// Peaks returns min/max per bucket over the whole mix; bucket b covers
// frames [b*Len/buckets, (b+1)*Len/buckets).
func (m *Mix) Peaks(buckets int) []Peak {
	if buckets <= 0 {
		return nil
	}
	out := make([]Peak, buckets)
	peaksInto(out, m.data, 2)
	return out
}

// peaksInto fills out with min/max per bucket over interleaved data with ch
// channels.
func peaksInto(out []Peak, data []float32, ch int) {
	frames := len(data) / ch
	b := len(out)
	for k := range out {
		lo, hi := int(int64(k)*int64(frames)/int64(b)), int(int64(k+1)*int64(frames)/int64(b))
		p := Peak{}
		if lo < hi {
			p = Peak{Min: data[lo*ch], Max: data[lo*ch]}
			for _, v := range data[lo*ch : hi*ch] {
				if v < p.Min {
					p.Min = v
				}
				if v > p.Max {
					p.Max = v
				}
			}
		}
		out[k] = p
	}
}
