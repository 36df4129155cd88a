package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slidereel/slidereel/project"
)

// mixDelay lets a burst of edits (a slider drag) settle before the sound
// is mixed again.
const mixDelay = 400 * time.Millisecond

// waveBuckets is the waveform's resolution; the strip resamples it.
const waveBuckets = 4096

// soundEngine measures the media, mixes the sound in the background, and
// plays it: during playback the picture follows the player's clock.
type soundEngine struct {
	w *editorWindow

	durKey    string
	durCancel context.CancelFunc

	mix       Mix
	mixKey    string // soundKey of the latest mix request
	mixReq    int    // number of the latest mix request
	mixCancel context.CancelFunc
	mixTimer  *time.Timer
	peaksKey  string

	player   Player
	wantPlay bool
	stopTick chan struct{}
	// playedSince is when playback last started; silentTold that the
	// window has said there is no audio device.
	playedSince time.Time
	silentTold  bool
}

// silentPlayer is a Player that can tell it has no audio device.
type silentPlayer interface{ Silent() bool }

// noDeviceNote is shown once when playback runs without an audio device.
const noDeviceNote = "No audio device: playback is silent (the picture keeps time; exports have their sound)."

// checkSilent says once, after a second of playback, that there is no
// audio device.
func (s *soundEngine) checkSilent() {
	if s.silentTold || time.Since(s.playedSince) < time.Second {
		return
	}
	if sp, ok := s.player.(silentPlayer); ok && sp.Silent() {
		s.silentTold = true
		s.w.setStatus(noDeviceNote)
	}
}

func newSoundEngine(w *editorWindow) *soundEngine { return &soundEngine{w: w} }

// mediaKey names the media whose lengths the timeline depends on.
func mediaKey(p *project.Project) string {
	var b strings.Builder
	for _, m := range p.Soundtrack.Music {
		b.WriteString(m.Path)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	for _, s := range p.Slides {
		if s.Narration != nil {
			b.WriteString(s.Narration.Path)
		}
		b.WriteByte(0)
	}
	return b.String()
}

// projectChanged re-measures the media if they changed and schedules a
// new mix.
func (s *soundEngine) projectChanged() {
	svc := s.w.svc
	p := s.w.ed.Project()
	if k := mediaKey(p); k != s.durKey && svc.Durations != nil {
		s.durKey = k
		if s.durCancel != nil {
			s.durCancel()
		}
		ctx, cancel := context.WithCancel(s.w.ctx)
		s.durCancel = cancel
		pc := p.Clone()
		go func() {
			if probe := svc.ProbeDurations; probe != nil {
				// The headers give the timing at once; decoding may take a while.
				if d, err := probe(ctx, pc); err == nil && ctx.Err() == nil {
					onUI(func() {
						if s.durKey == k {
							s.w.ed.SetDurations(d)
						}
					})
				}
			}
			if !s.w.gate.wait(ctx) {
				return
			}
			d, err := svc.Durations(ctx, pc)
			if ctx.Err() != nil {
				return
			}
			onUI(func() {
				if err != nil {
					s.w.setStatus("Sound: " + err.Error())
				}
				if s.durKey == k {
					s.w.ed.SetDurations(d)
				}
			})
		}()
		s.showFilePeaks(p)
	}
	// Only what the sound depends on calls for a new mix (not a Ken Burns
	// rectangle or a caption).
	if k := soundKey(p, s.w.ed.Timeline()); k != s.mixKey || s.mix == nil {
		s.mixKey = k
		s.scheduleMix(mixDelay)
	}
}

// soundKey sums up what the mix depends on: the soundtrack settings, the
// narration clips and the slide spans.
func soundKey(p *project.Project, tl *project.Timeline) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%+v|%d|%d", p.Soundtrack, tl.FPS, tl.Frames)
	for i, sp := range tl.Spans {
		fmt.Fprintf(&b, "|%d-%d", sp.Start, sp.End)
		if n := p.Slides[i].Narration; n != nil {
			b.WriteString(n.Path)
		}
	}
	return b.String()
}

// showFilePeaks draws the music's own waveform until the mix is ready.
func (s *soundEngine) showFilePeaks(p *project.Project) {
	svc := s.w.svc
	if svc.FilePeaks == nil || len(p.Soundtrack.Music) == 0 {
		if len(p.Soundtrack.Music) == 0 {
			s.w.wave.SetFilePeaks(nil, 0, false)
		}
		return
	}
	path := p.Soundtrack.Music[0].Path
	loop := p.Soundtrack.Loop
	s.peaksKey = path
	if sum := svc.FileSummary; sum != nil {
		go func() {
			if !s.w.gate.wait(s.w.ctx) {
				return
			}
			src, err := sum(s.w.ctx, path)
			if err != nil {
				return
			}
			onUI(func() {
				if s.peaksKey == path && s.mix == nil {
					s.w.wave.SetFileSource(src, loop)
				}
			})
		}()
		return
	}
	go func() {
		peaks, secs, err := svc.FilePeaks(s.w.ctx, path, waveBuckets)
		if err != nil {
			return
		}
		onUI(func() {
			if s.peaksKey == path && s.mix == nil {
				s.w.wave.SetFilePeaks(peaks, secs, loop)
			}
		})
	}()
}

