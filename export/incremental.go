package export

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/slidereel/slidereel/project"
)

// SegmentOptions configure a segmented export.
type SegmentOptions struct {
	// Cache keeps the encoded segments; required.
	Cache *SegmentCache
	// Hashes remembers photo content hashes between exports of one
	// process (nil: a new one each time).
	Hashes *ContentHashes
	// Encode, if set, encodes the missing segments instead of this
	// process (a render farm); it returns once every segment in missing is
	// in the cache. Without it they are encoded here, one after another.
	// It calls done for each segment as it lands in the cache (for the
	// progress).
	Encode func(ctx context.Context, missing []Segment, done func(Segment)) error
}

// ExportSegments renders p like Export, but in segments cut at slide
// boundaries (see MinSegmentSeconds) kept in opt.Cache: a segment whose key
// is already cached is reused, the others are encoded, then the file is
// assembled by stream copy with the whole show's sound encoded once.
// Validation, media checks and the output's temporary name are those of
// Export. An export that was cancelled or killed resumes from the
// segments it had finished. progress reports Segments and Reused.
func ExportSegments(ctx context.Context, p *project.Project, s Settings, opt SegmentOptions, progress func(Progress)) error {
	if opt.Cache == nil {
		return errors.New("export: a segmented export needs a segment cache")
	}
	pr, err := prepare(ctx, p, s)
	if err != nil {
		return err
	}
	defer pr.close()
	segs, err := Segments(pr.proj, pr.tl, pr.settings, opt.Hashes)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	keep := map[string]bool{}
	var missing []Segment
	for _, sg := range segs {
		keep[sg.Key] = true
		if _, ok := opt.Cache.Lookup(sg.Key); !ok {
			missing = append(missing, sg)
		}
	}
	key, err := soundKey(pr)
	if err != nil {
		return err
	}
	keep[key] = true
	// The sound is mixed and encoded while the video is: the encoder
	// leaves a part of a core idle that the mix and AAC use.
	soundCtx, cancelSound := context.WithCancel(ctx)
	defer cancelSound()
	soundDone := make(chan soundResult, 1)
	go func() {
		path, err := encodeSound(soundCtx, pr, opt.Cache, key)
		soundDone <- soundResult{path, err}
	}()
	sp := newSegProgress(pr.tl.Frames, len(segs), len(segs)-len(missing), missing, progress)
	if opt.Encode != nil {
		err = opt.Encode(ctx, missing, sp.finished)
	} else {
		err = encodeSegments(ctx, pr, opt.Cache, missing, sp)
	}
	if err != nil {
		cancelSound()
		<-soundDone
		return err
	}
	snd := <-soundDone
	if snd.err != nil {
		return snd.err
	}
	if err := assemble(ctx, pr, opt.Cache, segs, snd.path); err != nil {
		return err
	}
	// Evicting is housekeeping: the export has succeeded whatever it says.
	_ = opt.Cache.Trim(keep)
	sp.done()
	return nil
}

// EncodeSegment renders and encodes frames [sg.Start, sg.End) of the
// prepared project into the cache (a no-op if it is already there).
func encodeSegment(ctx context.Context, pr *prepared, c *SegmentCache, sg Segment, progress func(Progress)) error {
	if _, ok := c.Lookup(sg.Key); ok {
		return nil
	}
	s := pr.settings
	s.Output = c.Path(sg.Key)
	pr.r.Prefetch(sg.Start, s.Width, s.Height)
	return Encode(ctx, Job{
		Settings: s,
		Frames:   sg.Frames(),
		Video: func(ctx context.Context, n int, dst *image.YCbCr) error {
			return pr.r.Render(ctx, sg.Start+n, dst)
		},
		segment: true,
	}, progress)
}

// encodeSegments encodes the missing segments into the cache, each run of
// consecutive ones by one ffmpeg (segrun.go).
func encodeSegments(ctx context.Context, pr *prepared, c *SegmentCache, missing []Segment, sp *segProgress) error {
	i := 0
	for _, run := range runsOf(missing, pr.settings.Encoder) {
		var err error
		if len(run) == 1 {
			err = encodeSegment(ctx, pr, c, run[0], sp.segment(i))
		} else {
			err = encodeRun(ctx, pr, c, run, sp.segment(i))
		}
		if err != nil {
			return err
		}
		i += len(run)
	}
	return nil
}

// soundResult is the encoded sound of a segmented export, or why not.
type soundResult struct {
	path string
	err  error
}

// encodeSound returns the whole show's sound encoded once and kept in the
// cache under key (so an export whose sound did not change copies it).
func encodeSound(ctx context.Context, pr *prepared, c *SegmentCache, key string) (string, error) {
	ffmpegPath, err := FFmpegPath()
	if err != nil {
		return "", err
	}
	return cachedSound(ctx, pr, c, ffmpegPath, key)
}

