package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	if p == nil {
		return errors.New("export: no project")
	}
	s = s.withDefaults()
	if err := s.Validate(); err != nil {
		return err
	}
	c := p.Clone()
	c.Output.Width, c.Output.Height, c.Output.FPS = s.Width, s.Height, project.FPS(s.FPS)
	if probs := c.Validate(); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, pr := range probs {
			msgs[i] = pr.String()
		}
		return fmt.Errorf("export: the project has problems:\n  %s", strings.Join(msgs, "\n  "))
	}
	if len(c.Slides) == 0 {
		return errors.New("export: the project has no slides")
	}
	if err := CheckMedia(c); err != nil {
		return err
	}
	if err := checkNotInput(c, s.Output); err != nil {
		return err
	}
	if _, err := FFmpegPath(); err != nil {
		return err
	}
	// The first slides' photos are decoded while the sound is: slide 0
	// starts at frame 0 whatever the sound's length, and a photo's
	// prepared copy does not depend on the timeline.
	r := preview.New(c, nil, preview.Options{Quality: preview.Final})
	defer r.Close()
	r.Prefetch(0, s.Width, s.Height)
	durations, err := sound.Durations(ctx, c)
	if err != nil {
		return fmt.Errorf("export: reading the sound files: %w", err)
	}
	tl := c.Timeline(durations)
	if tl.Frames < 1 {
		return errors.New("export: the project is empty (0 frames)")
	}
	mix, err := sound.NewMix(ctx, c, tl)
	if err != nil {
		return fmt.Errorf("export: mixing the sound: %w", err)
	}
	if want := tl.Samples(sound.SampleRate); mix.Len() != want {
		return fmt.Errorf("export: the sound mix has %d samples, the timeline needs %d", mix.Len(), want)
	}
	if err := damaged(c, mix, s); err != nil {
		return err
	}
	// The encode reads the mix from the PCM cache; close the sources it
	// does not use.
	sound.Release(c)
	r.Update(c, tl)
	return Encode(ctx, Job{
		Settings: s,
		Frames:   tl.Frames,
		Video:    r.Render,
		Audio:    mix.WritePCM,
		Samples:  mix.Len(),
	}, progress)
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

// damaged reports the damaged media through s.Warn, or refuses them in
// strict mode.
func damaged(p *project.Project, mix *sound.Mix, s Settings) error {
	warns := MediaWarnings(p, mix)
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

// CheckMedia reports, as a *MediaError naming every file, the media of p
// that is missing and the images whose headers cannot be read.
func CheckMedia(p *project.Project) error {
	e := &MediaError{Missing: p.MissingMedia()}
	missing := map[string]bool{}
	for _, m := range e.Missing {
		missing[m.Path] = true
	}
	for i, sl := range p.Slides {
		path := sl.Image.Path
		if path == "" || missing[path] {
			continue
		}
		if _, _, err := preview.ImageSize(path); err != nil {
			e.Broken = append(e.Broken, BrokenMedia{Field: fmt.Sprintf("slides[%d].image", i), Path: path, Err: err})
		}
	}
	if len(e.Missing) == 0 && len(e.Broken) == 0 {
		return nil
	}
	return e
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
