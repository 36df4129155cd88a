package ui

import (
	"context"
	"errors"
	"time"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/internal/nice"
	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

// background runs the editor's background analyses (the music's beats and
// length, the mix and its loudness pass, its waveform) at nice 10, a thread
// per job in flight so a job never waits behind another. Measured with
// bench/editor_session.sh on the 1000-slide, 60-minute project, that work
// is about 30 s of CPU after the project opens, while the UI thread needs a
// few ms per input; at equal priority every click and wheel notch waited
// behind it for the CPU (handlers of 1-5 ms answered on screen after
// 100-900 ms). At nice 10 the scheduler gives the UI thread and the preview
// worker the CPU first, and the background work still gets all of an idle
// machine.
var background = nice.NewPool(10, 0)

// realServices links the editor to the preview renderer, the sound mix and
// the exporter. The analyses nobody looks at directly (the music's beats
// and decoded length, the mix with its loudness pass, the mix's waveform)
// run at low priority (background), so the window answers input first;
// what shows on screen as it arrives (thumbnails, the music file's
// waveform) keeps normal priority: on a loaded machine a niced decode of a
// 60-minute file left the timeline without a waveform for minutes.
func realServices() Services {
	return Services{
		SampleRate: sound.SampleRate,
		NewRenderer: func(p *project.Project, tl *project.Timeline) Renderer {
			return preview.New(p, tl, preview.Options{Quality: preview.Draft})
		},
		Thumbnail: preview.Thumbnail,
		ImageSize: preview.ImageSize,
		Durations: func(ctx context.Context, p *project.Project) (d project.MediaDurations, err error) {
			background.Run(func() { d, err = durationsWithBeats(ctx, p) })
			return d, err
		},
		ProbeDurations: sound.ProbeDurations,
		Subject: func(ctx context.Context, path string) (project.Rect, bool, error) {
			s, err := preview.DetectSubject(ctx, path)
			return s.Rect, s.Found(), err
		},
		NewMix: func(ctx context.Context, p *project.Project, tl *project.Timeline) (Mix, error) {
			var m *sound.Mix
			var err error
			background.Run(func() { m, err = sound.NewMix(ctx, p, tl) })
			if err != nil {
				return nil, err
			}
			return soundMix{m}, nil
		},
		FilePeaks: func(ctx context.Context, path string, buckets int) ([]Peak, float64, error) {
			src, secs, err := sound.FilePeaks(ctx, path, buckets)
			return convertPeaks(src), secs, err
		},
		FileSummary: func(ctx context.Context, path string) (PeakSource, error) {
			sum, err := sound.FileSummary(ctx, path)
			if err != nil {
				return nil, err
			}
			return summarySource{sum}, nil
		},
		FFmpegVersion: ffmpegVersion,
		Qualities:     qualityLabels(),
		// The probe (ffmpeg runs, once) is niced: it runs while the window
		// is in use (the export dialog is built ahead of time).
		Encoders: func(ctx context.Context) (list []string) {
			background.Run(func() { list = export.AvailableEncoders(ctx) })
			return list
		},
		ClearCache: func(context.Context) (int64, error) {
			cache, err := export.OpenSegmentCache("", 0)
			if err != nil {
				return 0, err
			}
			return cache.Clear()
		},
		Export: func(ctx context.Context, p *project.Project, opt ExportOptions, progress func(ExportProgress)) error {
			s := export.DefaultSettings(p, opt.Output)
			s.Limits = export.DefaultLimits() // as the CLI and the service
			for _, q := range export.Qualities {
				if q.Label == opt.Quality {
					s.CRF, s.X264Preset = q.CRF, q.X264Preset
				}
			}
			if opt.Encoder != "" {
				s.Encoder = opt.Encoder
			}
			fn := func(pr export.Progress) {
				progress(ExportProgress{Frame: pr.Frame, Total: pr.Total, FPS: pr.FPS, Elapsed: pr.Elapsed, ETA: pr.ETA, Reused: pr.ReuseText()})
			}
			// Incremental export through the user's segment cache; without
			// a usable cache folder, the one-pass export.
			cache, err := export.OpenSegmentCache("", opt.CacheSize)
			if err != nil {
				return export.Export(ctx, p, s, fn)
			}
			return export.ExportSegments(ctx, p, s, export.SegmentOptions{Cache: cache, Hashes: contentHashes}, fn)
		},
	}
}

// durationsWithBeats measures the media and, for the waveform's beat
// ticks and a snap setting changed later, always the music's beats.
func durationsWithBeats(ctx context.Context, p *project.Project) (project.MediaDurations, error) {
	d, err := sound.Durations(ctx, p)
	if err == nil && len(d.Beats) == 0 && len(p.Soundtrack.Music) > 0 {
		d.Beats, err = sound.MusicBeats(ctx, p)
	}
	return d, err
}

// contentHashes remembers the photos' content hashes between exports of
// one editor session.
var contentHashes = export.NewContentHashes()

// soundMix adapts *sound.Mix to Mix.
type soundMix struct{ m *sound.Mix }

func (s soundMix) Peaks(n int) []Peak { return convertPeaks(s.m.Peaks(n)) }

func convertPeaks(src []sound.Peak) []Peak {
	out := make([]Peak, len(src))
	for i, p := range src {
		out[i] = Peak{Min: p.Min, Max: p.Max}
	}
	return out
}

// Summary is the mix's waveform at every zoom.
func (s soundMix) Summary(ctx context.Context) (PeakSource, error) {
	var sum *sound.Summary
	var err error
	background.Run(func() { sum, err = s.m.Summary(ctx) })
	if err != nil {
		return nil, err
	}
	return summarySource{sum}, nil
}

// summarySource adapts *sound.Summary to PeakSource.
type summarySource struct{ s *sound.Summary }

func (s summarySource) Seconds() float64 { return s.s.Seconds() }

func (s summarySource) Peaks(from, to float64, buckets int) []Peak {
	sec := func(x float64) time.Duration { return time.Duration(x * float64(time.Second)) }
	return convertPeaks(s.s.Peaks(sec(from), sec(to), buckets))
}

func (s soundMix) NewPlayer() Player { return soundPlayer{sound.NewPlayer(s.m)} }

// soundPlayer adapts *sound.Player to Player.
type soundPlayer struct{ *sound.Player }

func (p soundPlayer) SetMix(m Mix) {
	if sm, ok := m.(soundMix); ok {
		p.Player.SetMix(sm.m)
	}
}

// qualityLabels lists export's quality presets, the default first.
func qualityLabels() []string {
	var out []string
	for _, q := range export.Qualities {
		if q.CRF == export.DefaultCRF && q.X264Preset == export.DefaultX264Preset {
			out = append([]string{q.Label}, out...)
		} else {
			out = append(out, q.Label)
		}
	}
	return out
}

// ffmpegVersion is the version line of the ffmpeg the export uses (found
// as every other part finds it: SLIDEREEL_FFMPEG, then PATH).
func ffmpegVersion(ctx context.Context) (string, error) {
	st := ffmpeg.Version(ctx, ffmpeg.FFmpegName)
	if !st.Available {
		return "", errors.New(st.Error)
	}
	return st.Version, nil
}
