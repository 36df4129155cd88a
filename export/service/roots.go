package service

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Roots confines the media paths of requests and tasks to a set of folders.
// A path is accepted only if both its cleaned form and its real location
// (symlinks resolved) lie inside one of the roots.
type Roots struct {
	clean []string // the roots as given, absolute and cleaned
	real  []string // the same roots with symlinks resolved
}

// NewRoots resolves the given folders. Each must exist and be a folder.
// Relative media paths are resolved against the first one.
func NewRoots(dirs ...string) (*Roots, error) {
	if len(dirs) == 0 {
		return nil, errors.New("media roots: none given")
	}
	r := &Roots{}
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		st, err := os.Stat(real)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("media root %s: not a folder", d)
		}
		r.clean = append(r.clean, abs)
		r.real = append(r.real, real)
	}
	return r, nil
}

// Dirs returns the roots (absolute, as given).
func (r *Roots) Dirs() []string { return append([]string(nil), r.clean...) }

// within reports whether path lies inside one of roots, at a path
// separator boundary ("/media" does not contain "/media2/x").
func within(path string, roots []string) bool {
	for _, root := range roots {
		if path == root {
			return true
		}
		prefix := root
		if !strings.HasSuffix(prefix, string(filepath.Separator)) {
			prefix += string(filepath.Separator)
		}
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// Resolve returns the real path of the media file p named by field (e.g.
// "image_paths[2]"). Relative paths are taken from the first root. The
// error is a *RequestError: 403 for a path outside the roots (also through
// a symlink), 404 for a missing file, 400 for an empty path or a folder.
// The existence of files outside the roots is never revealed.
func (r *Roots) Resolve(field, p string) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field, Msg: "is empty"}
	}
	if strings.ContainsRune(p, 0) {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field, Msg: "contains a NUL byte"}
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.clean[0], abs)
	}
	abs = filepath.Clean(abs)
	outside := &RequestError{Status: http.StatusForbidden, Field: field,
		Msg: fmt.Sprintf("%s is outside the media roots", p)}
	if !within(abs, r.clean) && !within(abs, r.real) {
		return "", outside
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &RequestError{Status: http.StatusNotFound, Field: field,
				Msg: fmt.Sprintf("file %s does not exist", p)}
		}
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("cannot open %s: %v", p, unwrapPath(err))}
	}
	if !within(real, r.real) {
		return "", outside
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("cannot open %s: %v", p, unwrapPath(err))}
	}
	if !st.Mode().IsRegular() {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("%s is not a regular file", p)}
	}
	return real, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
