package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unicode/utf8"
)

// FormatName marks a Slidereel project file.
const FormatName = "slidereel-project"

// Version is the .project format version this code writes. Older versions
// are migrated on load; newer ones are refused.
//
//	0: the old video service's request JSON (audio_path, image_paths, fps,
//	   resolution, slide_duration, transition_duration, enable_ken_burns,
//	   zoom_factor), so its saved jobs open as projects.
//	1: the current format.
const Version = 1

// Ext is the project file extension.
const Ext = ".project"

// fileProject is the on-disk layout: format marker and version first, then
// the project's fields in their declared (stable) order.
type fileProject struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	*Project
}

// Problem is one thing wrong with a project file.
type Problem struct {
	Field string // JSON path, e.g. "slides[2].duration"; "" for the whole file
	Line  int    // 1-based; 0 when unknown
	Col   int
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d col %d: ", p.Line, p.Col)
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// LoadError reports why a project file cannot be used: the file and each
// problem with its field and, where known, line and column.
type LoadError struct {
	File     string
	Problems []Problem
	Err      error // underlying error (I/O, syntax), if any
}

func (e *LoadError) Error() string {
	if len(e.Problems) == 1 {
		return fmt.Sprintf("%s: %s", e.File, e.Problems[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems:", e.File, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

func (e *LoadError) Unwrap() error { return e.Err }

// ErrNewerVersion is wrapped by the error for a file written by a newer
// Slidereel.
var ErrNewerVersion = errors.New("written by a newer version of Slidereel")

// Load reads, migrates and validates the project file at path. Media paths
// come back resolved against the file's folder (falling back to the stored
// absolute path when the relative one is missing). Missing media is not an
// error: see MissingMedia.
func Load(path string) (*Project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{File: path, Problems: []Problem{{Msg: ioMessage(err)}}, Err: err}
	}
	return Parse(data, path)
}

func ioMessage(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "file does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse decodes project file data as if read from path (used to name the
// file in errors and to resolve relative media paths). It never panics.
// Every problem is reported with the file, the JSON field (with slide
// indices, e.g. "slides[2].duration") and, where the field is in the file,
// its line and column.
func Parse(data []byte, path string) (*Project, error) {
	fail := func(err error, probs ...Problem) (*Project, error) {
		return nil, &LoadError{File: path, Problems: probs, Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(nil, Problem{Msg: "file is empty"})
	}
	version, bad := fileVersion(data)
	if bad != nil {
		return fail(bad.err, bad.prob)
	}
	p, bad := decodeVersion(data, version)
	if bad != nil {
		return fail(bad.err, bad.prob)
	}
	if probs := p.Validate(); len(probs) > 0 {
		starts := valueStarts(jsonValues(data))
		for i := range probs {
			if version == 0 {
				probs[i].Field = ServiceField(probs[i].Field)
			}
			probs[i] = locateIn(data, starts, probs[i])
		}
		return fail(nil, probs...)
	}
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	p.resolvePaths(dir)
	if len(p.Slides) == 0 {
		p.Slides = nil
	}
	if len(p.Soundtrack.Music) == 0 {
		p.Soundtrack.Music = nil
	}
	return p, nil
}

// fileVersion reads the format marker and version: 0 for the old
// service's request (no marker, "image_paths" given), else the "version"
// of a file marked as a Slidereel project that this code can read. A
// file it cannot read comes back as a problem (and the error it wraps).
func fileVersion(data []byte) (int, *fileProblem) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return 0, &fileProblem{jsonProblem(data, err), err}
	}
	format, hasFormat := jsonString(raw["format"])
	v, hasVersion := jsonInt(raw["version"])
	problem := func(err error, field, format string, args ...any) (int, *fileProblem) {
		return 0, &fileProblem{locate(data, Problem{Field: field, Msg: fmt.Sprintf(format, args...)}), err}
	}
	switch {
	case !hasFormat && raw["format"] == nil && raw["image_paths"] != nil:
		return 0, nil // the old service's request
	case !hasFormat || format != FormatName:
		return problem(nil, "format", "not a Slidereel project (expected \"format\": %q)", FormatName)
	case !hasVersion:
		return problem(nil, "version", "missing or not a whole number")
	case v > Version:
		return problem(ErrNewerVersion, "version",
			"format version %d was written by a newer version of Slidereel; this version reads up to %d: please update Slidereel", v, Version)
	case v < 1:
		return problem(nil, "version", "invalid format version %d (versions start at 1)", v)
	}
	return v, nil
}

// fileProblem is a problem that stops Parse, with the error it wraps.
type fileProblem struct {
	prob Problem
	err  error
}

func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	return s, raw != nil && json.Unmarshal(raw, &s) == nil
}

func jsonInt(raw json.RawMessage) (int, bool) {
	var n int
	return n, raw != nil && json.Unmarshal(raw, &n) == nil
}

// decodeVersion decodes data of the given format version into a project
// (migrating version 0), or says what is wrong with it.
func decodeVersion(data []byte, version int) (*Project, *fileProblem) {
	if version == 0 {
		p, err := migrateService(data)
		switch {
		case errors.Is(err, errResolution):
			return nil, &fileProblem{locate(data, Problem{Field: "resolution", Msg: err.Error()}), nil}
		case err != nil:
			return nil, &fileProblem{jsonProblem(data, err), err}
		}
		return p, nil
	}
	p := New()
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fileProject{Project: p}); err != nil {
		return nil, &fileProblem{jsonProblem(data, err), err}
	}
	return p, nil
}

// locate fills in the line and column of the problem's field in data.
func locate(data []byte, p Problem) Problem {
	return locateIn(data, valueStarts(jsonValues(data)), p)
}

// locateIn is locate with the document's values already listed.
func locateIn(data []byte, starts map[string]int64, p Problem) Problem {
	if p.Field == "" || p.Line > 0 {
		return p
	}
	if off, ok := valueAt(starts, p.Field); ok {
		p.Line, p.Col = lineCol(data, off)
	}
	return p
}

// ServiceField names a project field the way the old service's parameters
// (ServiceRequest, format version 0) spell it, e.g. "defaults.zoom" ->
// "zoom_factor" and "slides[2].image.path" -> "image_paths[2]"; other
// fields come back unchanged.
func ServiceField(field string) string {
	switch field {
	case "output.width", "output.height":
		return "resolution"
	case "output.fps":
		return "fps"
	case "defaults.duration":
		return "slide_duration"
	case "defaults.transition.duration":
		return "transition_duration"
	case "defaults.zoom":
		return "zoom_factor"
	case "soundtrack.music[0].path":
		return "audio_path"
	}
	var i int
	if n, _ := fmt.Sscanf(field, "slides[%d].image.path", &i); n == 1 && field == fmt.Sprintf("slides[%d].image.path", i) {
		return fmt.Sprintf("image_paths[%d]", i)
	}
	return field
}

// jsonProblem turns a decoding error into a Problem with line and column
// and, for a value of the wrong type, the field's path with its indices.
func jsonProblem(data []byte, err error) Problem {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off := se.Offset // just past the offending byte
		if off > 0 && off <= int64(len(data)) && !errors.Is(err, ioErrUnexpectedEOF) && !strings.Contains(se.Error(), "unexpected end") {
			off--
		}
		l, c := lineCol(data, off)
		return Problem{Line: l, Col: c, Msg: "invalid JSON: " + se.Error()}
	case errors.As(err, &te):
		field := strings.TrimPrefix(te.Field, "Project.")
		off := te.Offset
		if v, ok := valueAround(jsonValues(data), te.Offset); ok {
			off = v.start
			if v.path != "" {
				field = v.path
			}
		}
		if field == "" {
			field = "(top level)"
		}
		l, c := lineCol(data, off)
		return Problem{Line: l, Col: c, Field: field, Msg: fmt.Sprintf("wrong type: got JSON %s, want %s", te.Value, JSONKind(te.Type))}
	}
	if errors.Is(err, ioErrUnexpectedEOF) {
		l, c := lineCol(data, int64(len(data)))
		return Problem{Line: l, Col: c, Msg: "invalid JSON: unexpected end of file"}
	}
	return Problem{Msg: err.Error()}
}

// JSONKind says in words which JSON value a Go value of type t is decoded
// from ("a number", "a whole number", "a string", "true or false", "a list", "an object"),
// by the type's kind, not its name: a Direction is a string, an FPS a
// whole number. A nil type
// (the whole document) is an object.
func JSONKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "an object"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// lineCol converts a byte offset into a 1-based line and column (in
// characters).
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1 // characters, as editors count
	return line, col
}

