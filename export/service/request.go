package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/slidereel/slidereel/project"
)

// RenderFunc renders p into the video file out and reports the rendered
// length. progress (never nil) is called with frames done and the total.
// It must honour ctx and leave no file at out when it fails. The service
// fills Result.OutputPath, Width, Height, FPS and SizeBytes itself; a
// RenderFunc sets Frames and Duration. An error that wraps ErrBadInput is
// the request's fault (HTTP 422); any other error is a render failure
// (HTTP 500).
type RenderFunc func(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error)

// ErrBadInput is wrapped by render errors caused by the input (an image or
// a sound file that exists but cannot be decoded).
var ErrBadInput = errors.New("unusable input")

// Result describes a rendered video: the HTTP response of /generateVideo
// and the "result" of a done task.
type Result struct {
	OutputPath string  `json:"output_path"`
	Duration   float64 `json:"duration"` // seconds: frames / fps
	Frames     int     `json:"frames"`
	Width      int     `json:"width"`
	Height     int     `json:"height"`
	FPS        int     `json:"fps"`
	SizeBytes  int64   `json:"size_bytes"`
	// Warnings name the damaged media rendered anyway (a sound file that
	// decoded shorter than its header says, a truncated photo).
	Warnings []string `json:"warnings,omitempty"`
}

// RequestError is a request that cannot be rendered as given. Field names
// the parameter (as the request spells it, e.g. "image_paths[1]"), "" for
// the whole request.
type RequestError struct {
	Status int // HTTP status: 400, 403, 404, 413 or 422
	Field  string
	Msg    string
}

func (e *RequestError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// ParseRequest decodes the old service's request JSON (unknown fields are
// ignored, as the old service did) into a ServiceRequest. Syntax errors and
// values of the wrong type are *RequestError with status 400 naming the
// field.
func ParseRequest(data []byte) (project.ServiceRequest, error) {
	var r project.ServiceRequest
	if len(bytes.TrimSpace(data)) == 0 {
		return r, &RequestError{Status: http.StatusBadRequest, Msg: "empty request body: expected a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return r, decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return r, &RequestError{Status: http.StatusBadRequest, Msg: "invalid JSON: extra data after the object"}
	}
	return r, nil
}

func decodeError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &RequestError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)}
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return &RequestError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("expected a JSON object, got %s", te.Value)}
		}
		return &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("wrong type: got JSON %s, want %s", te.Value, project.JSONKind(te.Type))}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &RequestError{Status: http.StatusBadRequest, Msg: "invalid JSON: unexpected end of input"}
	}
	return &RequestError{Status: http.StatusBadRequest, Msg: "invalid JSON: " + err.Error()}
}

// BuildProject checks r and turns it into the project the old service
// would have rendered, with every media path resolved through roots (so
// confined to them). Problems are *RequestError: 400 for a missing or
// malformed parameter, 422 for a value out of range, 403/404 for media
// paths (see Roots.Resolve).
func BuildProject(r project.ServiceRequest, roots *Roots) (*project.Project, error) {
	if len(r.ImagePaths) == 0 {
		return nil, &RequestError{Status: http.StatusBadRequest, Field: "image_paths", Msg: "is missing or empty: give at least one image"}
	}
	if r.Resolution != nil && len(r.Resolution) != 2 {
		return nil, &RequestError{Status: http.StatusBadRequest, Field: "resolution",
			Msg: fmt.Sprintf("must be [width, height] (got %d numbers)", len(r.Resolution))}
	}
	if err := checkEmptyPaths(r); err != nil {
		return nil, err
	}
	p := r.Project()
	if probs := p.Validate(); len(probs) > 0 {
		pr := probs[0]
		msgs := make([]string, len(probs))
		for i, q := range probs {
			msgs[i] = project.ServiceField(q.Field) + ": " + q.Msg
		}
		msg := pr.Msg
		if len(probs) > 1 {
			msg += fmt.Sprintf(" (and %d more: %s)", len(probs)-1, strings.Join(msgs[1:], "; "))
		}
		return nil, &RequestError{Status: http.StatusUnprocessableEntity, Field: project.ServiceField(pr.Field), Msg: msg}
	}
	for i := range p.Slides {
		real, err := roots.Resolve(fmt.Sprintf("image_paths[%d]", i), p.Slides[i].Image.Path)
		if err != nil {
			return nil, err
		}
		p.Slides[i].Image.Path = real
	}
	if len(p.Soundtrack.Music) > 0 {
		real, err := roots.Resolve("audio_path", p.Soundtrack.Music[0].Path)
		if err != nil {
			return nil, err
		}
		p.Soundtrack.Music[0].Path = real
	}
	return p, nil
}

// checkEmptyPaths answers 400 for an empty media path, as for any missing
// parameter, before the range checks (which would say 422).
func checkEmptyPaths(r project.ServiceRequest) error {
	empty := func(field string) error {
		return &RequestError{Status: http.StatusBadRequest, Field: field, Msg: "is empty"}
	}
	for i, p := range r.ImagePaths {
		if strings.TrimSpace(p) == "" {
			return empty(fmt.Sprintf("image_paths[%d]", i))
		}
	}
	if r.AudioPath != nil && strings.TrimSpace(*r.AudioPath) == "" {
		return empty("audio_path")
	}
	return nil
}
