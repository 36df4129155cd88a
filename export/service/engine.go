package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

// EngineRender is the default RenderFunc: the same engine as the editor
// and `slidereel render` (export.Export with export.DefaultSettings, i.e.
// libx264 at the standard quality and AAC, frames from package preview and
// sound from package sound). The length comes from the project's
// timeline with the real media durations. Missing or undecodable media
// (export.MediaError, preview.SourceError) wrap ErrBadInput.
func EngineRender(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error) {
	if err := export.CheckMedia(ctx, p); err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	md, err := sound.Durations(ctx, p)
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, fmt.Errorf("%w: reading the sound files: %w", ErrBadInput, err)
	}
	tl := p.Timeline(md)
	err = export.Export(ctx, p, export.DefaultSettings(p, out), func(pr export.Progress) {
		if progress != nil {
			progress(pr.Frame, pr.Total)
		}
	})
	if err != nil {
		var me *export.MediaError
		var se *preview.SourceError
		if errors.As(err, &me) || errors.As(err, &se) {
			return Result{}, fmt.Errorf("%w: %w", ErrBadInput, err)
		}
		return Result{}, fmt.Errorf("render %s: %w", out, err)
	}
	return Result{Frames: tl.Frames, Duration: tl.Seconds()}, nil
}