// ServiceRequest holds the old video service's parameters (its HTTP request
// and Redis task params). As a file it is .project format version 0, so the
// service's saved jobs open as projects. Nil fields take the defaults.
type ServiceRequest struct {
	AudioPath          *string  `json:"audio_path"`
	ImagePaths         []string `json:"image_paths"`
	FPS                *int     `json:"fps"`
	Resolution         []int    `json:"resolution"`
	SlideDuration      *float64 `json:"slide_duration"`
	TransitionDuration *float64 `json:"transition_duration"`
	EnableKenBurns     *bool    `json:"enable_ken_burns"`
	ZoomFactor         *float64 `json:"zoom_factor"`
	// Strict refuses damaged media (a sound file or photo that decodes
	// only in part) instead of rendering it with a warning.
	Strict bool `json:"strict"`
}

// Project builds the project the old service would have rendered: its
// defaults (24 fps, 1920x1080, 3 s slides, 0.5 s crossfades, Ken Burns 1.1)
// and, when an audio file is given, the video length synced to the audio
// (TimingFitAudio). Call Validate on the result before use.
func (r ServiceRequest) Project() *Project {
	p := New()
	p.AddImages(r.ImagePaths...)
	if r.FPS != nil {
		p.Output.FPS = FPS(*r.FPS)
	}
	if len(r.Resolution) == 2 {
		p.Output.Width, p.Output.Height = r.Resolution[0], r.Resolution[1]
	}
	if r.SlideDuration != nil {
		p.Defaults.Duration = *r.SlideDuration
	}
	if r.TransitionDuration != nil {
		p.Defaults.Transition.Duration = *r.TransitionDuration
	}
	if r.EnableKenBurns != nil {
		p.Defaults.KenBurns = *r.EnableKenBurns
	}
	if r.ZoomFactor != nil {
		p.Defaults.Zoom = *r.ZoomFactor
	}
	if r.AudioPath != nil && *r.AudioPath != "" {
		p.Soundtrack.Music = []MediaRef{{Path: *r.AudioPath}}
		p.Timing = TimingFitAudio
	}
	return p
}

