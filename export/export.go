package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

// Export renders p with the settings s into s.Output: every frame from
// preview's renderer at the output size, the sound from the project's mix.
// The project is laid out for s's frame size and rate (p itself is not
// changed). Missing or unreadable images and sound files are reported,
// named, before ffmpeg starts. Cancel with ctx; progress may be nil.
func Export(ctx context.Context, p *project.Project, s Settings, progress func(Progress)) error {
	pr, err := prepare(ctx, p, s)
	if err != nil {
		return err
	}
	defer pr.close()
	mix, err := pr.soundMix(ctx)
	if err != nil {
		return err
	}
	return Encode(ctx, Job{
		Settings: pr.settings,
		Frames:   pr.tl.Frames,
		Video:    pr.r.Render,
		Audio:    mix.WritePCM,
		Samples:  mix.Len(),
	}, progress)
}

// prepared is a project checked and laid out for an export: what both the
// one-pass Export and the segmented ExportSegments start from, so the two
// apply exactly the same validation. Its sound is mixed only when asked
// for (soundMix): a segmented export whose encoded sound is cached never
// mixes it (with loudness normalisation on, measuring an hour's mix is
// most of a one-photo re-export's time).
type prepared struct {
	settings Settings
	proj     *project.Project // the clone laid out for settings' size and rate
	r        *preview.Renderer
	tl       *project.Timeline
	mixMu    sync.Mutex
	mixed    *sound.Mix // nil until soundMix; guarded by mixMu
}

func (pr *prepared) close() {
	pr.r.Close()
	if pr.proj != nil {
		sound.Release(pr.proj)
	}
}

// soundMixes counts the mixes soundMix made (tests check that a cached
// sound is not mixed again).
var soundMixes atomic.Int64

// soundMix returns the project's sound mix, making it on the first call.
// It is safe for concurrent use (the segmented export encodes the sound
// beside the video).
func (pr *prepared) soundMix(ctx context.Context) (*sound.Mix, error) {
	pr.mixMu.Lock()
	defer pr.mixMu.Unlock()
	if pr.mixed != nil {
		return pr.mixed, nil
	}
	soundMixes.Add(1)
	mix, err := sound.NewMix(ctx, pr.proj, pr.tl)
	if err != nil {
		return nil, fmt.Errorf("export: mixing the sound: %w", err)
	}
	if want := pr.tl.Samples(sound.SampleRate); mix.Len() != want {
		return nil, fmt.Errorf("export: the sound mix has %d samples, the timeline needs %d", mix.Len(), want)
	}
	// The encode reads the mix from the PCM cache; close the sources it
	// does not use.
	sound.Release(pr.proj)
	pr.mixed = mix
	return mix, nil
}

// checkProject validates s and p for an export and returns the copy of p
// laid out for s's frame size and rate (p itself is not changed).
func checkProject(ctx context.Context, p *project.Project, s Settings) (*project.Project, error) {
	if p == nil {
		return nil, errors.New("export: no project")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	c := p.Clone()
	c.Output.Width, c.Output.Height, c.Output.FPS = s.Width, s.Height, project.FPS(s.FPS)
	if probs := c.Validate(); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, pr := range probs {
			msgs[i] = pr.String()
		}
		return nil, fmt.Errorf("export: the project has problems:\n  %s", strings.Join(msgs, "\n  "))
	}
	if len(c.Slides) == 0 {
		return nil, errors.New("export: the project has no slides")
	}
	if err := s.Limits.CheckSlides(len(c.Slides)); err != nil {
		return nil, err
	}
	if err := CheckMedia(ctx, c); err != nil {
		return nil, err
	}
	if err := checkNotInput(c, s.Output); err != nil {
		return nil, err
	}
	if _, err := FFmpegPath(); err != nil {
		return nil, err
	}
	return c, nil
}

// exportRenderer is the renderer of every exported frame, one-pass,
// segmented or on a farm worker: one place for its options, since frames
// drawn with other options would differ under the same segment key.
func exportRenderer(c *project.Project, tl *project.Timeline) *preview.Renderer {
	return preview.New(c, tl, preview.Options{Quality: preview.Final, WaitSubjects: true})
}

// prepare checks p and s, lays the project out and reports its damaged
// media (the sound is mixed later, if needed: soundMix).
func prepare(ctx context.Context, p *project.Project, s Settings) (*prepared, error) {
	s = s.withDefaults()
	c, err := checkProject(ctx, p, s)
	if err != nil {
		return nil, err
	}
	// The first slides' photos are decoded while the sound is: slide 0
	// starts at frame 0 whatever the sound's length, and a photo's
	// prepared copy does not depend on the timeline.
	r := exportRenderer(c, nil)
	r.Prefetch(0, s.Width, s.Height)
	pr := &prepared{settings: s, proj: c, r: r}
	if err := pr.layout(ctx); err != nil {
		r.Close()
		return nil, err
	}
	return pr, nil
}

