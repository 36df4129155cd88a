package service

import (
	"errors"
	"net/http"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/project"
)

// checkLimits refuses, before any work, a project over l: too many slides,
// or (when no sound file sets the length) a video too long or too costly.
// With a sound file the length is known only after reading it; the engine
// checks it then, before the sound is mixed. The error is a 422
// *RequestError naming the limit.
func checkLimits(p *project.Project, l export.Limits) error {
	err := l.CheckSlides(len(p.Slides))
	if err == nil && len(p.Soundtrack.Music) == 0 && !hasNarration(p) {
		tl := p.Timeline(project.MediaDurations{})
		err = l.CheckVideo(tl.Frames, int(p.Output.FPS), p.Output.Width, p.Output.Height)
	}
	return limitError(err)
}

// limitError turns an *export.LimitError into a 422 naming the limit.
func limitError(err error) error {
	var le *export.LimitError
	if errors.As(err, &le) {
		return &RequestError{Status: http.StatusUnprocessableEntity, Field: fieldOfLimit[le.Limit], Msg: le.Error()}
	}
	return err
}

// fieldOfLimit is the request parameter each limit is about.
var fieldOfLimit = map[string]string{
	"max-slides":       "image_paths",
	"max-length":       "slide_duration",
	"max-frame-pixels": "resolution",
}

func hasNarration(p *project.Project) bool {
	for _, s := range p.Slides {
		if s.Narration != nil {
			return true
		}
	}
	return false
}