// assemble joins the cached segments into the output by stream copy and
// muxes in the encoded sound file audio.
func assemble(ctx context.Context, pr *prepared, c *SegmentCache, segs []Segment, audio string) (err error) {
	s := pr.settings
	ffmpegPath, err := FFmpegPath()
	if err != nil {
		return err
	}
	out, tmp, err := prepareOutput(s.Output, EstimateBytes(pr.tl.Frames, s.Width, s.Height))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	list, err := writeConcatList(out, c, segs, s.FPS)
	if err != nil {
		return err
	}
	defer os.Remove(list)
	format, faststart := container(out)
	args, err := assembleArgv(assembleArgs{List: list, Output: tmp, Format: format, Faststart: faststart, AudioFile: audio})
	if err != nil {
		return err
	}
	if err := runAssembly(ctx, ffmpegPath, args, pr, out); err != nil {
		return err
	}
	return finish(ctx, tmp, out, ExpectFor(pr.tl.Frames, s.FPS, true))
}

// runAssembly runs the assembly's ffmpeg, feeding it the sound.
func runAssembly(ctx context.Context, ffmpegPath string, args []string, pr *prepared, out string) error {
	p, err := startFFmpeg(ffmpegPath, args, false)
	if err != nil {
		return fmt.Errorf("export %s: starting ffmpeg: %w", out, err)
	}
	defer p.stop()
	p.stdin.Close() // the video comes from the segment files, the sound from its cached file
	p.stopOnDone(ctx)
	waitErr := p.wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	if waitErr != nil {
		return p.failure("assembling "+out, out, waitErr)
	}
	if frames, _ := p.prog.state(); frames != pr.tl.Frames {
		return fmt.Errorf("export %s: the assembled video has %d frames, expected %d", out, frames, pr.tl.Frames)
	}
	return nil
}

// writeConcatList writes the concat demuxer's list of the segments, each
// with its exact duration, next to out.
func writeConcatList(out string, c *SegmentCache, segs []Segment, fps int) (string, error) {
	var b strings.Builder
	b.WriteString("ffconcat version 1.0\n")
	for _, sg := range segs {
		path := c.Path(sg.Key)
		fmt.Fprintf(&b, "file '%s'\nduration %.6f\n", strings.ReplaceAll(path, "'", `'\''`), float64(sg.Frames())/float64(fps))
	}
	name, err := createTemp(out, ".ffconcat")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
		os.Remove(name)
		return "", destError(filepath.Dir(out), err)
	}
	return name, nil
}

// segProgress turns the progress of each segment's encode into the whole
// export's: reused segments count as done from the start. Its methods run
// on the export's goroutine.
type segProgress struct {
	fn                      func(Progress)
	total, segments, reused int
	offset                  []int // frames done before missing segment i
	left                    int   // frames of the missing segments
	farmDone                int   // frames of segments a farm finished
	start                   time.Time
}

func newSegProgress(total, segments, reused int, missing []Segment, fn func(Progress)) *segProgress {
	sp := &segProgress{fn: fn, total: total, segments: segments, reused: reused, start: time.Now()}
	left := 0
	for _, sg := range missing {
		left += sg.Frames()
	}
	sp.left = left
	done := total - left
	for _, sg := range missing {
		sp.offset = append(sp.offset, done)
		done += sg.Frames()
	}
	sp.report(total-left, 0)
	return sp
}

func (sp *segProgress) report(frame int, fps float64) {
	if sp.fn == nil {
		return
	}
	el := time.Since(sp.start)
	var eta time.Duration
	if fps > 0 {
		eta = time.Duration(float64(sp.total-frame) / fps * float64(time.Second))
	}
	sp.fn(Progress{Frame: min(frame, sp.total-1), Total: sp.total, Segments: sp.segments, Reused: sp.reused, FPS: fps, Elapsed: el, ETA: eta})
}

// finished records a segment encoded elsewhere (a render farm).
func (sp *segProgress) finished(sg Segment) {
	sp.farmDone += sg.Frames()
	sp.report(sp.total-sp.left+sp.farmDone, 0)
}

// segment returns the progress callback of missing segment i's encode.
func (sp *segProgress) segment(i int) func(Progress) {
	return func(p Progress) { sp.report(sp.offset[i]+p.Frame, p.FPS) }
}

func (sp *segProgress) done() {
	if sp.fn == nil {
		return
	}
	el := time.Since(sp.start)
	sp.fn(Progress{Frame: sp.total, Total: sp.total, Segments: sp.segments, Reused: sp.reused, Elapsed: el})
}