// layout computes the timeline and reports the damaged media. The sound
// files' damage is known from decoding them into the PCM cache (kept
// there with the samples), so it needs no mix: a re-export whose sound is
// cached still warns.
func (pr *prepared) layout(ctx context.Context) error {
	c := pr.proj
	durations, err := sound.Durations(ctx, c)
	if err != nil {
		return fmt.Errorf("export: reading the sound files: %w", err)
	}
	tl := c.Timeline(durations)
	if tl.Frames < 1 {
		return errors.New("export: the project is empty (0 frames)")
	}
	// A too long show is refused before it costs anything more.
	s := pr.settings
	if err := s.Limits.CheckVideo(tl.Frames, s.FPS, s.Width, s.Height); err != nil {
		return err
	}
	soundWarns, err := sound.Warnings(ctx, c)
	if err != nil {
		return fmt.Errorf("export: reading the sound files: %w", err)
	}
	if err := damaged(c, soundWarns, s); err != nil {
		return err
	}
	pr.r.Update(c, tl)
	pr.tl = tl
	return nil
}

// DamagedError is Export's refusal, in strict mode, of a project whose
// media are damaged: one warning per file, naming it.
type DamagedError struct{ Warnings []string }

func (e *DamagedError) Error() string {
	return "export: damaged media (strict mode, nothing written):\n  " + strings.Join(e.Warnings, "\n  ")
}

// MediaWarnings lists the damaged media of p that mix (p's mix, nil to skip
// the sound) uses: sound files that decode with errors or shorter than
// their header says, truncated photos. Each warning names the file.
func MediaWarnings(p *project.Project, mix *sound.Mix) []string {
	var out []string
	if mix != nil {
		out = append(out, mix.Warnings()...)
	}
	seen := map[string]bool{}
	for _, sl := range p.Slides {
		if path := sl.Image.Path; path != "" && !seen[path] {
			seen[path] = true
			if w := preview.PhotoDamage(path); w != "" {
				out = append(out, w)
			}
		}
	}
	return out
}

// damaged reports the damaged media (soundWarns, from sound.Warnings, and
// p's photos) through s.Warn, or refuses them in strict mode.
func damaged(p *project.Project, soundWarns []string, s Settings) error {
	warns := append(soundWarns, MediaWarnings(p, nil)...)
	if len(warns) == 0 {
		return nil
	}
	if s.Strict {
		return &DamagedError{Warnings: warns}
	}
	if s.Warn != nil {
		for _, w := range warns {
			s.Warn(w)
		}
	}
	return nil
}

// maxBroken is how many broken images CheckMedia names before it stops
// looking: enough to fix a few at once, without probing thousands.
const maxBroken = 5

// mediaProbes is how many image headers CheckMedia reads at once.
const mediaProbes = 4

// CheckMedia reports, as a *MediaError naming the files, the media of p
// that is missing and the images whose headers cannot be read. Headers are
// read mediaProbes at a time under ctx; the check stops after maxBroken
// broken images. A cancelled ctx returns its error at once.
func CheckMedia(ctx context.Context, p *project.Project) error {
	e := &MediaError{Missing: p.MissingMedia()}
	missing := map[string]bool{}
	for _, m := range e.Missing {
		missing[m.Path] = true
	}
	var todo []int
	for i, sl := range p.Slides {
		if path := sl.Image.Path; path != "" && !missing[path] {
			todo = append(todo, i)
		}
	}
	e.Broken = probeImages(ctx, p, todo)
	sort.Slice(e.Broken, func(a, b int) bool { return sliceIndex(e.Broken[a].Field) < sliceIndex(e.Broken[b].Field) })
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(e.Missing) == 0 && len(e.Broken) == 0 {
		return nil
	}
	return e
}

// probeImages reads the headers of the slides' images at the indexes todo
// and returns the broken ones in slide order (at most about maxBroken).
func probeImages(ctx context.Context, p *project.Project, todo []int) []BrokenMedia {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var mu sync.Mutex
	var broken []BrokenMedia
	var wg sync.WaitGroup
	for range min(mediaProbes, len(todo)) {
		wg.Go(func() {
			for i := range jobs {
				path := p.Slides[i].Image.Path
				_, _, err := preview.ImageSizeContext(ctx, path)
				if err == nil || ctx.Err() != nil {
					continue
				}
				mu.Lock()
				if len(broken) < maxBroken {
					broken = append(broken, BrokenMedia{Field: fmt.Sprintf("slides[%d].image", i), Path: path, Err: err})
				}
				if len(broken) >= maxBroken {
					cancel()
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return broken
}

// sliceIndex returns the slide index of a field "slides[12].image".
func sliceIndex(field string) int {
	var i int
	_, _ = fmt.Sscanf(field, "slides[%d]", &i)
	return i
}

// checkNotInput refuses an output path that is one of the project's media
// files: replacing it would destroy an input.
func checkNotInput(p *project.Project, output string) error {
	out, err := filepath.Abs(output)
	if err != nil {
		return fmt.Errorf("export %s: %w", output, err)
	}
	outInfo, statErr := os.Stat(out)
	same := func(path string) bool {
		abs, err := filepath.Abs(path)
		if err == nil && abs == out {
			return true
		}
		if statErr != nil {
			return false
		}
		st, err := os.Stat(path)
		return err == nil && os.SameFile(st, outInfo)
	}
	var inputs []string
	for _, m := range p.Soundtrack.Music {
		inputs = append(inputs, m.Path)
	}
	for _, sl := range p.Slides {
		inputs = append(inputs, sl.Image.Path)
		if sl.Narration != nil {
			inputs = append(inputs, sl.Narration.Path)
		}
	}
	for _, in := range inputs {
		if in != "" && same(in) {
			return fmt.Errorf("export %s: the output is one of the project's own media files; choose another name", output)
		}
	}
	return nil
}
