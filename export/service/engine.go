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
// (export.MediaError, preview.SourceError) wrap ErrBadInput. Damaged media
// are rendered with Result.Warnings naming them, or, with WithStrict,
// refused (export.DamagedError, wrapping ErrBadInput).
func EngineRender(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error) {
	return NewEngine(export.DefaultLimits())(ctx, p, out, progress)
}

// NewEngine returns EngineRender with the limits l: a show over them
// (known once the sound's length is) is refused before the sound is mixed,
// with an error wrapping ErrBadInput and export.ErrLimit.
func NewEngine(l export.Limits) RenderFunc {
	return func(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error) {
		return engineRender(ctx, l, p, out, progress)
	}
}

func engineRender(ctx context.Context, l export.Limits, p *project.Project, out string, progress func(done, total int)) (Result, error) {
	if err := l.CheckSlides(len(p.Slides)); err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	if err := export.CheckMedia(ctx, p); err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
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
	s := export.DefaultSettings(p, out)
	s.Limits = l
	s.Strict = isStrict(ctx)
	var warnings []string
	s.Warn = func(msg string) { warnings = append(warnings, msg) }
	err = export.Export(ctx, p, s, func(pr export.Progress) {
		if progress != nil {
			progress(pr.Frame, pr.Total)
		}
	})
	if err != nil {
		var me *export.MediaError
		var se *preview.SourceError
		var de *export.DamagedError
		if errors.As(err, &me) || errors.As(err, &se) || errors.As(err, &de) || errors.Is(err, export.ErrLimit) {
			return Result{}, fmt.Errorf("%w: %w", ErrBadInput, err)
		}
		return Result{}, fmt.Errorf("render %s: %w", out, err)
	}
	return Result{Frames: tl.Frames, Duration: tl.Seconds(), Warnings: warnings}, nil
}