var errResolution = errors.New("must be [width, height]")

func migrateService(data []byte) (*Project, error) {
	var r ServiceRequest
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if len(r.Resolution) != 0 && len(r.Resolution) != 2 {
		return nil, errResolution
	}
	return r.Project(), nil
}

// Marshal encodes p as a .project file to be saved at path: media paths
// relative to the file's folder, with the absolute path kept as a fallback.
func Marshal(p *Project, path string) ([]byte, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	c := p.Clone()
	c.walkMedia(func(_ string, m *MediaRef) {
		if m.Path == "" {
			return
		}
		abs := m.Path
		if !filepath.IsAbs(abs) {
			if a, err := filepath.Abs(abs); err == nil {
				abs = a
			}
		}
		// A missing file keeps its last known absolute path (see resolvePaths).
		if m.Abs == "" || exists(m.Path) {
			m.Abs = abs
		}
		if rel, err := filepath.Rel(dir, abs); err == nil {
			m.Path = filepath.ToSlash(rel)
		}
	})
	if c.Slides == nil {
		c.Slides = []Slide{}
	}
	if c.Soundtrack.Music == nil {
		c.Soundtrack.Music = []MediaRef{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&", "<" and ">" readable in captions and paths
	enc.SetIndent("", "  ")
	err = enc.Encode(fileProject{Format: FormatName, Version: Version, Project: c})
	if err != nil {
		// Non-finite numbers are the only values JSON cannot hold: name them.
		if probs := p.Validate(); len(probs) > 0 {
			msgs := make([]string, len(probs))
			for i, pr := range probs {
				msgs[i] = pr.String()
			}
			return nil, fmt.Errorf("%w (%s)", err, strings.Join(msgs, "; "))
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes p to path atomically: a temporary file in the same folder,
// fsync, rename over the old file, fsync of the folder. A crash at any
// point leaves either the old file or the new one, never a mix.
func Save(p *Project, path string) error {
	data, err := Marshal(p, path)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := WriteFileAtomic(path, data, 0o644); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

// rename is os.Rename; tests replace it to make the last step fail.
var rename = os.Rename

// WriteFileAtomic writes data to path through a temporary file in the same
// folder that is synced and then renamed over path.
//
// perm applies to a new file; an existing file keeps its permissions. If
// path is a symbolic link, the file it points to is replaced and the link
// kept.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		perm = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	step := func(what string, e error) error {
		if e != nil {
			return fmt.Errorf("%s %s: %w", what, tmp.Name(), e)
		}
		return nil
	}
	if _, err = tmp.Write(data); err != nil {
		return step("write", err)
	}
	if err = step("chmod", tmp.Chmod(perm)); err != nil {
		return err
	}
	if err = step("sync", tmp.Sync()); err != nil {
		return err
	}
	if err = step("close", tmp.Close()); err != nil {
		return err
	}
	if err = rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: makes the rename durable
		d.Close()
	}
	return nil
}

// walkMedia calls fn for every media reference with its JSON path.
func (p *Project) walkMedia(fn func(field string, m *MediaRef)) {
	for i := range p.Soundtrack.Music {
		fn(fmt.Sprintf("soundtrack.music[%d]", i), &p.Soundtrack.Music[i])
	}
	for i := range p.Slides {
		fn(fmt.Sprintf("slides[%d].image", i), &p.Slides[i].Image)
		if p.Slides[i].Narration != nil {
			fn(fmt.Sprintf("slides[%d].narration", i), p.Slides[i].Narration)
		}
	}
}

// resolvePaths turns the stored media paths into usable ones: relative
// paths are joined to dir; if that file does not exist but the stored
// absolute path does, the absolute one is used. In memory Abs is empty,
// except when neither file exists: then it keeps the stored absolute path,
// so that saving the project does not forget where the file last was.
func (p *Project) resolvePaths(dir string) {
	p.walkMedia(func(_ string, m *MediaRef) {
		if m.Path == "" {
			m.Abs = ""
			return
		}
		path := filepath.FromSlash(m.Path)
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		path = filepath.Clean(path)
		abs := filepath.FromSlash(m.Abs)
		if !filepath.IsAbs(abs) {
			abs = ""
		} else {
			abs = filepath.Clean(abs)
		}
		switch {
		case exists(path) || abs == path:
			abs = ""
		case abs != "" && exists(abs):
			path, abs = abs, ""
		}
		m.Path, m.Abs = path, abs
	})
}

func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Missing is a media file the project refers to that cannot be found.
type Missing struct {
	Field string // e.g. "slides[3].image"
	Path  string
}

// MissingMedia lists the media files that do not exist (or are folders).
// The editor offers to relink them; rendering reports them as errors.
func (p *Project) MissingMedia() []Missing {
	var out []Missing
	p.walkMedia(func(field string, m *MediaRef) {
		if m.Path != "" && !exists(m.Path) {
			out = append(out, Missing{Field: field, Path: m.Path})
		}
	})
	return out
}

// Relink looks in dir for every missing media file by its base name and
// points the project at the files it finds. It returns how many it fixed.
func (p *Project) Relink(dir string) int {
	fixed := 0
	p.walkMedia(func(_ string, m *MediaRef) {
		if m.Path == "" || exists(m.Path) {
			return
		}
		base := filepath.Base(filepath.FromSlash(strings.ReplaceAll(m.Path, `\`, "/")))
		cand := filepath.Join(dir, base)
		if exists(cand) {
			m.Path, m.Abs = cand, ""
			fixed++
		}
	})
	return fixed
}