func (s *soundEngine) scheduleMix(after time.Duration) {
	if s.w.svc.NewMix == nil {
		return
	}
	s.mixReq++
	req := s.mixReq
	if s.mixTimer != nil {
		s.mixTimer.Stop()
	}
	s.mixTimer = time.AfterFunc(after, func() { onUI(func() { s.startMix(req) }) })
}

// startMix mixes the project as it is now, unless a newer request came.
func (s *soundEngine) startMix(req int) {
	if req != s.mixReq {
		return
	}
	if s.mixCancel != nil {
		s.mixCancel()
	}
	ctx, cancel := context.WithCancel(s.w.ctx)
	s.mixCancel = cancel
	p, tl := s.w.ed.Project().Clone(), s.w.ed.Timeline()
	newMix := s.w.svc.NewMix
	gate := s.w.gate
	go func() {
		if !gate.wait(ctx) {
			return
		}
		m, err := newMix(ctx, p, tl)
		if ctx.Err() != nil {
			return
		}
		var peaks []Peak
		var src PeakSource
		if sm, ok := m.(summarised); ok && err == nil {
			src, err = sm.Summary(ctx)
		} else if err == nil {
			peaks = m.Peaks(waveBuckets)
		}
		onUI(func() {
			if req != s.mixReq {
				return
			}
			if err != nil {
				s.w.setStatus("Sound: " + err.Error())
				s.wantPlay = false
				s.w.setPlaying(false)
				return
			}
			s.setMix(m)
			if src != nil {
				s.w.wave.SetMixSource(src)
			} else {
				s.w.wave.SetMixPeaks(peaks)
			}
		})
	}()
}

// setMix swaps in a new mix, carrying on playback where it was.
func (s *soundEngine) setMix(m Mix) {
	s.mix = m
	if s.player != nil {
		s.player.SetMix(m)
		return
	}
	if s.wantPlay {
		s.startPlayer()
	}
}

func (s *soundEngine) playing() bool { return s.wantPlay }

// play starts playback at the playhead (from the start when at the end).
func (s *soundEngine) play() {
	tl := s.w.ed.Timeline()
	if tl.Frames <= 1 || s.w.svc.NewMix == nil {
		return
	}
	if s.w.prev.Frame() >= tl.Frames-1 {
		s.w.seek(0)
	}
	s.wantPlay = true
	s.w.setPlaying(true)
	if s.mix == nil {
		s.w.setStatus("Preparing the sound…")
		s.scheduleMix(0)
		return
	}
	s.startPlayer()
}

func (s *soundEngine) startPlayer() {
	if s.player == nil {
		s.player = s.mix.NewPlayer()
	}
	tl := s.w.ed.Timeline()
	s.player.Seek(tl.FPS.SampleOf(s.w.prev.Frame(), s.w.svc.SampleRate))
	s.player.Play()
	s.playedSince = time.Now()
	s.wantPlay = true
	s.w.setPlaying(true)
	s.startTicker()
}

// startTicker moves the picture with the player's clock about 60 times a
// second; the preview keeps only the latest frame asked for.
func (s *soundEngine) startTicker() {
	if s.stopTick != nil {
		return
	}
	stop := make(chan struct{})
	s.stopTick = stop
	everyOnUI(16*time.Millisecond, stop, func() {
		if s.stopTick == stop {
			s.tick()
		}
	})
}

func (s *soundEngine) stopTicker() {
	if s.stopTick != nil {
		close(s.stopTick)
		s.stopTick = nil
	}
}

func (s *soundEngine) tick() {
	if s.player == nil {
		return
	}
	s.checkSilent()
	tl := s.w.ed.Timeline()
	secs := float64(s.player.Position()) / float64(s.w.svc.SampleRate)
	f := tl.FrameOf(secs)
	if f >= tl.Frames-1 {
		s.pause()
		f = tl.Frames - 1
	}
	if f != s.w.prev.Frame() {
		s.w.prev.ShowFrame(f)
		s.w.playheadMoved()
		s.w.followPlayhead(f)
	}
}

func (s *soundEngine) pause() {
	s.wantPlay = false
	if s.player != nil {
		s.player.Pause()
	}
	s.stopTicker()
	s.w.setPlaying(false)
}

// seek moves the player along with the playhead.
func (s *soundEngine) seek(frame int) {
	if s.player != nil {
		s.player.Seek(s.w.ed.Timeline().FPS.SampleOf(frame, s.w.svc.SampleRate))
	}
}

func (s *soundEngine) close() {
	s.stopTicker()
	if s.mixTimer != nil {
		s.mixTimer.Stop()
	}
	if s.player != nil {
		s.player.Close()
		s.player = nil
	}
}

// reset forgets the sound of the previous project (New, Open, recovery).
func (s *soundEngine) reset() {
	s.pause()
	if s.player != nil {
		s.player.Close()
		s.player = nil
	}
	if s.mixCancel != nil {
		s.mixCancel()
	}
	if s.durCancel != nil {
		s.durCancel()
	}
	s.mix, s.durKey, s.peaksKey, s.mixKey = nil, "", "", ""
	s.mixReq++
	s.w.wave.SetMixPeaks(nil)
}
